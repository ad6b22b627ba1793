package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.testing.RegistryServer;
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
    ControllerBinaries binaries = new ControllerBinaries(SampleController.goBuild(Log.NONE));
    ReleaseException outside = assertThrows(ReleaseException.class, () -> binaries.provide(request(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_ARM64, arm))));
    assertTrue(outside.getMessage().contains("not in --platforms"), outside.getMessage());
    ReleaseException wrong = assertThrows(ReleaseException.class, () -> binaries.provide(request(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_AMD64, arm))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, wrong.kind());
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
      ImageRelease release = new ImageRelease(Log.NONE, ImagePublisherTest.NO_WAIT);
      ImageRelease.Inputs inputs = new ImageRelease.Inputs(Optional.of(SampleController.toolchain()),
          SampleController.VERSION_PACKAGE, ImageBuilderTest.FILES, ImageBuilder.DEFAULT_USER);
      ImageRelease.Request dry = new ImageRelease.Request(SampleController.MODULE, "sample", SampleController.INFO,
          ImageBuilderTest.SOURCE, Platform.DEFAULTS, Map.of(Platform.LINUX_ARM64, arm), GoBuild.DEFAULT_MAIN_PACKAGE,
          inputs, BaseImage.SCRATCH, access, tmp.resolve("work"), SampleController.CACHE, true);

      ImageRelease.Result wouldPush = release.run(dry);
      assertEquals(Action.WOULD_PUSH, wouldPush.artifact().action());
      assertEquals(full.digest(), wouldPush.image().digest());
      assertTrue(server.storageSnapshot().isEmpty());

      ImageRelease.Result pushed = release.run(new ImageRelease.Request(dry.controllerDir(), dry.service(), dry.info(),
          dry.source(), dry.platforms(), dry.prebuilt(), dry.mainPackage(), dry.inputs(), dry.base(), access,
          dry.workDir(), dry.cacheDir(), false));
      assertEquals(Action.PUSHED, pushed.artifact().action());
      assertEquals(server.address() + "/ack/sample-controller:1.2.3", pushed.artifact().ref());
      assertEquals(full.digest(), pushed.artifact().digest());
    }
  }

  private static ControllerBinaries.Request request(List<Platform> platforms, Map<Platform, Path> prebuilt) {
    return new ControllerBinaries.Request(platforms, prebuilt, SampleController.MODULE, GoBuild.DEFAULT_MAIN_PACKAGE,
        SampleController.VERSION_PACKAGE, SampleController.INFO, Path.of("target", "unused-bin"));
  }
}
