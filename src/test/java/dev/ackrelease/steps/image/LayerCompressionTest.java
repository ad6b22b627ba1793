package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CachedLayer;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.common.collect.ImmutableList;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer compressed outside Jib's build, into Jib's cache: its bytes are the ones Jib's own
 * {@code Cache.writeUncompressedLayer} makes of the same entries (jib-core 0.28.1,
 * CacheStorageWriter.writeUncompressedLayerBlobToDirectory), and Jib's look-up by entries
 * ({@code Cache.retrieve}, the one BuildAndCacheApplicationLayerStep makes) finds it, so Jib does
 * not compress it again.
 */
class LayerCompressionTest {

  @TempDir static Path shared;
  static Path binary;

  @TempDir Path tmp;

  @BeforeAll
  static void makeBinary() throws IOException {
    binary = DigestPinTest.binary(shared.resolve("controller"), Platform.LINUX_AMD64);
  }

  ControllerLayers layers() throws IOException {
    return ControllerLayers.stage(ImageBuilderTest.FILES, SampleController.COMMIT_TIME, tmp.resolve("files"), tmp.resolve("cache"));
  }

  @Test
  void theLayerHasJibsBytesAndJibsLookUpFindsIt() throws Exception {
    ControllerLayers layers = layers();
    LayerCompression.Layer layer = layers.start(Platform.LINUX_AMD64, binary).await(Progress.NONE, 0);
    ImmutableList<FileEntry> entries = ImmutableList.copyOf(layers.entries(Platform.LINUX_AMD64).getEntries());

    CachedLayer jibs = Cache.withDirectory(tmp.resolve("jib")).writeUncompressedLayer(new ReproducibleLayerBuilder(entries).build(), entries);
    assertEquals(jibs.getDigest().toString(), layer.digest(), "the digest of Jib's own compression");
    assertEquals(jibs.getSize(), layer.size());
    assertEquals(layer.digest(), Digests.sha256(layer.file()), "the file holds the layer's bytes");
    assertEquals(layer.size(), Files.size(layer.file()));

    Optional<CachedLayer> found = Cache.withDirectory(ControllerLayers.applicationCache(tmp.resolve("cache"))).retrieve(entries);
    assertTrue(found.isPresent(), "Jib's look-up by the layer's entries finds it");
    assertEquals(layer.digest(), found.get().getDigest().toString());
    assertEquals(jibs.getDiffId(), found.get().getDiffId());
  }

  /**
   * jib-core 0.28.1 BuildAndCacheApplicationLayerStep.call: the progress event the gate waits on
   * comes on the layer step's thread before its cache look-up; a Jib that announced it otherwise
   * would compress the layer a second time.
   */
  @Test
  void jibAnnouncesItsLayerStepWithTheEventTheGateWaitsOn() throws Exception {
    ControllerLayers layers = layers();
    LayerCompression compression = layers.start(Platform.LINUX_AMD64, binary);
    List<String> waited = Collections.synchronizedList(new ArrayList<>());
    Jib.fromScratch().setFormat(ImageFormat.OCI).setCreationTime(SampleController.COMMIT_TIME)
        .setFileEntriesLayers(layers.entries(Platform.LINUX_AMD64))
        .containerize(Containerizer.to(TarImage.at(tmp.resolve("image.tar")).named("x/y:1"))
            .setApplicationLayersCache(ControllerLayers.applicationCache(tmp.resolve("cache"))).setBaseImageLayersCache(tmp.resolve("base"))
            .addEventHandler(LogEvent.class, e -> {
              LayerCompression.Gate.beforeLookUp(e, compression, Progress.NONE, 0);
              if (LayerCompression.Gate.LOOK_UP.equals(e.getMessage())) {
                waited.add(compression.isDone() ? "done" : "running");
              }
            }));
    assertEquals(List.of("done"), waited, "the gate held Jib's layer step once, until the layer was in the cache");
  }

  @Test
  void aReaderOpenedAtTheStartGetsEveryByteOfTheLayer() throws Exception {
    LayerCompression compression = layers().start(Platform.LINUX_AMD64, binary);
    String streamed;
    try (InputStream in = compression.open()) {
      streamed = Digests.sha256(in);
    }
    assertEquals(compression.await(Progress.NONE, 0).digest(), streamed);
  }

  @Test
  void theSameBinaryIsCompressedOnceAnotherOneAgain() throws Exception {
    ControllerLayers layers = layers();
    LayerCompression first = layers.start(Platform.LINUX_AMD64, binary);
    assertEquals(first, layers.start(Platform.LINUX_AMD64, binary), "the layer started before is taken up");
    Path other = Files.copy(binary, tmp.resolve("other"));
    LayerCompression second = layers.start(Platform.LINUX_AMD64, other);
    assertTrue(first != second, "another binary is another layer");
    assertEquals(other, layers.entries(Platform.LINUX_AMD64).getEntries().get(0).getSourceFile());
    second.await(Progress.NONE, 0);
  }

  @Test
  void aCancelledCompressionFailsAndLeavesNoLayerInTheCache() throws Exception {
    ControllerLayers layers = layers();
    LayerCompression compression = layers.start(Platform.LINUX_AMD64, binary);
    layers.cancel();

    IOException e = assertThrows(IOException.class, () -> compression.await(Progress.NONE, 0));
    assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    Path cache = ControllerLayers.applicationCache(tmp.resolve("cache"));
    assertTrue(!Files.exists(cache.resolve("layers")) || isEmpty(cache.resolve("layers")), "no layer");
    assertTrue(isEmpty(cache.resolve("tmp")), "no partial file");
    FileEntriesLayer entries = layers.entries(Platform.LINUX_AMD64);
    assertEquals(Optional.empty(), Cache.withDirectory(cache).retrieve(ImmutableList.copyOf(entries.getEntries())));
  }

  static boolean isEmpty(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }
}
