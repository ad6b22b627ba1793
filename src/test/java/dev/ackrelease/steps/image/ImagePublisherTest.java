package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePublisherTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Retry.Policy NO_WAIT = new Retry.Policy(2, Duration.ofMillis(10));
  static final String NAME = "sample-controller";
  static final String TAG = "1.2.3";

  @TempDir static Path shared;
  static Map<Platform, Path> binaries;

  @TempDir Path tmp;
  final List<String> logged = new ArrayList<>();
  final Log log = logged::add;

  @BeforeAll
  static void buildBinaries() {
    binaries = SampleController.binaries(shared, SampleController.INFO, Platform.DEFAULTS);
  }

  BuiltImage build(String dir, BaseImage base, BuildInfo info) {
    return new ImageBuilder(log).build(new ImageBuilder.Request(info, ImageBuilderTest.SOURCE, binaries, ImageBuilderTest.FILES, null, base,
        tmp.resolve(dir), tmp.resolve("jib-cache")));
  }

  PublishedArtifact publish(BuiltImage image, RegistryAccess access, boolean dryRun) {
    return new ImagePublisher(log, NO_WAIT).publish(new ImagePublisher.Request(image, access, NAME, TAG, dryRun));
  }

  @Test
  void pushesAnOciIndexOnTheBaseImageThatSkopeoReadsAndWhoseBinaryRuns() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      String baseRef = TestRegistries.pushBaseImage(server, Files.createDirectories(tmp.resolve("base")));
      BuiltImage image = build("image", BaseImage.of(baseRef, access).resolve(log, NO_WAIT), SampleController.INFO);
      String ref = server.address() + "/ack/" + NAME + ":" + TAG;

      PublishedArtifact pushed = publish(image, access, false);
      assertEquals(Action.PUSHED, pushed.action());
      assertEquals(ref, pushed.ref());
      assertEquals(image.digest(), pushed.digest());
      assertEquals(image.totalSize(), pushed.bytesPushed());
      assertTrue(logged.stream().anyMatch(l -> l.startsWith("pushing blob sha256:")), logged.toString());

      // The tag holds exactly the index built locally: OCI, two platforms, no variant.
      String raw = TestRegistries.skopeo(server, tmp, "inspect", "--raw", "docker://" + ref).stdout();
      assertEquals(image.digest(), OciLayout.sha256(raw.getBytes(StandardCharsets.UTF_8)));
      JsonNode index = JSON.readTree(raw);
      assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
      List<String> platforms = new ArrayList<>();
      index.path("manifests").forEach(m -> {
        platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText());
        assertTrue(m.path("platform").path("variant").isMissingNode(), m.toString());
      });
      assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);

      JsonNode arm = JSON.readTree(TestRegistries.skopeo(server, tmp, "--override-arch", "arm64", "--",
          "inspect", "docker://" + ref).stdout());
      assertEquals("arm64", arm.path("Architecture").asText());
      assertEquals("1.2.3", arm.path("Labels").path("org.opencontainers.image.version").asText());
      assertEquals("sample", arm.path("Labels").path("org.example.base").asText(), "base image labels are kept");
      assertEquals(2, arm.path("Layers").size(), "base layer + controller layer");
      JsonNode armConfig = JSON.readTree(TestRegistries.skopeo(server, tmp, "--override-arch", "arm64", "--",
          "inspect", "--config", "docker://" + ref).stdout());
      assertEquals("1000", armConfig.path("config").path("User").asText());
      assertEquals("[\"/bin/controller\"]", armConfig.path("config").path("Entrypoint").toString());

      // Copy the amd64 image out and run its /bin/controller here.
      Path copy = tmp.resolve("copy");
      TestRegistries.skopeo(server, tmp, "--override-arch", "amd64", "--", "copy", "docker://" + ref, "dir:" + copy);
      Path controller = extract(copy, "bin/controller", tmp.resolve("controller"));
      assertTrue(Files.exists(extract(copy, TestRegistries.BASE_FILE.substring(1), tmp.resolve("base-file"))));
      ProcessResult run = ProcessResult.run(List.of(controller.toString()), tmp.toFile(), 30).assertOk();
      assertEquals("version=1.2.3 commit=" + SampleController.COMMIT + " buildDate=2026-11-20T10:15",
          run.stdout().lines().findFirst().orElseThrow());

      // verify reads it back.
      ImageInspector inspector = new ImageInspector(log, NO_WAIT);
      ImageInspector.InspectedImage inspected = inspector.verify(access, NAME, TAG, Platform.DEFAULTS, "1.2.3");
      assertEquals(image.digest(), inspected.digest());
      assertEquals("1000", inspected.platforms().get(1).user());
      assertEquals(List.of("/bin/controller"), inspected.platforms().get(0).entrypoint());
      ReleaseException wrongVersion = assertThrows(ReleaseException.class,
          () -> inspector.verify(access, NAME, TAG, Platform.DEFAULTS, "1.2.4"));
      assertEquals(ReleaseException.Kind.VERIFICATION, wrongVersion.kind());
      assertTrue(wrongVersion.getMessage().contains("linux/amd64 config label org.opencontainers.image.version is 1.2.3, not 1.2.4"),
          wrongVersion.getMessage());

      // A second publish of the same build changes nothing.
      Map<String, String> before = server.storageSnapshot();
      assertEquals(Action.ALREADY_PUBLISHED, publish(image, access, false).action());
      assertEquals(Action.WOULD_SKIP, publish(image, access, true).action());
      assertEquals(before, server.storageSnapshot());
    }
  }

  @Test
  void anotherBuildAtAPublishedTagIsRefusedAndTheRegistryIsUnchanged() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      BuiltImage published = build("a", BaseImage.SCRATCH, SampleController.INFO);
      assertEquals(Action.PUSHED, publish(published, access, false).action());
      BuiltImage other = build("b", BaseImage.SCRATCH, new BuildInfo(SampleController.INFO.version(),
          "fedcba9876543210fedcba9876543210fedcba98", SampleController.COMMIT_TIME));
      Map<String, String> before = server.storageSnapshot();

      PublishedArtifact dry = publish(other, access, true);
      assertEquals(Action.WOULD_REFUSE, dry.action());
      assertTrue(dry.detail().contains(published.digest()) && dry.detail().contains(other.digest()), dry.detail());

      ReleaseException e = assertThrows(ReleaseException.class, () -> publish(other, access, false));
      assertEquals(ReleaseException.Kind.REFUSED, e.kind());
      assertTrue(e.getMessage().contains(published.digest()) && e.getMessage().contains(other.digest()), e.getMessage());
      assertEquals(before, server.storageSnapshot());
    }
  }

  @Test
  void aDryRunReadsTheRegistryAndChangesNothing() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      BuiltImage image = build("image", BaseImage.SCRATCH, SampleController.INFO);
      Map<String, String> before = server.storageSnapshot();

      PublishedArtifact dry = publish(image, access, true);
      assertEquals(Action.WOULD_PUSH, dry.action());
      assertEquals(image.digest(), dry.digest());
      assertEquals(image.totalSize(), dry.bytesPushed());
      assertEquals(before, server.storageSnapshot());
      assertTrue(new ImageInspector(log, NO_WAIT).inspect(access, NAME, TAG).isEmpty());
    }
  }

  @Test
  void aPushThatDiedHalfwayIsCompletedByARerunThatSendsOnlyWhatIsMissing() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      BuiltImage image = build("image", BaseImage.SCRATCH, SampleController.INFO);
      // The process "dies" once the blobs and the first manifest are up, before the index.
      Log dying = message -> {
        logged.add(message);
        if (message.startsWith("pushing manifest for linux/arm64")) {
          throw new IllegalStateException("killed");
        }
      };
      assertThrows(IllegalStateException.class, () -> new ImagePublisher(dying, NO_WAIT)
          .publish(new ImagePublisher.Request(image, access, NAME, TAG, false)));
      assertTrue(new ImageInspector(log, NO_WAIT).inspect(access, NAME, TAG).isEmpty(), "the tag is only pushed last");

      PublishedArtifact rerun = publish(image, access, false);
      assertEquals(Action.PUSHED, rerun.action());
      long arm64Manifest = image.platforms().get(1).manifest().size();
      assertEquals(arm64Manifest + image.index().size(), rerun.bytesPushed(), "only the arm64 manifest and the index were missing");
      new ImageInspector(log, NO_WAIT).verify(access, NAME, TAG, Platform.DEFAULTS, "1.2.3");
      TestRegistries.skopeo(server, tmp, "--override-arch", "arm64", "--", "copy", "docker://" + server.address() + "/ack/"
          + NAME + ":" + TAG, "dir:" + tmp.resolve("copy"));
    }
  }

  @Test
  void pushesOverTlsWithTheCaAndCredentialsAndNamesARefusedLoginWithoutThePassword() throws Exception {
    try (RegistryServer server = RegistryServer.tlsWithAuth(tmp.resolve("registry"), "alice", "s3cret-pass")) {
      BuiltImage image = build("image", BaseImage.SCRATCH, SampleController.INFO);

      ReleaseException denied = assertThrows(ReleaseException.class,
          () -> publish(image, TestRegistries.tlsAccess(server, "wrong-pass"), false));
      assertEquals(ReleaseException.Kind.REMOTE, denied.kind());
      assertTrue(denied.getMessage().contains("authentication to ") && !denied.getMessage().contains("wrong-pass"), denied.getMessage());

      RegistryAccess access = TestRegistries.tlsAccess(server, "s3cret-pass");
      RegistryAccess withoutCa = new RegistryAccess(access.registry(), access.credentials(), false, Optional.empty());
      ReleaseException untrusted = assertThrows(ReleaseException.class, () -> publish(image, withoutCa, false));
      assertEquals(ReleaseException.Kind.REMOTE, untrusted.kind());
      assertTrue(untrusted.getMessage().contains("--registry-ca"), untrusted.getMessage());
      // Each upload reports its progress: the bytes read for the request body, up to the blob's size, then closed.
      Map<String, long[]> progress = new ConcurrentHashMap<>();
      Log watched = new Log() {
        @Override
        public void info(String message) {
          logged.add(message);
        }

        @Override
        public Progress progress(String label, long total) {
          long[] seen = {total, -1, 0};
          progress.put(label, seen);
          return new Progress() {
            @Override
            public void update(long done) {
              seen[1] = done;
            }

            @Override
            public void close() {
              seen[2]++;
            }
          };
        }
      };
      assertEquals(Action.PUSHED, new ImagePublisher(watched, NO_WAIT)
          .publish(new ImagePublisher.Request(image, access, NAME, TAG, false)).action());
      ContentDescriptor layer = image.platforms().get(0).layers().get(0);
      long[] layerProgress = progress.get("pushing image blob " + layer.digest().substring(0, 19) + " to " + NAME);
      assertTrue(layerProgress != null, progress.keySet().toString());
      assertEquals(List.of(layer.size(), layer.size(), 1L), List.of(layerProgress[0], layerProgress[1], layerProgress[2]),
          "total, bytes sent, closed once");
      assertEquals(image.blobs().size(), progress.size(), "one progress per blob");
      String raw = TestRegistries.skopeo(server, tmp, "inspect", "--raw",
          "docker://" + server.address() + "/ack/" + NAME + ":" + TAG).stdout();
      assertEquals(image.digest(), OciLayout.sha256(raw.getBytes(StandardCharsets.UTF_8)));
      assertEquals(Action.ALREADY_PUBLISHED, publish(image, access, false).action());
    }
  }

  @Test
  void verifyNamesAMissingPlatformAndAMissingTag() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      ImageInspector inspector = new ImageInspector(log, NO_WAIT);
      ReleaseException absent = assertThrows(ReleaseException.class,
          () -> inspector.verify(access, NAME, TAG, Platform.DEFAULTS, "1.2.3"));
      assertEquals(ReleaseException.Kind.VERIFICATION, absent.kind());

      BuiltImage amd64Only = new ImageBuilder(log).build(new ImageBuilder.Request(SampleController.INFO, null,
          Map.of(Platform.LINUX_AMD64, binaries.get(Platform.LINUX_AMD64)), List.of(), null, BaseImage.SCRATCH, tmp.resolve("image"),
          tmp.resolve("jib-cache")));
      publish(amd64Only, access, false);
      ReleaseException missing = assertThrows(ReleaseException.class,
          () -> inspector.verify(access, NAME, TAG, Platform.DEFAULTS, "1.2.3"));
      // The one problem is the missing platform; the fix is to verify the one it was published for.
      assertTrue(missing.getMessage().endsWith(") does not match the release: no linux/arm64 image: if it was published for"
          + " linux/amd64 only, verify those: --platforms linux/amd64"), missing.getMessage());
    }
  }

  /** Finds {@code entry} in the layers of a {@code skopeo copy ... dir:} copy and writes it out executable. */
  static Path extract(Path copyDir, String entry, Path target) throws Exception {
    JsonNode manifest = JSON.readTree(Files.readAllBytes(copyDir.resolve("manifest.json")));
    for (JsonNode layer : manifest.path("layers")) {
      Path blob = copyDir.resolve(layer.path("digest").asText().substring("sha256:".length()));
      try (InputStream in = new GZIPInputStream(Files.newInputStream(blob)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          if (e.getName().equals(entry)) {
            Files.write(target, tar.readAllBytes());
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
          }
        }
      }
    }
    throw new AssertionError(entry + " is in no layer of " + copyDir);
  }
}
