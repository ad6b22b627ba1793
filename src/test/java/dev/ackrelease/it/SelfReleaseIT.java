package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.ackrelease.testing.CompositeAction;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ack-release released by its own build. The release executions of pom.xml (what
 * {@code mvn -Prelease package} runs after the jar: the archive, its SHA256SUMS and the CI image
 * as an OCI layout) run here twice on the jar this build packaged, as
 * {@code mvn initialize assembly:single@release-archive checksum:files@release-checksums jib:buildTar@release-image},
 * into two directories with nothing cached: the same sources must give the same bytes. The CI
 * image's base is made here (a JRE stand-in whose {@code java} runs this machine's), pushed to a
 * local registry and named by digest, as a release names its base. Then scripts/release-build's
 * checks, and action.yml run as the Actions runner runs a composite action.
 */
class SelfReleaseIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String VERSION = System.getProperty("ack.release.version", "0.0.0-dev");
  static final Path JAR = Path.of(System.getProperty("ack.release.jar", "target/ack-release.jar")).toAbsolutePath();
  static final String ARCHIVE = "ack-release-" + VERSION + ".tar.gz";
  static final String IMAGE = "ack-release-image.tar";
  /** What the test base image's {@code java} prints on stderr before it runs this machine's. */
  static final String BASE_JAVA = "java of the test base image";
  static final String GO = "go1.26.5";

  @TempDir static Path shared;
  static RegistryServer registry;
  static String commit;
  static Instant commitTime;
  static Path goRoot;
  static Path first;
  static Path second;

  @TempDir Path tmp;

  @BeforeAll
  static void buildTheReleaseTwice() throws Exception {
    commit = git("rev-parse", "HEAD");
    commitTime = Instant.ofEpochSecond(Long.parseLong(git("log", "-1", "--format=%ct", "HEAD")));
    registry = RegistryServer.plain(shared.resolve("registry"));
    String base = pushBase();
    goRoot = fakeGo(shared.resolve("go"));
    first = release(shared.resolve("first"), base);
    second = release(shared.resolve("second"), base);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 60).assertOk().stdout().strip();
  }

  /** The CI image's base: one layer with {@code /usr/bin/java}, which says so and runs this machine's java. */
  static String pushBase() throws Exception {
    Path java = Files.writeString(shared.resolve("java"), "#!/bin/sh\necho '" + BASE_JAVA + "' >&2\nexec "
        + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
    String digest = Jib.fromScratch()
        .setCreationTime(Instant.EPOCH)
        .setEnvironment(Map.of("PATH", "/usr/bin:/bin"))
        .setFileEntriesLayers(FileEntriesLayer.builder()
            .addEntry(java, AbsoluteUnixPath.get("/usr/bin/java"), FilePermissions.fromOctalString("755")).build())
        .containerize(Containerizer.to(RegistryImage.named(registry.address() + "/base/jre:17"))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(shared.resolve("base-cache"))
            .setApplicationLayersCache(shared.resolve("base-cache")))
        .getDigest().toString();
    return registry.address() + "/base/jre@" + digest;
  }

  /** A Go installation's shape ({@code VERSION}, {@code bin/go}, a tool) whose go answers as {@value #GO}. */
  static Path fakeGo(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("pkg/tool/linux_amd64"));
    Files.writeString(root.resolve("VERSION"), GO + "\ntime 2026-12-01T00:00:00Z\n");
    Files.writeString(root.resolve("bin/go"), "#!/bin/sh\necho \"go version " + GO + " linux/amd64\"\n");
    Files.writeString(root.resolve("pkg/tool/linux_amd64/compile"), "#!/bin/sh\nexit 0\n");
    for (String program : List.of("bin/go", "pkg/tool/linux_amd64/compile")) {
      Files.setPosixFilePermissions(root.resolve(program), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return root;
  }

  /** pom.xml's release executions into {@code dir}, with caches of their own (nothing reused from the other build). */
  static Path release(Path dir, String base) {
    ProcessResult.run(List.of("mvn", "-B", "-ntp", "-q", "-Drevision=" + VERSION, "-Dack.release.dir=" + dir,
        "-Dack.image.base=" + base, "-Dack.image.go-root=" + goRoot, "-Djib.allowInsecureRegistries=true",
        "-Djib.disableUpdateChecks=true", "-Djib.applicationCache=" + dir + "-jib-app", "-Djib.baseImageCache=" + dir + "-jib-base",
        "initialize", "assembly:single@release-archive", "checksum:files@release-checksums", "jib:buildTar@release-image"),
        null, 900).assertOk();
    return dir;
  }

  // ---- The release archive.

  @Test
  void theArchiveAndItsChecksumsAreTheSameBytesFromTheSameCommit() throws IOException {
    byte[] archive = Files.readAllBytes(first.resolve(ARCHIVE));
    assertArrayEquals(archive, Files.readAllBytes(second.resolve(ARCHIVE)), "the same sources give the same archive");
    assertEquals(Hashes.sha256(archive) + " *" + ARCHIVE + "\n", Files.readString(first.resolve("SHA256SUMS")));
    assertEquals(Files.readString(first.resolve("SHA256SUMS")), Files.readString(second.resolve("SHA256SUMS")));
    ProcessResult.run(List.of("sha256sum", "-c", "--strict", "SHA256SUMS"), first.toFile(), 60).assertOk();
  }

  /** Sorted entries, owned by root, with fixed modes and the commit's time: nothing of the machine that built it. */
  @Test
  void theArchiveHoldsTheLauncherAndTheJarWithFixedModesOwnersAndTimes() throws IOException {
    String top = "ack-release-" + VERSION + "/";
    Map<String, Entry> entries = entries(new GZIPInputStream(Files.newInputStream(first.resolve(ARCHIVE))), true);
    assertEquals(List.of(top + "bin/ack-release", top + "lib/ack-release.jar"), List.copyOf(entries.keySet()));
    assertEquals(0755, entries.get(top + "bin/ack-release").mode());
    assertEquals(0644, entries.get(top + "lib/ack-release.jar").mode());
    for (Entry e : entries.values()) {
      assertEquals("0:0 root:root " + commitTime, e.uid() + ":" + e.gid() + " " + e.owner() + " " + e.time(), e.name());
    }
    assertArrayEquals(Files.readAllBytes(Path.of("scripts/ack-release")), entries.get(top + "bin/ack-release").content());
    assertArrayEquals(Files.readAllBytes(JAR), entries.get(top + "lib/ack-release.jar").content(), "the jar this build packaged");
  }

  /** Unpacked anywhere, bin/ack-release runs lib/ack-release.jar and keeps its class-data-sharing archive beside it. */
  @Test
  void theUnpackedArchiveRunsItsJarThroughItsLauncher() throws IOException {
    Path opt = Files.createDirectories(tmp.resolve("opt"));
    ProcessResult.run(List.of("tar", "-xzf", first.resolve(ARCHIVE).toString(), "-C", opt.toString()), null, 60).assertOk();
    Path home = opt.resolve("ack-release-" + VERSION);

    ProcessResult run = ProcessResult.runIsolated(List.of(home.resolve("bin/ack-release").toString(), "--version"), tmp.toFile(),
        Hermetic.env(Map.of("HOME", tmp.toString())), 300);

    assertEquals("ack-release " + VERSION + " (commit " + commit + ")", run.assertOk().stdout().lines().findFirst().orElse(""));
    assertTrue(Files.size(home.resolve("lib/ack-release.jsa")) > 0, "the launcher's class-data-sharing archive, beside the jar");
  }

  /**
   * The jar is reproducible: every entry of ack-release's own carries the commit's time (shade
   * keeps each dependency's entries as that dependency's jar has them), not the build's.
   */
  @Test
  void theJarsOwnEntriesCarryTheCommitsTime() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      List<String> own = zip.stream().filter(e -> e.getName().startsWith("dev/ackrelease/") || e.getName().startsWith("ack-release-"))
          .filter(e -> !e.isDirectory())
          .filter(e -> Math.abs(e.getLastModifiedTime().toInstant().getEpochSecond() - commitTime.getEpochSecond()) > 2)
          .map(e -> e.getName() + " " + e.getLastModifiedTime()).toList();
      assertEquals(List.of(), own, "entries whose time is not the commit's (" + commitTime + ")");
    }
  }

  // ---- The CI image.

  @Test
  void theImageHasTheSameDigestFromTheSameCommitInAnOciLayout() throws IOException {
    String digest = Files.readString(first.resolve("ack-release-image.digest")).strip();
    assertEquals(digest, Files.readString(second.resolve("ack-release-image.digest")).strip(), "a reproducible digest");
    assertArrayEquals(Files.readAllBytes(first.resolve(IMAGE)), Files.readAllBytes(second.resolve(IMAGE)));
    Map<String, Entry> layout = entries(Files.newInputStream(first.resolve(IMAGE)), false);
    assertEquals("1.0.0", JSON.readTree(layout.get("oci-layout").content()).path("imageLayoutVersion").asText());
    JsonNode index = JSON.readTree(layout.get("index.json").content());
    assertEquals(digest, index.path("manifests").get(0).path("digest").asText());
    assertEquals("sha256:" + Hashes.sha256(layout.get(blob(digest)).content()), digest, "the manifest's own digest");
  }

  /**
   * From the image's layers, unpacked: the launcher on the image's PATH runs the jar with the
   * base's java; Go is on PATH at /usr/local/go with its programs executable; the user is not
   * root; Jib's own /app (classes, dependencies) is not there.
   */
  @Test
  void theImageRunsTheJarFromItsLayersAsNonRootBesideTheGoToolchain() throws IOException {
    Map<String, Entry> layout = entries(Files.newInputStream(first.resolve(IMAGE)), false);
    String digest = Files.readString(first.resolve("ack-release-image.digest")).strip();
    JsonNode manifest = JSON.readTree(layout.get(blob(digest)).content());
    JsonNode config = JSON.readTree(layout.get(blob(manifest.path("config").path("digest").asText())).content()).path("config");
    String user = config.path("User").asText();
    assertTrue(user.matches("[1-9]\\d*:[1-9]\\d*"), "a non-root user and group: " + user);
    assertEquals(VERSION, config.path("Labels").path("org.opencontainers.image.version").asText());
    assertEquals(commit, config.path("Labels").path("org.opencontainers.image.revision").asText());
    assertEquals("/opt/ack-release/bin/ack-release", config.path("Entrypoint").get(0).asText());
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Map<String, Entry> files = new LinkedHashMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      files.putAll(entries(new GZIPInputStream(new ByteArrayInputStream(layout.get(blob(layer.path("digest").asText())).content())), true));
    }
    extract(files, rootfs);
    assertEquals(List.of(), files.keySet().stream().filter(f -> f.startsWith("app/")).toList(), "no /app layers");
    assertEquals(List.of(), files.values().stream().filter(e -> e.uid() != 0 || e.gid() != 0).map(Entry::name).toList(), "owned by root");
    assertEquals(0755, files.get("opt/ack-release/bin/ack-release").mode());
    assertEquals(0755, files.get("usr/local/go/bin/go").mode());
    assertEquals(0755, files.get("usr/local/go/pkg/tool/linux_amd64/compile").mode());
    assertEquals(0644, files.get("usr/local/go/VERSION").mode());
    assertArrayEquals(Files.readAllBytes(JAR), files.get("opt/ack-release/lib/ack-release.jar").content());
    JsonNode lastLayer = manifest.path("layers").get(manifest.path("layers").size() - 1);
    assertTrue(entries(new GZIPInputStream(new ByteArrayInputStream(layout.get(blob(lastLayer.path("digest").asText()))
        .content())), true).keySet().stream().allMatch(f -> f.startsWith("opt/ack-release/")), "ack-release alone in the last layer");

    // The image's environment, its PATH under the unpacked root (this machine's after it, for the launcher's coreutils).
    Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString()));
    config.path("Env").forEach(e -> env.put(e.asText().substring(0, e.asText().indexOf('=')), e.asText().substring(e.asText().indexOf('=') + 1)));
    env.put("PATH", List.of(env.get("PATH").split(":")).stream().map(p -> rootfs + p).collect(Collectors.joining(":"))
        + ":" + Hermetic.env(Map.of()).get("PATH"));
    ProcessResult version = ProcessResult.runIsolated(List.of("bash", rootfs + "/opt/ack-release/bin/ack-release", "--version"),
        tmp.toFile(), Hermetic.env(env), 300);
    assertEquals("ack-release " + VERSION + " (commit " + commit + ")", version.assertOk().stdout().lines().findFirst().orElse(""));
    assertTrue(version.stderr().contains(BASE_JAVA), "the base image's java ran it: " + version.stderr());
    ProcessResult go = ProcessResult.runIsolated(List.of("bash", "-c", "go version"), tmp.toFile(), Hermetic.env(env), 60);
    assertEquals("go version " + GO + " linux/amd64", go.assertOk().stdout().strip(), "the image's Go, first on its PATH");
  }

  /** Pushed as scripts/release-build --push does (skopeo, digests preserved), the registry serves the digest that was built. */
  @Test
  void theImagePushedToARegistryKeepsTheDigestItWasBuiltWith() throws Exception {
    String digest = Files.readString(first.resolve("ack-release-image.digest")).strip();
    String ref = registry.address() + "/ack-release:" + VERSION;
    ProcessResult.run(List.of("skopeo", "copy", "--quiet", "--preserve-digests", "--dest-tls-verify=false",
        "oci-archive:" + first.resolve(IMAGE), "docker://" + ref), null, 300).assertOk();

    HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.address()
            + "/v2/ack-release/manifests/" + VERSION)).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.discarding());

    assertEquals(200, head.statusCode());
    assertEquals(digest, head.headers().firstValue("Docker-Content-Digest").orElse(""));
  }

  // ---- The release profile and scripts/release-build.

  /** mvn -Prelease refuses a version that is not X.Y.Z before building anything, and takes X.Y.Z. */
  @Test
  void aReleaseBuildRefusesASnapshotVersion() {
    ProcessResult snapshot = ProcessResult.run(List.of("mvn", "-B", "-ntp", "-q", "-Prelease", "-Drevision=1.2.3-SNAPSHOT",
        "-Dack.image.go-root=" + goRoot, "validate"), null, 300);
    assertNotEquals(0, snapshot.exitCode());
    assertTrue(snapshot.stdout().contains("a release is X.Y.Z, not 1.2.3-SNAPSHOT"), snapshot.stdout());

    ProcessResult.run(List.of("mvn", "-B", "-ntp", "-q", "-Prelease", "-Drevision=1.2.3", "-Dack.image.go-root=" + goRoot, "validate"),
        null, 300).assertOk();
  }

  /** A checkout with scripts/release-build, committed: the version comes from the tag at HEAD, and every check runs before Maven. */
  @Test
  void theReleaseScriptTakesTheVersionFromTheTagAtHeadAndChecksTheGoPin() throws IOException {
    GitFixture repo = GitFixture.init(tmp.resolve("checkout"));
    repo.write("scripts/release-build", Files.readString(Path.of("scripts/release-build")));
    repo.write("scripts/lib/common.sh", Files.readString(Path.of("scripts/lib/common.sh")));
    repo.write(".test-infra/build_config.yaml", "go_version: 1.27.1\n");
    repo.write("build_config.yaml", "go_version: \"" + GO.substring(2) + "\"\n");
    repo.commit("ack-release");

    ScriptRun untagged = script(repo, "--no-image", "--dry-run");
    assertEquals(3, untagged.exitCode(), untagged.err());
    assertTrue(untagged.err().startsWith("error: HEAD has no release tag vX.Y.Z: tag it"), untagged.err());

    repo.tag("v1.2.3");
    assertEquals("mvn -B -ntp -Dstyle.color=never -Prelease package -DskipTests -Drevision=1.2.3 -Djib.skip=true",
        script(repo, "--no-image", "--dry-run").ok());
    ScriptRun other = script(repo, "--no-image", "--version", "1.2.4");
    assertEquals(2, other.exitCode(), other.err());
    assertTrue(other.err().contains("--version 1.2.4 disagrees with the tag at HEAD (v1.2.3)"), other.err());
    ScriptRun snapshot = script(repo, "--no-image", "--version", "1.2.3-SNAPSHOT");
    assertEquals(2, snapshot.exitCode(), snapshot.err());

    ScriptRun stale = script(repo, "--go-root", goRoot.toString(), "--build-config", ".test-infra/build_config.yaml");
    assertEquals(2, stale.exitCode(), stale.err());
    assertTrue(stale.err().contains("is " + GO + " but .test-infra/build_config.yaml pins go_version 1.27.1"), stale.err());
    assertTrue(script(repo, "--go-root", goRoot.toString(), "--build-config", "build_config.yaml", "--dry-run").ok()
        .contains(" -Drevision=1.2.3 -Dack.image.go-root=" + goRoot), "the pinned Go goes into the image");
    // --push: a repository gets the version as its tag; Prow's shared repository takes a tag of its own.
    assertTrue(script(repo, "--go-root", goRoot.toString(), "--dry-run", "--push", "127.0.0.1:5000/ack-release").ok()
        .endsWith(" docker://127.0.0.1:5000/ack-release:1.2.3"));
    assertTrue(script(repo, "--go-root", goRoot.toString(), "--dry-run", "--push", "127.0.0.1:5000/prow:ack-release-1.2.3").ok()
        .endsWith(" docker://127.0.0.1:5000/prow:ack-release-1.2.3"));
  }

  record ScriptRun(int exitCode, String out, String err) {
    String ok() {
      assertEquals(0, exitCode, err);
      return out.strip();
    }
  }

  static ScriptRun script(GitFixture repo, String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", repo.dir().resolve("scripts/release-build").toString()));
    cmd.addAll(List.of(args));
    ProcessResult r = ProcessResult.runIsolated(cmd, repo.dir().toFile(), Hermetic.env(Map.of("HOME", repo.dir().toString())), 60);
    return new ScriptRun(r.exitCode(), r.stdout(), r.stderr());
  }

  // ---- The GitHub Action.

  static CompositeAction action() throws IOException {
    return new CompositeAction(Path.of("action.yml"));
  }

  /** action.yml as GitHub reads a composite action: each run step names its shell, each action it uses is pinned to a major version. */
  @Test
  void theActionIsACompositeActionWithPinnedActionsAndAShellPerStep() throws IOException {
    JsonNode a = action().definition();
    assertEquals("composite", a.path("runs").path("using").asText());
    assertFalse(a.path("description").asText().isBlank());
    for (JsonNode step : a.path("runs").path("steps")) {
      assertTrue(step.has("uses") ^ step.has("run"), step.toString());
      if (step.has("run")) {
        assertEquals("bash", step.path("shell").asText(), "a composite run step names its shell: " + step);
      } else {
        assertTrue(step.get("uses").asText().matches("[\\w-]+/[\\w-]+@v\\d+"), step.toString());
      }
    }
    a.path("inputs").properties().forEach(i -> assertFalse(i.getValue().path("description").asText().isBlank(), i.getKey()));
  }

  /** The release as GitHub serves its assets: {@code <download-url>/vX.Y.Z/<asset>}. */
  Path downloads(Path build) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("releases/download/v" + VERSION));
    Files.copy(build.resolve(ARCHIVE), dir.resolve(ARCHIVE));
    Files.copy(build.resolve("SHA256SUMS"), dir.resolve("SHA256SUMS"));
    return dir;
  }

  CompositeAction.Run runAction(String ref, Map<String, String> inputs, Path runner, CompositeAction.Cache cache) throws IOException {
    Map<String, String> with = new HashMap<>(Map.of("download-url", tmp.resolve("releases/download").toUri().toString()));
    with.putAll(inputs);
    return action().run(with, Map.of("action_ref", ref, "action_repository", "aws-controllers-k8s/ack-release"),
        Map.of("HOME", tmp.toString(), "ACK_RELEASE_CDS", "off"), Files.createDirectories(runner), cache);
  }

  /**
   * {@code uses: aws-controllers-k8s/ack-release@vX.Y.Z} with a command: that version downloaded,
   * checked, unpacked into the tool cache, on PATH, and the command run (its variables expanded,
   * as on a shell line); the next job restores it from the cache and downloads nothing.
   */
  @Test
  void theActionInstallsTheVersionOfItsTagRunsTheCommandAndCachesIt() throws IOException {
    Path assets = downloads(first);
    CompositeAction.Cache cache = new CompositeAction.Cache(Files.createDirectories(tmp.resolve("cache")));
    Map<String, String> command = Map.of("command", "--version > \"$RUNNER_TEMP/version.txt\"");
    String expected = "ack-release " + VERSION + " (commit " + commit + ")";

    CompositeAction.Run run = runAction("v" + VERSION, command, tmp.resolve("runner-1"), cache);

    assertTrue(run.ok(), run.failedStderr());
    Path installed = tmp.resolve("runner-1/tool-cache/ack-release/" + VERSION);
    assertEquals(Map.of("version", VERSION, "path", installed.toString()), run.outputs());
    assertEquals(List.of(installed.resolve("bin").toString()), run.path(), "on PATH for the job's later steps");
    assertEquals(expected, Files.readAllLines(tmp.resolve("runner-1/temp/version.txt")).get(0));
    assertTrue(cache.has("ack-release-" + VERSION + "-Linux-java" + System.getProperty("java.runtime.version")), "saved after the job");

    for (Path asset : List.of(assets.resolve(ARCHIVE), assets.resolve("SHA256SUMS"))) {
      Files.delete(asset);
    }
    CompositeAction.Run next = runAction("v" + VERSION, command, tmp.resolve("runner-2"), cache);
    assertTrue(next.ok(), "restored from the cache, nothing downloaded: " + next.failedStderr());
    assertEquals(expected, Files.readAllLines(tmp.resolve("runner-2/temp/version.txt")).get(0));
  }

  /** An archive that is not the one SHA256SUMS names: the install step fails, nothing is unpacked, the command does not run. */
  @Test
  void theActionRefusesATamperedArchiveAndInstallsNothing() throws IOException {
    Path archive = downloads(first).resolve(ARCHIVE);
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length / 2] ^= 1;
    Files.write(archive, bytes);

    CompositeAction.Run run = runAction("v" + VERSION, Map.of("command", "--version > \"$RUNNER_TEMP/version.txt\""),
        tmp.resolve("runner"), new CompositeAction.Cache(tmp));

    assertEquals(2, run.failedStep(), "the install step");
    assertTrue(run.failedStderr().contains(ARCHIVE + " does not match its SHA256SUMS line"), run.failedStderr());
    assertFalse(Files.exists(tmp.resolve("runner/tool-cache/ack-release/" + VERSION)), "nothing unpacked");
    assertFalse(Files.exists(tmp.resolve("runner/temp/version.txt")), "the command did not run");
  }

  /** {@code uses: ...@main} names no version: refused before any download, with the fix; {@code with: version} then installs it. */
  @Test
  void theActionOnABranchRefNeedsAVersion() throws IOException {
    downloads(first);

    CompositeAction.Run run = runAction("main", Map.of(), tmp.resolve("runner-1"), new CompositeAction.Cache(tmp));

    assertEquals(0, run.failedStep());
    assertTrue(run.failedStderr().contains("the action ref 'main' is not a release tag vX.Y.Z: pin the action to one (uses: ...@vX.Y.Z)"
        + " or set with: version: X.Y.Z"), run.failedStderr());
    CompositeAction.Run pinned = runAction("main", Map.of("version", VERSION), tmp.resolve("runner-2"), new CompositeAction.Cache(tmp));
    assertTrue(pinned.ok(), pinned.failedStderr());
    assertTrue(pinned.stdout().get(3).startsWith("ack-release " + VERSION + " "), "the install prints the version: " + pinned.stdout());
  }

  // ---- Tar and OCI layout reading.

  record Entry(String name, int mode, long uid, long gid, String owner, Instant time, byte[] content) {}

  static String blob(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  /** A tar's entries by name (regular files only, or everything), in the tar's order. */
  static Map<String, Entry> entries(InputStream in, boolean filesOnly) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (filesOnly && !e.isFile()) {
          continue;
        }
        entries.put(e.getName(), new Entry(e.getName(), e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
            e.getUserName() + ":" + e.getGroupName(), e.getModTime().toInstant(), tar.readAllBytes()));
      }
    }
    return entries;
  }

  static void extract(Map<String, Entry> files, Path root) throws IOException {
    for (Entry e : files.values()) {
      Path f = root.resolve(e.name());
      Files.createDirectories(f.getParent());
      Files.write(f, e.content());
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(rwx(e.mode())));
    }
  }

  static String rwx(int mode) {
    StringBuilder s = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return s.toString();
  }
}
