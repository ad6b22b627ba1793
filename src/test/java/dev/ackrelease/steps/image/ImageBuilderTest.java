package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCredentials;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SOURCE = "https://github.com/aws-controllers-k8s/sample-controller";
  static final List<ImageBuilder.ImageFile> FILES = List.of(new ImageBuilder.ImageFile("LICENSE", "Apache License\n".getBytes()),
      new ImageBuilder.ImageFile("ATTRIBUTION.md", "# Attribution\n".getBytes()));

  @TempDir static Path shared;
  static Map<Platform, Path> binaries;

  @TempDir Path tmp;

  @BeforeAll
  static void buildBinaries() {
    binaries = SampleController.binaries(shared, SampleController.INFO, Platform.DEFAULTS);
  }

  static ImageBuilder.Request request(Path out, Path cache, BuildInfo info) {
    return new ImageBuilder.Request(info, SOURCE, binaries, FILES, null, BaseImage.SCRATCH, out, cache);
  }

  @Test
  void buildsAnOciIndexOfOneOciImagePerPlatform() throws Exception {
    BuiltImage image = new ImageBuilder(Log.NONE).build(request(tmp.resolve("image"), tmp.resolve("cache"), SampleController.INFO));

    JsonNode index = JSON.readTree(image.read(image.index()));
    assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
    assertEquals(2, index.path("manifests").size());
    assertEquals("amd64", index.path("manifests").get(0).path("platform").path("architecture").asText());
    assertEquals("arm64", index.path("manifests").get(1).path("platform").path("architecture").asText());
    assertTrue(index.path("manifests").get(1).path("platform").path("variant").isMissingNode());
    assertEquals("2026-11-20T10:15:30Z", index.path("annotations").path("org.opencontainers.image.created").asText());
    assertEquals(OciLayout.sha256(image.read(image.index())), image.digest());

    // skopeo reads the layout: the index and the arm64 image's config.
    String ref = "oci:" + image.layout() + ":1.2.3";
    ProcessResult raw = skopeo("inspect", "--raw", ref);
    assertEquals(OciLayout.sha256(raw.stdout().getBytes(StandardCharsets.UTF_8)), image.digest());
    JsonNode config = JSON.readTree(skopeo("--override-arch", "arm64", "inspect", "--config", ref).stdout());
    assertEquals("arm64", config.path("architecture").asText());
    assertEquals("1000", config.path("config").path("User").asText(), "ACK's Dockerfile: USER 1000");
    assertEquals(List.of("/bin/controller"), List.of(JSON.treeToValue(config.path("config").path("Entrypoint"), String[].class)));
    JsonNode labels = config.path("config").path("Labels");
    assertEquals("1.2.3", labels.path("org.opencontainers.image.version").asText());
    assertEquals(SampleController.COMMIT, labels.path("org.opencontainers.image.revision").asText());
    assertEquals(SOURCE, labels.path("org.opencontainers.image.source").asText());
    assertEquals("2026-11-20T10:15:30Z", labels.path("org.opencontainers.image.created").asText());
    assertEquals("2026-11-20T10:15:30Z", config.path("created").asText());
    assertTrue(config.toString().contains("ack-release:" + ImageBuilder.TOOL_VERSION), config.toString());
    assertTrue(labels.path("org.opencontainers.image.base.name").isMissingNode(), "scratch has no base to name");
    assertTrue(labels.path("org.opencontainers.image.base.digest").isMissingNode(), "scratch has no base digest");

    // The one layer on scratch holds /bin/controller, mode 0755, owned by root, at the commit time.
    PlatformImage amd64 = image.platforms().get(0);
    assertEquals(1, amd64.layers().size());
    TarArchiveEntry controller = null;
    Map<String, TarArchiveEntry> entries = new TreeMap<>();
    Map<String, String> texts = new TreeMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(image.blobPath(amd64.layers().get(0).digest())));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), e);
        byte[] data = tar.readAllBytes();
        if (e.getName().equals("bin/controller")) {
          controller = e;
          assertEquals(Files.size(binaries.get(Platform.LINUX_AMD64)), data.length);
        } else if (!e.isDirectory()) {
          texts.put(e.getName(), new String(data, StandardCharsets.UTF_8));
        }
      }
    }
    assertEquals(0755, controller.getMode() & 07777);
    assertEquals(0, controller.getLongUserId());
    assertEquals(SampleController.COMMIT_TIME, controller.getModTime().toInstant());
    // ACK's Dockerfile: COPY controller LICENSE ATTRIBUTION.md /bin/
    assertEquals(Map.of("bin/LICENSE", "Apache License\n", "bin/ATTRIBUTION.md", "# Attribution\n"), texts);
    assertEquals(0644, entries.get("bin/LICENSE").getMode() & 07777);
    assertEquals(0, entries.get("bin/LICENSE").getLongUserId());

    // No second copy of a layer: the layout's layer is Jib's cached, compressed layer itself
    // (one inode), and Jib's tarball is gone.
    String hex = amd64.layers().get(0).digest().substring("sha256:".length());
    Path cached;
    try (var files = Files.list(tmp.resolve("cache/jib-application/layers").resolve(hex))) {
      cached = files.findFirst().orElseThrow();
    }
    assertEquals(Files.getAttribute(cached, "unix:ino"), Files.getAttribute(image.blobPath(amd64.layers().get(0).digest()), "unix:ino"));
    try (var files = Files.list(image.layout())) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tar")).toList());
    }
  }

  @Test
  void theSameCommitGivesTheSameDigestAndAnotherCommitTimeAnother() {
    ImageBuilder builder = new ImageBuilder(Log.NONE);
    // Separate output and cache directories, as on another machine.
    BuiltImage first = builder.build(request(tmp.resolve("a"), tmp.resolve("cache-a"), SampleController.INFO));
    BuiltImage second = builder.build(request(tmp.resolve("b"), tmp.resolve("cache-b"), SampleController.INFO));
    assertEquals(first.digest(), second.digest());
    assertEquals(first.platforms(), second.platforms());

    BuildInfo later = new BuildInfo(SampleController.INFO.version(), SampleController.COMMIT,
        SampleController.COMMIT_TIME.plusSeconds(1));
    BuiltImage third = builder.build(request(tmp.resolve("c"), tmp.resolve("cache-a"), later));
    assertNotEquals(first.digest(), third.digest());
  }

  @Test
  void pullsTheBaseFromRegistriesWithCredentialsOverPlainHttpAndOverTlsWithACa() throws Exception {
    try (RegistryServer plain = RegistryServer.plainWithAuth(tmp.resolve("plain"), "bob", "base-pass");
        RegistryServer tls = RegistryServer.tlsWithAuth(tmp.resolve("tls"), "carol", "base-pass-2")) {
      RegistryAccess plainAccess = new RegistryAccess(Registry.parse(plain.address()),
          Optional.of(new RegistryCredentials("bob", "base-pass", "test")), true, Optional.empty());
      RegistryAccess tlsAccess = TestRegistries.tlsAccess(tls, "base-pass-2");
      String plainBase = TestRegistries.pushBaseImage(plain, Files.createDirectories(tmp.resolve("b1")));
      String tlsBase = TestRegistries.pushBaseImage(tls, Files.createDirectories(tmp.resolve("b2")));
      BaseImage onPlainBase = BaseImage.of(plainBase, plainAccess).resolve(Log.NONE, ImagePublisherTest.NO_WAIT);
      BaseImage onTlsBase = BaseImage.of(tlsBase, tlsAccess).resolve(Log.NONE, ImagePublisherTest.NO_WAIT);

      BuiltImage onPlain = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO, SOURCE, binaries,
          FILES, null, onPlainBase, tmp.resolve("on-plain"), tmp.resolve("cache")));
      BuiltImage onTls = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO, SOURCE, binaries,
          FILES, null, onTlsBase, tmp.resolve("on-tls"), tmp.resolve("cache")));
      // The same base content in two registries: the same layers; only the base.name label, which names the registry, differs.
      for (int i = 0; i < 2; i++) {
        assertEquals(onPlain.platforms().get(i).layers(), onTls.platforms().get(i).layers());
      }
      assertNotEquals(onPlain.digest(), onTls.digest());
      assertEquals(plainBase.replaceFirst(":[^:/]*$", ""), baseName(onPlain));
      assertEquals(tlsBase.replaceFirst(":[^:/]*$", ""), baseName(onTls));
      assertEquals(2, onTls.platforms().get(1).layers().size());

      RegistryAccess wrong = tlsAccess.withCredentials(new RegistryCredentials("carol", "nope-nope", "test"));
      ReleaseException denied = assertThrows(ReleaseException.class, () -> new ImageBuilder(Log.NONE).build(
          new ImageBuilder.Request(SampleController.INFO, SOURCE, binaries, FILES, null,
              new BaseImage(tlsBase, Optional.of(wrong), onTlsBase.digest()), tmp.resolve("denied"), tmp.resolve("cache-denied"))));
      assertEquals(ReleaseException.Kind.REMOTE, denied.kind());
      assertTrue(denied.getMessage().contains("base image " + tlsBase), denied.getMessage());
    }
  }

  /**
   * OCI image-spec annotations.md, org.opencontainers.image.base.digest: "the digest of the
   * manifest referenced by" the base's name. The base tag holds a two-platform index, so every
   * platform's config carries the index's digest (as go-containerregistry's crane rebase
   * writes it), next to base.name, and not the digest of its own platform's base manifest.
   */
  @Test
  void eachPlatformIsLabelledWithTheDigestOfTheBaseIndexItWasPulledFrom() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      String baseRef = TestRegistries.pushBaseImage(server, Files.createDirectories(tmp.resolve("base")));
      BaseImage base = BaseImage.of(baseRef, TestRegistries.plainAccess(server)).resolve(Log.NONE, ImagePublisherTest.NO_WAIT);
      String rawIndex = TestRegistries.skopeo(server, tmp, "inspect", "--raw", "docker://" + baseRef).stdout();
      String indexDigest = OciLayout.sha256(rawIndex.getBytes(StandardCharsets.UTF_8));
      List<String> platformDigests = JSON.readTree(rawIndex).findValuesAsText("digest");
      assertEquals(2, platformDigests.size(), rawIndex);

      BuiltImage image = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO, SOURCE, binaries,
          FILES, null, base, tmp.resolve("image"), tmp.resolve("cache")));

      for (PlatformImage platform : image.platforms()) {
        JsonNode labels = JSON.readTree(image.read(platform.config())).path("config").path("Labels");
        assertEquals(indexDigest, labels.path(ImageLabels.BASE_DIGEST).asText(), platform.platform().toString());
        assertEquals(baseRef.replaceFirst(":[^:/]*$", ""), labels.path(ImageLabels.BASE_NAME).asText());
        assertFalse(platformDigests.contains(labels.path(ImageLabels.BASE_DIGEST).asText()));
      }
    }
  }

  @Test
  void anUnresolvedBaseIsABug() {
    assertThrows(IllegalStateException.class, () -> new ImageBuilder.Request(SampleController.INFO, SOURCE, binaries, FILES,
        null, BaseImage.of("registry.example/base:1"), tmp.resolve("image"), tmp.resolve("cache")));
  }

  /**
   * What each image-inputs format's recipe writes, pinned: the tool version Jib records and the
   * labels on a non-scratch base. The format is in the image's build inputs
   * ({@link ImageRelease#INPUTS_FORMAT}), so a re-run compares inputs only with an image built
   * the same way. When this fails because the recipe changed on purpose, add a format and bump
   * {@code INPUTS_FORMAT} (and {@code TOOL_VERSION}); never change an old entry.
   */
  static final Map<String, String> RECIPES = Map.of(
      "ack-release/image-inputs/1", "ack-release:image-2 [base.name, source, version, revision, created]",
      "ack-release/image-inputs/2", "ack-release:image-3 [base.name, base.digest, source, version, revision, created]");

  @Test
  void theRecipeIsPinnedToTheImageInputsFormat() {
    BaseImage base = new BaseImage("registry.example/base:1", Optional.empty(), Optional.of("sha256:" + "a".repeat(64)));
    String recipe = ImageBuilder.TOOL_NAME + ":" + ImageBuilder.TOOL_VERSION + " " + ImageLabels.of(SampleController.INFO,
        SOURCE, base).keySet().stream().map(k -> k.replaceFirst("^org\\.opencontainers\\.image\\.", "")).toList();
    assertEquals(RECIPES.get(ImageRelease.INPUTS_FORMAT), recipe,
        "the image recipe changed: add a new format to RECIPES and bump ImageRelease.INPUTS_FORMAT");
    assertEquals(RECIPES.size(), new HashSet<>(RECIPES.values()).size(), "each format builds differently");
    ImageRelease.Inputs inputs = new ImageRelease.Inputs(Optional.empty(), SampleController.VERSION_PACKAGE, FILES,
        ImageBuilder.DEFAULT_USER);
    String json = ImageRelease.buildInputs("0".repeat(40), SampleController.INFO, SOURCE, Platform.DEFAULTS, Map.of(),
        GoBuild.DEFAULT_MAIN_PACKAGE, inputs, base).json();
    assertTrue(json.contains("\"format\":\"" + ImageRelease.INPUTS_FORMAT + "\""), json);
  }

  @Test
  void aBinaryForTheWrongPlatformIsRefused() {
    Map<Platform, Path> swapped = Map.of(Platform.LINUX_AMD64, binaries.get(Platform.LINUX_ARM64));
    ReleaseException e = assertThrows(ReleaseException.class, () -> new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(
        SampleController.INFO, SOURCE, swapped, FILES, null, BaseImage.SCRATCH, tmp.resolve("image"), tmp.resolve("cache"))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
  }

  @Test
  void clearsTheLayoutOfABuildThatDied() throws Exception {
    Path out = tmp.resolve("image");
    BuiltImage first = new ImageBuilder(Log.NONE).build(request(out, tmp.resolve("cache"), SampleController.INFO));
    Files.delete(out.resolve("index.json"));
    Files.writeString(out.resolve("jib-amd64.tar"), "half a tarball");
    BuiltImage again = new ImageBuilder(Log.NONE).build(request(out, tmp.resolve("cache"), SampleController.INFO));
    assertEquals(first.digest(), again.digest());
    assertFalse(Files.exists(out.resolve("jib-amd64.tar")));
  }

  @Test
  void refusesToEmptyADirectoryThatIsNotAnImageLayout() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> new ImageBuilder(Log.NONE).build(request(out, tmp.resolve("cache"), SampleController.INFO)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(Files.exists(out.resolve("notes.txt")));
    assertFalse(Files.exists(out.resolve("oci-layout")));
  }

  /** The base.name label of the first platform's config. */
  static String baseName(BuiltImage image) throws IOException {
    JsonNode config = JSON.readTree(image.read(image.platforms().get(0).config()));
    return config.path("config").path("Labels").path(ImageLabels.BASE_NAME).asText();
  }

  static ProcessResult skopeo(String... args) {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 120).assertOk();
  }
}
