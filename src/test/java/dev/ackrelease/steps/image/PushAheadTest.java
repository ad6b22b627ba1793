package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Sizes;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SharedRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers sent to the registry while they are compressed ({@link LayerCompression}, {@link
 * PushAhead}): the image is the one built without, and the push sends only what is left.
 */
class PushAheadTest {

  static final String NAME = "sample-controller";

  @TempDir static Path shared;
  static Map<Platform, Path> binaries;

  @TempDir Path tmp;
  final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  final Log log = logged::add;

  @BeforeAll
  static void makeBinaries() throws Exception {
    binaries = new LinkedHashMap<>();
    for (Platform p : Platform.DEFAULTS) {
      binaries.put(p, DigestPinTest.binary(shared.resolve("controller-" + p.architecture()), p));
    }
  }

  BuiltImage build(Path dir, Optional<PushAhead> ahead) {
    return new ImageBuilder(log, ahead, Optional.empty()).build(new ImageBuilder.Request(SampleController.INFO, ImageBuilderTest.SOURCE, binaries,
        ImageBuilderTest.FILES, null, BaseImage.SCRATCH, dir.resolve("image"), dir.resolve("cache")));
  }

  @Test
  void layersReachTheRegistryDuringTheBuildAndThePushSendsTheRest() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      RegistryAccess access = TestRegistries.plainAccess(server);
      RegistrySession session = new RegistrySession(access, log, ImagePublisherTest.NO_WAIT);
      BuiltImage alone = build(tmp.resolve("alone"), Optional.empty());

      PushAhead ahead = new PushAhead(session, NAME, log);
      BuiltImage image = build(tmp.resolve("ahead"), Optional.of(ahead));
      assertEquals(2, ahead.started(), "both layers were on their way when the build returned");
      PushAhead.Sent sent = ahead.await();

      assertEquals(alone.digest(), image.digest(), "the same image as Jib alone builds");
      RegistrySession other = new RegistrySession(access, Log.NONE, ImagePublisherTest.NO_WAIT);
      long layerBytes = 0;
      for (PlatformImage p : image.platforms()) {
        assertTrue(other.blobExists(NAME, p.layers().get(0).digest()), "layer of " + p.platform() + " pushed ahead");
        assertFalse(other.blobExists(NAME, p.config().digest()), "the config goes with the push");
        layerBytes += p.layers().get(0).size();
      }
      assertEquals(layerBytes, sent.bytes());
      assertEquals(Optional.empty(), other.manifest(NAME, "1.2.3"), "nothing is tagged before the push");

      PublishedArtifact pushed = new ImagePublisher(log, ImagePublisherTest.NO_WAIT).publish(new ImagePublisher.Request(image, access,
          NAME, "1.2.3", false, Optional.of(session)));

      assertEquals(Action.PUSHED, pushed.action());
      assertEquals(image.digest(), pushed.digest());
      assertEquals(image.totalSize(), pushed.bytesPushed(), "every byte counted once, in the image's row");
      // The line says what the row says: the layers sent ahead too (it said only the configs' and manifests', found by a new-user trial).
      String line = "pushed " + access.registry().ref(NAME, "1.2.3") + " (" + image.digest() + ", " + Sizes.binary(image.totalSize()) + " sent, ";
      assertEquals(1, logged.stream().filter(l -> l.startsWith(line)).count(), line + "\n" + logged);
      assertTrue(logged.stream().anyMatch(l -> l.contains(": 2 of 4 blobs")), logged.toString());
      assertEquals(2, logged.stream().filter(l -> l.startsWith("pushed layer sha256:") && l.endsWith("while it was compressed"))
          .count(), "each layer was streamed into its upload: " + logged);
    }
  }

  /**
   * A layer compressed before its upload starts is looked up once ({@code HEAD}); absent, and the
   * registry taking no streamed upload, it is sent whole without being looked up again.
   */
  @Test
  void aLayerLookedUpAndAbsentIsSentWholeWithOneLookUp() throws Exception {
    String name = SharedRegistry.unique("push-ahead");
    try (FaultProxy proxy = new FaultProxy(SharedRegistry.get().address())) {
      proxy.fail("PATCH", "/blobs/uploads/", -1, FaultProxy.status(405));
      RegistryAccess access = new RegistryAccess(Registry.parse(proxy.address() + "/ack"), Optional.empty(), true, Optional.empty());
      RegistrySession session = new RegistrySession(access, log, ImagePublisherTest.NO_WAIT);
      ControllerLayers layers = ControllerLayers.stage(ImageBuilderTest.FILES, SampleController.COMMIT_TIME, tmp.resolve("files"),
          tmp.resolve("cache"));
      LayerCompression compression = layers.start(Platform.LINUX_AMD64, binaries.get(Platform.LINUX_AMD64));
      String digest = compression.await(Progress.NONE, 0).digest();

      PushAhead ahead = new PushAhead(session, name, log);
      ahead.send(compression);
      ahead.await();

      assertEquals(1, proxy.seen("PATCH", "/blobs/uploads/").size(), "the streamed upload was tried: " + proxy.seen());
      assertEquals(1, proxy.seen("HEAD", "/blobs/" + digest).size(), "one look-up of the layer: " + proxy.seen());
      assertEquals(1, proxy.seen("PUT", "/blobs/uploads/").size(), "sent whole, once: " + proxy.seen());
      assertTrue(new RegistrySession(TestRegistries.plainAccess(SharedRegistry.get()), Log.NONE, ImagePublisherTest.NO_WAIT)
          .blobExists(name, digest), "the layer is in the registry");
    }
  }

  @Test
  void aLayerThatCouldNotBeSentFailsThePushAsThePushWouldHave() {
    // Nothing listens there: the layers' pushes fail (after the session's retries), the build does not.
    RegistryAccess nowhere = new RegistryAccess(Registry.parse("127.0.0.1:9/ack"), Optional.empty(), true, Optional.empty());
    RegistrySession session = new RegistrySession(nowhere, Log.NONE, ImagePublisherTest.NO_WAIT);
    BuiltImage image = build(tmp.resolve("ahead"), Optional.of(new PushAhead(session, NAME, log)));

    ReleaseException e = assertThrows(ReleaseException.class, () -> new ImagePublisher(log, ImagePublisherTest.NO_WAIT)
        .publish(new ImagePublisher.Request(image, nowhere, NAME, "1.2.3", false, Optional.of(session))));
    assertEquals(ReleaseException.Kind.REMOTE, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("blob"), e.getMessage());
  }
}
