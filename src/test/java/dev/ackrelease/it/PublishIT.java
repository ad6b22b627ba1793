package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.cli.Cli;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.registry.CredentialSources;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.EcrPublicStub;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.HelmProcess;
import dev.ackrelease.testing.OutputSchema;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole release against real parts: the shaded jar, Debian's docker-registry, Go, Jib,
 * skopeo and Helm as independent readers. Each test uses its own service, so its repositories
 * in the shared registry are its own.
 */
class PublishIT {

  static final ObjectMapper JSON = new ObjectMapper();

  /** ACK's eks_distro_version pin; a stand-in base image with this tag lives in the test registry. */
  static final String EKS_TAG = "2026-08-18-1787079689.2023";
  static final String BASE_REPOSITORY = "ack/eks-distro-minimal-base-nonroot";

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;
  static String goVersion;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
    BaseImages.push(registry, shared.resolve("base"), BASE_REPOSITORY, EKS_TAG, "eks-distro stand-in\n");
    goVersion = ProcessResult.run(List.of("go", "env", "GOVERSION"), null, 60).assertOk().stdout().strip();
  }

  /** A build_config.yaml as ACK's test-infra has it. */
  Path buildConfig(String goVersion, String eksDistroVersion) throws Exception {
    return Files.writeString(tmp.resolve("build_config.yaml"), "go_version: " + goVersion + "\neks_distro_version: "
        + eksDistroVersion + "\n");
  }

  /** The pins of this machine: the local Go and the stand-in base's tag. */
  Path localPins() throws Exception {
    return buildConfig(goVersion.substring(2), EKS_TAG);
  }

  static String baseRepository() {
    return registry.address() + "/" + BASE_REPOSITORY;
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  /** A sample controller with its release commit merged and tagged, as ACK's flow leaves it. */
  GitFixture released(String service, String version, String imageRegistry) {
    GitFixture repo = SampleController.create(tmp, service);
    prepareAndTag(repo, service, version, imageRegistry);
    return repo;
  }

  static void prepareAndTag(GitFixture repo, String service, String version, String imageRegistry) {
    CliRun prepare = Cli.run("prepare", version, "--service", service, "--controller-dir", repo.dir().toString(),
        "--image-repository", imageRegistry + "/" + service + "-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-" + version);
    CliRun tag = Cli.run("tag", version, "--controller-dir", repo.dir().toString(), "--quiet");
    assertEquals(0, tag.exitCode(), tag::toString);
  }

  static CliRun publish(GitFixture repo, Map<String, String> env, String... extra) {
    return Jar.run(home, env, publishArgs(repo.dir(), cache, extra));
  }

  /** publish's arguments against the test registry; {@code --base-image scratch} unless extra names a base. */
  static String[] publishArgs(Path dir, Path cacheDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", dir.toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--cache-dir", cacheDir.toString()));
    if (!List.of(extra).contains("--base-image")) {
      args.addAll(List.of("--base-image", "scratch"));
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static CliRun publish(GitFixture repo, String... extra) {
    return publish(repo, Map.of(), extra);
  }

  static String skopeo(String... args) {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 120).assertOk().stdout();
  }

  static JsonNode rows(CliRun run) {
    return run.json().get("artifacts");
  }

  static List<String> actions(CliRun run) {
    List<String> actions = new ArrayList<>();
    rows(run).forEach(r -> actions.add(r.get("kind").asText() + ": " + r.get("action").asText()));
    return actions;
  }

  @Test
  void releaseFromATagPublishesTheImageAckWouldShipAndItsChart() throws Exception {
    GitFixture repo = released("s3", "v0.1.0", ns());
    Path report = tmp.resolve("report.json");
    int requestsBefore = registry.requests().size();

    // No --version-package: the module's own pkg/version is stamped. The base is ACK's pin from the build config.
    CliRun run = publish(repo, "--output", "json", "--report", report.toString(), "--base-image", baseRepository(),
        "--build-config", localPins().toString());

    List<String> requests = registry.requests().subList(requestsBefore, registry.requests().size());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(run));
    assertTrue(run.json().get("verified").asBoolean());
    assertEquals(run.json(), JSON.readTree(report.toFile()), "--report holds the same summary");
    String indexDigest = rows(run).get(0).get("digest").asText();

    // The base tag was looked up once, and every platform was built from that one index.
    String baseRef = baseRepository() + ":" + EKS_TAG;
    String baseDigest = skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + baseRef).strip();
    JsonNode build = run.json().get("build");
    assertEquals(baseRef, build.get("baseImage").asText());
    assertEquals(baseDigest, build.get("baseImageDigest").asText());
    assertEquals(goVersion, build.get("goVersion").asText());
    assertEquals(1, requests.stream().filter(r -> r.endsWith("/v2/" + BASE_REPOSITORY + "/manifests/" + EKS_TAG)).count(),
        requests.toString());
    assertTrue(run.err().contains("base image " + baseRef + " is " + baseDigest), run.err());

    // skopeo, an independent client, reads an OCI index with both platforms and no variant.
    String image = "docker://" + ns() + "/s3-controller:0.1.0";
    JsonNode index = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--raw", image));
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
    List<String> platforms = new ArrayList<>();
    index.get("manifests").forEach(m -> {
      platforms.add(m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText());
      assertFalse(m.get("platform").has("variant"), "no arm variant");
    });
    assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
    assertEquals(indexDigest, skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", image).strip());

    // The config ACK's Dockerfile makes: USER 1000, the entrypoint, and its labels.
    for (String arch : List.of("amd64", "arm64")) {
      JsonNode config = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--override-arch", arch, "--config", image))
          .get("config");
      assertEquals("1000", config.get("User").asText());
      assertEquals("[\"/bin/controller\"]", config.get("Entrypoint").toString());
      JsonNode labels = config.get("Labels");
      assertEquals(baseRepository(), labels.get("org.opencontainers.image.base.name").asText(), "without tag or digest");
      assertEquals(baseDigest, labels.get("org.opencontainers.image.base.digest").asText(), "the base index the tag named");
      assertEquals("https://github.com/aws-controllers-k8s/s3-controller", labels.get("org.opencontainers.image.source").asText());
      assertEquals("0.1.0", labels.get("org.opencontainers.image.version").asText());
      assertEquals(repo.head(), labels.get("org.opencontainers.image.revision").asText());
      assertEquals(commitTime(repo).toString(), labels.get("org.opencontainers.image.created").asText());
      assertEquals("sample", labels.get("org.example.base").asText(), "the base's own labels stay");
    }

    // The amd64 image, copied out of the registry: /bin/ holds the controller, LICENSE and ATTRIBUTION.md,
    // and the controller runs here and prints the version ACK stamps: no v, the full commit, the commit time.
    Path copy = tmp.resolve("amd64");
    skopeo("copy", "--src-tls-verify=false", "--override-arch", "amd64", image, "dir:" + copy);
    JsonNode manifest = JSON.readTree(copy.resolve("manifest.json").toFile());
    JsonNode layers = manifest.get("layers");
    assertEquals(2, layers.size(), "the base layer and the controller layer");
    String layer = layers.get(layers.size() - 1).get("digest").asText().substring("sha256:".length());
    Path root = Files.createDirectories(tmp.resolve("rootfs"));
    ProcessResult.run(List.of("tar", "-xzf", copy.resolve(layer).toString(), "-C", root.toString()), null, 60).assertOk();
    assertEquals(Files.readString(SampleController.MODULE.resolve("LICENSE")), Files.readString(root.resolve("bin/LICENSE")));
    assertEquals(Files.readString(SampleController.MODULE.resolve("ATTRIBUTION.md")), Files.readString(root.resolve("bin/ATTRIBUTION.md")));
    String printed = ProcessResult.run(List.of(root.resolve("bin/controller").toString()), null, 30).assertOk().stdout();
    String buildDate = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC).format(commitTime(repo));
    assertEquals("version=0.1.0 commit=" + repo.head() + " buildDate=" + buildDate, printed.lines().findFirst().orElseThrow());

    // Helm pulls the chart by its OCI ref and renders the deployment with the pushed image.
    String rendered = HelmProcess.templatePlainHttp("oci://" + ns() + "/s3-chart", "0.1.0", Files.createDirectories(tmp.resolve("helm")));
    assertTrue(rendered.contains("image: \"" + ns() + "/s3-controller:0.1.0\"") || rendered.contains("image: " + ns() + "/s3-controller:0.1.0"),
        rendered);

    // Every directory the run made in its cache (two levels down) is one CacheLayout checks before a run writes there.
    try (Stream<Path> made = Files.walk(cache, 2)) {
      List<String> unchecked = made.filter(Files::isDirectory).map(p -> cache.relativize(p).toString())
          .filter(d -> !d.isEmpty() && !d.startsWith(CacheLayout.WORK + "/") && !CacheLayout.directories().contains(d)).toList();
      assertEquals(List.of(), unchecked, "directories of the cache that CacheLayout does not name");
    }

    // verify, as its own command, agrees; its --report (one service) is the document of --output json.
    Path verified = tmp.resolve("verified.json");
    CliRun verify = Jar.run(home, Map.of(), "verify", "--service", "s3", "v0.1.0", "--registry", ns(),
        "--insecure-registry", registry.address(), "--report", verified.toString(), "--output", "json");
    assertEquals(0, verify.exitCode(), verify::toString);
    assertEquals(verify.json(), OutputSchema.valid(JSON.readTree(Files.readString(verified))), "the report is stdout's document");
    assertEquals(List.of("verified", "verified"), verify.json().get("artifacts").findValuesAsText("action"));
  }

  static Instant commitTime(GitFixture repo) {
    return Instant.ofEpochSecond(Long.parseLong(repo.git("show", "-s", "--format=%ct", "HEAD")));
  }

  @Test
  void twoClonesThatDifferInEverythingButTheCommitPublishTheSameDigests() throws Exception {
    GitFixture upstream = released("sagemaker", "v0.1.0", ns());
    String url = upstream.dir().toUri().toString();

    // A maintainer's clone: an origin remote, umask 022, UTC, its own HOME and cache.
    Path maintainer = tmp.resolve("maintainer/sagemaker-controller");
    sh(tmp, "022", "git clone -q --branch v0.1.0 '" + url + "' '" + maintainer + "' 2>/dev/null");
    sh(maintainer, "022", "git remote set-url origin git@github.com:a-maintainer/sagemaker-controller.git");
    Path homeA = Files.createDirectories(tmp.resolve("home-a"));
    CliRun first = Jar.run(homeA, Map.of("TZ", "UTC", "LANG", "C.UTF-8"),
        publishArgs(maintainer, tmp.resolve("cache-a"), "--service", "sagemaker", "--output", "json"));
    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(first));

    // A Prow-style clone (clonerefs: git init, fetch, branch --force, no remote) in another path and
    // directory name, umask 077, another time zone and locale, files with other mtimes, a cold cache.
    Path prow = Files.createDirectories(tmp.resolve("prow/go/src/github.com/aws-controllers-k8s/checkout"));
    sh(prow, "077", "git init -q && git fetch -q '" + url + "' --tags && git fetch -q '" + url + "' v0.1.0"
        + " && git checkout -q FETCH_HEAD && git branch --force v0.1.0 FETCH_HEAD 2>/dev/null && git checkout -q v0.1.0 2>/dev/null"
        + " && find . -path ./.git -prune -o -type f -exec touch -d '2001-02-03 04:05:06' {} +");
    assertEquals("", sh(prow, "077", "git remote").strip(), "Prow clones have no remote");
    Path homeB = Files.createDirectories(tmp.resolve("home-b"));
    CliRun second = Jar.run(homeB, Map.of("TZ", "Asia/Tokyo", "LANG", "de_DE.UTF-8", "LC_ALL", "de_DE.UTF-8"),
        publishArgs(prow, tmp.resolve("cache-b"), "--service", "sagemaker", "--output", "json"));

    assertEquals(0, second.exitCode(), second::toString);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(second));
    assertEquals(rows(first).get(0).get("digest"), rows(second).get(0).get("digest"), "the same image index");
    assertEquals(rows(first).get(1).get("digest"), rows(second).get(1).get("digest"), "the same chart");
    assertTrue(second.err().contains("already published"), second.err());
  }

  /** Runs a shell command in {@code dir} under {@code umask}; returns its stdout. */
  static String sh(Path dir, String umask, String command) {
    return ProcessResult.run(List.of("sh", "-c", "umask " + umask + " && " + command), dir.toFile(),
        Map.of("GIT_CONFIG_NOSYSTEM", "1", "HOME", home.toString()), 120).assertOk().stdout();
  }

  @Test
  void aVersionPackageWithoutGitVersionStopsBeforeAnyBuildOrPush() throws Exception {
    GitFixture repo = SampleController.create(tmp, "mq");
    repo.write("pkg/version/version.go", "package version\n\nvar (\n\tGitCommit string\n\tBuildDate string\n)\n");
    repo.write("cmd/controller/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + SampleController.modulePath("mq")
        + "/pkg/version\"\n)\n\nfunc main() { fmt.Println(version.GitCommit, version.BuildDate) }\n");
    repo.commit("A version package without GitVersion");
    prepareAndTag(repo, "mq", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo, "--verbose");

    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("the version package " + SampleController.modulePath("mq") + "/pkg/version declares no GitVersion"),
        run.errorLine());
    assertTrue(run.errorLine().contains("--version-package"), run.errorLine());
    assertFalse(run.err().contains("building ./cmd/controller"), "nothing was built");
    assertEquals(before, registry.storageSnapshot(), "nothing was pushed");
  }

  @Test
  void aGoVersionPinNewerThanTheLocalGoStopsBeforeAnythingRuns() throws Exception {
    GitFixture repo = released("emr", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo, "--build-config", buildConfig("1.26.5", EKS_TAG).toString(), "--verbose");

    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("pins go_version 1.26.5") && run.errorLine().contains("is " + goVersion), run.errorLine());
    assertTrue(run.errorLine().contains("GOTOOLCHAIN=go1.26.5"), run.errorLine());
    assertFalse(run.err().contains("building "), "nothing was built");
    assertEquals(before, registry.storageSnapshot(), "nothing was pushed");
  }

  @Test
  void eksDistroVersionTagsTheBaseImageAndADryRunShowsIt() throws Exception {
    GitFixture repo = released("pipes", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun dry = publish(repo, "--dry-run", "--output", "json", "--base-image", baseRepository(), "--build-config",
        localPins().toString());

    assertEquals(0, dry.exitCode(), dry::toString);
    assertTrue(dry.err().contains("base image " + baseRepository() + ":" + EKS_TAG + " is sha256:"), dry.err());
    assertEquals(baseRepository() + ":" + EKS_TAG, dry.json().get("build").get("baseImage").asText());
    assertEquals(List.of("image: would push", "chart: would push"), actions(dry));
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aDynamicallyLinkedBinaryIsRefused() throws Exception {
    GitFixture repo = released("mwaa", "v0.1.0", ns());
    Path dynamic = tmp.resolve("dynamic-controller");
    ProcessResult.run(List.of("go", "build", "-o", dynamic.toString(), "./cmd/controller"), repo.dir().toFile(),
        Map.of("CGO_ENABLED", "1", "GOPROXY", "off", "GOFLAGS", "-buildvcs=false", "GOCACHE", Jar.GO_CACHE.toString()), 300)
        .assertOk();
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo, "--platforms", "linux/amd64", "--binary", "linux/amd64=" + dynamic);

    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("is dynamically linked") && run.errorLine().contains("CGO_ENABLED=0"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aNoOpReRunIsDecidedFromTheRegistryInOneRequestPerArtifactAndBuildsNothing() throws Exception {
    GitFixture repo = released("kafka", "v0.1.0", ns());
    // A Go installation whose go logs every run: GOROOT/bin/go and GOROOT/VERSION, as a real one.
    Path goroot = Files.createDirectories(tmp.resolve("goroot/bin"));
    Path goLog = tmp.resolve("go-runs.log");
    Path realGo = Path.of(ProcessResult.run(List.of("go", "env", "GOROOT"), null, 30).assertOk().stdout().strip(), "bin", "go");
    Files.writeString(goroot.resolve("go"), "#!/bin/sh\necho \"$*\" >> " + goLog + "\nexec " + realGo + " \"$@\"\n");
    goroot.resolve("go").toFile().setExecutable(true);
    Files.copy(realGo.getParent().getParent().resolve("VERSION"), goroot.getParent().resolve("VERSION"));
    String go = goroot.resolve("go").toString();
    CliRun first = publish(repo, "--go", go, "--output", "json");
    assertEquals(0, first.exitCode(), first::toString);
    assertTrue(Files.readString(goLog).contains("build"), "the first run built the controller with this go");
    String runsBefore = Files.readString(goLog);
    int before = registry.requests().size();
    Path coldCache = tmp.resolve("cold-cache");

    CliRun again = Jar.run(home, Map.of(), publishArgs(repo.dir(), coldCache, "--go", go, "--output", "json", "--verbose"));

    List<String> requests = registry.requests().subList(before, registry.requests().size());
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(again));
    assertTrue(again.json().get("verified").asBoolean());
    assertEquals(rows(first).get(0).get("digest"), rows(again).get(0).get("digest"));
    // Built nothing: no go process at all, no Jib (its caches and the image layout were never made).
    assertEquals(runsBefore, Files.readString(goLog), "no go process ran");
    for (String built : List.of("go", "jib-base", "jib-application")) {
      assertFalse(Files.exists(coldCache.resolve(built)), built + " was made: something was built");
    }
    assertFalse(again.err().contains("building image for"), again::toString);
    // The run's own work directory is gone with it.
    try (var left = Files.list(coldCache.resolve("work"))) {
      assertEquals(List.of(), left.toList());
    }
    // One GET /v2/ settles the scheme of the registry named insecure (RegistryPingConformanceTest);
    // one request per artifact decides (its tag, read once); verify reads each platform's manifest
    // and config and the chart's content once, and nothing twice: 8 requests in all.
    String image = "/v2/ack/kafka-controller/";
    String chart = "/v2/ack/kafka-chart/";
    assertEquals(List.of("GET " + image + "manifests/0.1.0"), requests.stream().filter(r -> r.contains(image + "manifests/0.1.0")).toList());
    assertEquals(List.of("GET " + chart + "manifests/0.1.0"), requests.stream().filter(r -> r.contains(chart + "manifests/0.1.0")).toList());
    assertEquals("GET /v2/", requests.get(0), requests.toString());
    assertEquals(8, requests.size(), requests.toString());
    assertEquals(requests.size(), new HashSet<>(requests).size(), "nothing is read twice: " + requests);
  }

  @Test
  void theSameRunTwicePushesNothingTheSecondTime() throws Exception {
    GitFixture repo = released("sns", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    Map<String, String> before = registry.storageSnapshot();

    CliRun again = publish(repo, "--output", "json");

    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(again));
    rows(again).forEach(r -> assertEquals(0, r.get("bytes").asLong()));
    assertEquals(before, registry.storageSnapshot(), "the registry is byte-for-byte unchanged");
  }

  @Test
  void dryRunComputesDigestsAndLeavesTheRegistryUnchanged() throws Exception {
    GitFixture repo = released("rds", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    Path layout = tmp.resolve("scan-me");
    Path precious = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    CliRun refused = publish(repo, "--dry-run", "--oci-layout", precious.toString());
    assertEquals(2, refused.exitCode(), refused::toString);
    assertEquals(List.of(precious.resolve("notes.txt")), Files.list(precious).toList(), "a directory that is not a layout is left alone");

    CliRun dry = publish(repo, "--dry-run", "--output", "json", "--oci-layout", layout.toString());

    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals(List.of("image: would push", "chart: would push"), actions(dry));
    rows(dry).forEach(r -> assertTrue(r.get("digest").asText().startsWith("sha256:"), r.toString()));
    assertEquals(before, registry.storageSnapshot());
    // The built image is there to inspect or scan before anything is pushed (as ko's --oci-layout-path).
    String raw = skopeo("inspect", "--raw", "oci:" + layout + ":0.1.0");
    assertEquals(rows(dry).get(0).get("digest").asText(), "sha256:" + Hashes.sha256(
        raw.getBytes(StandardCharsets.UTF_8)));

    // The digest the dry run computed is the one a real run pushes: the build is reproducible.
    CliRun real = publish(repo, "--output", "json");
    assertEquals(0, real.exitCode(), real::toString);
    assertEquals(rows(dry).get(0).get("digest"), rows(real).get(0).get("digest"));
  }

  @Test
  void aDifferentBuildUnderAReleasedTagIsRefusedAndTheRegistryKeepsTheRelease() throws Exception {
    GitFixture repo = released("ecr", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    Map<String, String> before = registry.storageSnapshot();
    // Someone moves the release tag onto a commit that differs by one byte.
    repo.write("cmd/controller/main.go", Files.readString(repo.dir().resolve("cmd/controller/main.go")) + "\n");
    repo.commit("One more byte");
    repo.git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0");

    CliRun run = publish(repo);

    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("refusing to overwrite " + ns() + "/ecr-controller:0.1.0"), run.errorLine());
    assertTrue(run.errorLine().matches(".*has sha256:[0-9a-f]{64} but this build is sha256:[0-9a-f]{64}.*"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aRunThatDiedBeforeTheChartFinishesOnReRun() throws Exception {
    GitFixture repo = released("dynamodb", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    skopeo("delete", "--tls-verify=false", "docker://" + ns() + "/dynamodb-chart:0.1.0");

    CliRun rerun = publish(repo, "--output", "json");

    assertEquals(0, rerun.exitCode(), rerun::toString);
    assertEquals(List.of("image: unchanged", "chart: pushed"), actions(rerun));
    assertTrue(rerun.json().get("verified").asBoolean());
  }

  @Test
  void theStableBranchPublishesOnlyTheMovingStableChart() throws Exception {
    GitFixture repo = released("iam", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs after the release\n");
    repo.commit("Docs");

    CliRun run = publish(repo, "--output", "json");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("stable", run.json().get("mode").asText());
    assertEquals(List.of("chart: pushed"), actions(run));
    assertEquals(ns() + "/iam-chart:v0-stable", rows(run).get(0).get("ref").asText());
    String rendered = HelmProcess.templatePlainHttp("oci://" + ns() + "/iam-chart", "v0-stable", Files.createDirectories(tmp.resolve("helm")));
    assertTrue(rendered.contains(ns() + "/iam-controller:0.1.0"), "the stable chart deploys the real release image");
    CliRun verify = Jar.run(home, Map.of(), "verify", "--service", "iam", "v0.1.0", "--stable", "--registry", ns(),
        "--insecure-registry", registry.address());
    assertEquals(0, verify.exitCode(), verify::toString);

    // A CI push of stable onto the release commit itself is a stable publish too.
    repo.git("checkout", "-q", "--detach", "v0.1.0");
    CliRun ci = publish(repo, Map.of("PULL_BASE_REF", "stable"), "--output", "json");
    assertEquals(0, ci.exitCode(), ci::toString);
    assertEquals("stable", ci.json().get("mode").asText());
  }

  @Test
  void aFailedRunInJsonModePrintsOneDocumentWithTheRowsSoFar() throws Exception {
    GitFixture repo = released("ses", "v0.1.0", ns());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    Path report = tmp.resolve("failed.json");

    CliRun run = publish(repo, "--output", "json", "--report", report.toString());

    assertEquals(5, run.exitCode(), run::toString);
    JsonNode doc = run.json(); // fails unless stdout is exactly one JSON value
    assertFalse(doc.get("ok").asBoolean());
    assertEquals(5, doc.get("exitCode").asInt());
    assertEquals("stable", doc.get("publish").get("mode").asText());
    JsonNode written = JSON.readTree(report.toFile());
    assertFalse(written.get("ok").asBoolean());
    assertTrue(written.get("errors").get(0).asText().contains(ns() + "/ses-controller:0.1.0"), written.toString());
  }

  @Test
  void stableWithoutThePublishedImageFailsVerificationAndPushesNothing() throws Exception {
    GitFixture repo = released("ec2", "v0.1.0", ns());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains(ns() + "/ec2-controller:0.1.0"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void mainWithoutAReleaseTagHasNothingToPublish() {
    GitFixture repo = released("kms", "v0.1.0", ns());
    repo.write("README.md", "work after the release\n");
    repo.commit("Work");

    CliRun run = publish(repo);

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("nothing to publish"), run::toString);
  }

  @Test
  void artifactsThatDisagreeWithTheTagFailBeforeAnythingIsBuilt() throws Exception {
    GitFixture repo = released("sqs", "v0.1.0", "public.ecr.aws/aws-controllers-k8s");
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("helm/values.yaml:"), run.errorLine());
    assertTrue(run.errorLine().contains("want " + ns() + "/sqs-controller"), run.errorLine());
    assertFalse(run.err().contains("go build"), "nothing was built");
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aGoBuildFailureIsExit6WithTheCompilerOutput() throws Exception {
    GitFixture repo = SampleController.create(tmp, "eks");
    repo.write("cmd/controller/main.go", "package main\n\nfunc main() { undefinedCall() }\n");
    repo.commit("Broken");
    prepareAndTag(repo, "eks", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("undefinedCall"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void wrongCredentialsAreExit4WithoutTheSecretAndRightOnesPublishOverVerifiedTls() throws Exception {
    try (RegistryServer auth = RegistryServer.tlsWithAuth(tmp.resolve("auth-registry"), "releaser", "correct-horse-battery")) {
      String authNs = auth.address() + "/ack";
      GitFixture repo = released("sfn", "v0.1.0", authNs);
      String ca = auth.caFile().orElseThrow().toString();
      List<String> args = List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", authNs,
          "--registry-ca", ca, "--base-image", "scratch", "--cache-dir", cache.toString());

      CliRun wrong = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "wrong-password-123"), args.toArray(String[]::new));
      assertEquals(4, wrong.exitCode(), wrong::toString);
      assertTrue(wrong.errorLine().contains("authentication to " + auth.address() + " failed"), wrong.errorLine());
      assertTrue(wrong.errorLine().contains(CredentialSources.ENV), "names where the credentials came from");
      assertFalse(wrong.out().contains("wrong-password-123") || wrong.err().contains("wrong-password-123"));

      CliRun noCa = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "correct-horse-battery"), args.stream().filter(a -> !a.equals("--registry-ca") && !a.equals(ca))
          .toArray(String[]::new));
      assertEquals(4, noCa.exitCode(), noCa::toString);
      assertTrue(noCa.errorLine().contains("--registry-ca"), noCa.errorLine());

      CliRun right = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "correct-horse-battery"), args.toArray(String[]::new));
      assertEquals(0, right.exitCode(), right::toString);
      assertFalse(right.out().contains("correct-horse-battery") || right.err().contains("correct-horse-battery"));
    }
  }

  @Test
  void ecrPublicTokenFromTheRealSdkOpensTheRegistryAndMissingRepositoriesAreCreated() throws Exception {
    try (RegistryServer auth = RegistryServer.tlsWithAuth(tmp.resolve("ecr-registry"), "AWS", "ecr-token-secret-4711");
         EcrPublicStub ecr = new EcrPublicStub()) {
      ecr.token("AWS", "ecr-token-secret-4711", Instant.now().plusSeconds(43_200));
      ecr.repository("acm-controller", false);
      ecr.repository("acm-chart", true);
      String ecrNs = auth.address() + "/aws-controllers-k8s";
      GitFixture repo = released("acm", "v0.1.0", ecrNs);

      CliRun run = Jar.run(home, Map.of(
              "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", ecr.endpoint().toString(),
              "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", auth.address(),
              "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
              "AWS_REGION", "eu-west-1"),
          "publish", "--controller-dir", repo.dir().toString(), "--registry", ecrNs, "--registry-ca",
          auth.caFile().orElseThrow().toString(), "--base-image", "scratch", "--cache-dir", cache.toString(), "--output", "json");

      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of("image: pushed", "chart: pushed"), actions(run));
      ecr.server().verify(1, EcrPublicStub.requested("CreateRepository"));
      assertFalse(run.out().contains("ecr-token-secret-4711") || run.err().contains("ecr-token-secret-4711"));
      assertFalse(run.err().contains("wJalrXUtnFEMI"), "no AWS secret in the output");
    }
  }

  @Test
  void ecrPublicsTokenLoginPublishesAndVerifiesAndAnExpiredTokenIsRefreshedOnce() throws Exception {
    try (TokenServer tokens = new TokenServer(tmp.resolve("tokens"));
         RegistryServer bearer = RegistryServer.tokenAuth(tmp.resolve("token-registry"), tokens);
         EcrPublicStub ecr = new EcrPublicStub()) {
      String ecrNs = bearer.address() + "/aws-controllers-k8s";
      Map<String, String> env = Map.of(
          "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", ecr.endpoint().toString(),
          "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", bearer.address(),
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AWS_REGION", "eu-west-1", "AWS_EC2_METADATA_DISABLED", "true");
      Instant later = Instant.now().plusSeconds(43_200);

      // The registry answers 401 with a Bearer challenge; the client trades AWS:<token> at the realm for a JWT.
      tokens.accept("ecr-token-one");
      ecr.tokens("AWS", List.of("ecr-token-one"), later);
      GitFixture first = released("glue", "v0.1.0", ecrNs);
      CliRun run = Jar.run(home, env, "publish", "--controller-dir", first.dir().toString(), "--registry", ecrNs,
          "--insecure-registry", bearer.address(), "--base-image", "scratch", "--no-create-repositories",
          "--cache-dir", cache.toString(), "--output", "json");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of("image: pushed", "chart: pushed"), actions(run));
      assertTrue(run.json().get("verified").asBoolean());
      assertTrue(tokens.issued() > 0, "the registry's tokens came from the realm");
      CliRun verify = Jar.run(home, env, "verify", "--service", "glue", "v0.1.0", "--registry", ecrNs,
          "--insecure-registry", bearer.address());
      assertEquals(0, verify.exitCode(), verify::toString);
      String pulled = skopeo("inspect", "--tls-verify=false", "--creds", "AWS:ecr-token-one", "--format", "{{.Digest}}",
          "docker://" + ecrNs + "/glue-controller:0.1.0").strip();
      assertEquals(rows(run).get(0).get("digest").asText(), pulled);
      assertFalse(run.out().contains("ecr-token-one") || run.err().contains("ecr-token-one"), "the token is a secret");
      // Anyone may pull from a public repository: verify without credentials gets an anonymous token.
      CliRun anonymousDenied = Jar.run(home, Map.of(), "verify", "--service", "glue", "v0.1.0", "--registry", ecrNs,
          "--insecure-registry", bearer.address());
      assertEquals(4, anonymousDenied.exitCode(), anonymousDenied::toString);
      assertTrue(anonymousDenied.errorLine().contains("authentication to " + bearer.address() + " failed"), anonymousDenied::toString);
      tokens.allowAnonymousPull();
      CliRun anonymous = Jar.run(home, Map.of(), "verify", "--service", "glue", "v0.1.0", "--registry", ecrNs,
          "--insecure-registry", bearer.address());
      assertEquals(0, anonymous.exitCode(), anonymous::toString);
      // ECR Public itself, read by someone without AWS credentials: verify and plan ask ECR for no
      // token (as crane and cosign read public repositories), the registry's anonymous token does.
      ecr.server().resetRequests();
      Map<String, String> noAws = Map.of("ACK_RELEASE_ECR_PUBLIC_ENDPOINT", ecr.endpoint().toString(),
          "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", bearer.address(), "AWS_EC2_METADATA_DISABLED", "true");
      CliRun publicVerify = Jar.run(home, noAws, "verify", "--service", "glue", "v0.1.0", "--registry", ecrNs,
          "--insecure-registry", bearer.address(), "--no-source-check");
      assertEquals(0, publicVerify.exitCode(), publicVerify::toString);
      CliRun publicPlan = Jar.run(home, noAws, "plan", "--controller-dir", first.dir().toString(), "--registry", ecrNs,
          "--insecure-registry", bearer.address(), "--base-image", "scratch", "--output", "json");
      assertEquals(0, publicPlan.exitCode(), publicPlan::toString);
      assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(publicPlan));
      ecr.server().verify(0, EcrPublicStub.requested("GetAuthorizationToken"));

      // The first token GetAuthorizationToken gives has expired at the registry: one fresh token, and the run completes.
      tokens.expire("ecr-token-one");
      tokens.accept("ecr-token-two");
      ecr.server().resetRequests();
      ecr.tokens("AWS", List.of("ecr-token-one", "ecr-token-two"), later);
      GitFixture second = released("athena", "v0.1.0", ecrNs);
      CliRun refreshed = Jar.run(home, env, "publish", "--controller-dir", second.dir().toString(), "--registry", ecrNs,
          "--insecure-registry", bearer.address(), "--base-image", "scratch", "--no-create-repositories",
          "--cache-dir", cache.toString(), "--output", "json");
      assertEquals(0, refreshed.exitCode(), refreshed::toString);
      assertEquals(List.of("image: pushed", "chart: pushed"), actions(refreshed));
      ecr.server().verify(2, EcrPublicStub.requested("GetAuthorizationToken"));
      assertTrue(refreshed.err().contains("fetching fresh credentials once"), refreshed.err());

      // Every token is refused: one refresh, then exit 4 with the auth message, and nothing is pushed.
      ecr.server().resetRequests();
      ecr.tokens("AWS", List.of("ecr-token-one"), later);
      GitFixture third = released("batch", "v0.1.0", ecrNs);
      Map<String, String> before = bearer.storageSnapshot();
      CliRun refused = Jar.run(home, env, "publish", "--controller-dir", third.dir().toString(), "--registry", ecrNs,
          "--insecure-registry", bearer.address(), "--base-image", "scratch", "--no-create-repositories",
          "--cache-dir", cache.toString());
      assertEquals(4, refused.exitCode(), refused::toString);
      assertTrue(refused.errorLine().contains("authentication to " + bearer.address() + " failed"), refused.errorLine());
      ecr.server().verify(2, EcrPublicStub.requested("GetAuthorizationToken"));
      assertEquals(before, bearer.storageSnapshot());
      assertFalse(refused.err().contains("ecr-token-one"), "the token is a secret");
    }
  }
}
