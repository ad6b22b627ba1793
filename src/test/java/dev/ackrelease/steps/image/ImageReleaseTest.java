package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReleaseTest {

  @TempDir Path tmp;

  @Test
  void parsesPrebuiltBinaries() {
    assertEquals(Map.of(Platform.LINUX_AMD64, Path.of("a"), Platform.LINUX_ARM64, Path.of("/b")),
        ControllerBinaries.parsePrebuilt("linux/amd64=a, linux/arm64=/b"));
    assertTrue(ControllerBinaries.parsePrebuilt(null).isEmpty());
    for (String bad : List.of("linux/amd64", "linux/amd64=", "linux/s390x=x", "linux/amd64=a,linux/amd64=b")) {
      assertEquals(ReleaseException.Kind.INVALID_INPUT,
          assertThrows(ReleaseException.class, () -> ControllerBinaries.parsePrebuilt(bad)).kind(), bad);
    }
  }

  @Test
  void aPrebuiltBinaryOutsideThePlatformsOrForAnotherArchitectureIsRefused() {
    Path arm = SampleController.binaries(tmp, SampleController.INFO, List.of(Platform.LINUX_ARM64)).get(Platform.LINUX_ARM64);
    ReleaseException outside = assertThrows(ReleaseException.class, () -> ControllerBinaries.requireValidPrebuilt(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_ARM64, arm)));
    assertTrue(outside.getMessage().contains("not in --platforms"), outside.getMessage());
    ReleaseException wrong = assertThrows(ReleaseException.class, () -> ControllerBinaries.requireValidPrebuilt(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_AMD64, arm)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, wrong.kind());
  }

  /**
   * The binaries given are checked once per publish ({@code PublishRelease}, before anything
   * runs): providing them takes the checked ones as they are, without reading them again.
   */
  @Test
  void providingTakesTheCheckedBinariesWithoutCheckingThemAgain() throws Exception {
    Path arm = SampleController.binaries(tmp, SampleController.INFO, List.of(Platform.LINUX_ARM64)).get(Platform.LINUX_ARM64);
    Map<Platform, Path> checked = ControllerBinaries.requireValidPrebuilt(List.of(Platform.LINUX_ARM64),
        Map.of(Platform.LINUX_ARM64, arm));
    // Gone after the check: a second check would fail to read it.
    Files.delete(checked.get(Platform.LINUX_ARM64));
    Map<Platform, Path> provided = new ControllerBinaries(SampleController.goBuild(Log.NONE)).provide(
        request(List.of(Platform.LINUX_ARM64), checked));
    assertEquals(checked, provided);
  }

  @Test
  void buildsWhatIsNotPrebuiltAndPublishesTheSameDigestAsAFullBuild() throws Exception {
    // arm64 comes prebuilt (from the same commit), amd64 is built: the image is the one a full build gives.
    Path arm = SampleController.binaries(tmp.resolve("prebuilt"), SampleController.INFO, List.of(Platform.LINUX_ARM64))
        .get(Platform.LINUX_ARM64);
    Map<Platform, Path> all = SampleController.binaries(tmp.resolve("all"), SampleController.INFO, Platform.DEFAULTS);
    BuiltImage full = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO, ImageBuilderTest.SOURCE,
        all, ImageBuilderTest.FILES, null, BaseImage.SCRATCH, tmp.resolve("full"), tmp.resolve("cache")));

    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      // What the image kind's steps do: the binaries (one given, one built), the image, the push.
      Map<Platform, Path> binaries = new ControllerBinaries(SampleController.goBuild(Log.NONE)).provide(
          new ControllerBinaries.Request(Platform.DEFAULTS, Map.of(Platform.LINUX_ARM64, arm), SampleController.MODULE,
              GoBuild.DEFAULT_MAIN_PACKAGE, SampleController.VERSION_PACKAGE, SampleController.INFO, tmp.resolve("work/bin")));
      BuiltImage mixed = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO, ImageBuilderTest.SOURCE,
          binaries, ImageBuilderTest.FILES, null, BaseImage.SCRATCH, tmp.resolve("work/image"), tmp.resolve("cache")));
      assertEquals(full.digest(), mixed.digest());

      ImagePublisher publisher = new ImagePublisher(Log.NONE, ImagePublisherTest.NO_WAIT);
      PublishedArtifact wouldPush = publisher.publish(new ImagePublisher.Request(mixed, access, "sample-controller", "1.2.3",
          true, Optional.empty()));
      assertEquals(Action.WOULD_PUSH, wouldPush.action());
      assertTrue(server.storageSnapshot().isEmpty());

      PublishedArtifact pushed = publisher.publish(new ImagePublisher.Request(mixed, access, "sample-controller", "1.2.3",
          false, Optional.empty()));
      assertEquals(Action.PUSHED, pushed.action());
      assertEquals(server.address() + "/ack/sample-controller:1.2.3", pushed.ref());
      assertEquals(full.digest(), pushed.digest());
    }
  }

  private static ControllerBinaries.Request request(List<Platform> platforms, Map<Platform, Path> prebuilt) {
    return new ControllerBinaries.Request(platforms, prebuilt, SampleController.MODULE, GoBuild.DEFAULT_MAIN_PACKAGE,
        SampleController.VERSION_PACKAGE, SampleController.INFO, Path.of("target", "unused-bin"));
  }
}
