package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.io.CountingOutputStream;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Directories;
import dev.ackrelease.steps.io.GrowingFile;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * One application layer compressed into Jib's layer cache on a thread of its own, as Jib's own
 * step would ({@code CacheStorageWriter.writeUncompressedLayerBlobToDirectory}, jib-core 0.28.1:
 * the tar of {@link ReproducibleLayerBuilder} through a {@link GZIPOutputStream} with the JDK's
 * defaults), so the bytes, and the digest, are the ones Jib makes; the build that follows finds
 * the layer in the cache and does not compress it again. The compressed bytes can be read while
 * they are written ({@link #open}: an upload streams them), and end in Jib's cache layout: the
 * file {@code layers/<digest>/<diff ID>} (its directory moved into place whole) and the selector
 * {@code selectors/<selector>} naming the digest. The selector is Jib's: {@link Cache} computes it
 * for the same entries in a scratch cache, so its format stays Jib's to define.
 */
final class LayerCompression {

  /** A layer in Jib's cache: its digest, size and the file that holds its compressed bytes. */
  record Layer(String digest, long size, Path file) {}

  private final GrowingFile.Writer writer;
  private final AtomicLong read = new AtomicLong();
  private final CompletableFuture<Layer> done = new CompletableFuture<>();
  private volatile boolean cancelled;

  private LayerCompression(GrowingFile.Writer writer) {
    this.writer = writer;
  }

  /** Starts compressing {@code layer} into the application-layer cache at {@code cache}. */
  static LayerCompression start(FileEntriesLayer layer, Path cache) throws IOException {
    Path tmp = Files.createDirectories(cache.resolve("tmp"));
    Path dir = Files.createTempDirectory(tmp, "layer");
    LayerCompression c = new LayerCompression(GrowingFile.create(dir.resolve("layer")));
    Thread thread = new Thread(() -> c.run(ImmutableList.copyOf(layer.getEntries()), cache, dir), "ack-release-layer");
    thread.setDaemon(true);
    thread.start();
    return c;
  }

  /** Reads every compressed byte from the first, following the compression until it ends. */
  InputStream open() throws IOException {
    return writer.file().open();
  }

  /** Whether the layer is in the cache (or its compression failed). */
  boolean isDone() {
    return done.isDone();
  }

  /** Why the compression failed, once it has. */
  Optional<IOException> failure() {
    if (!done.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      done.join();
      return Optional.empty();
    } catch (CompletionException | CancellationException e) {
      return Optional.of(e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause()));
    }
  }

  /**
   * Where a Jib build waits for the layer: Jib's step for an application layer ({@code
   * BuildAndCacheApplicationLayerStep}, jib-core 0.28.1) announces itself with a progress log
   * event, on its own thread, right before it looks the layer up in the cache; a handler of that
   * event waits there until the layer is in the cache, so Jib runs beside the compression (pulling
   * a base, say) and finds the layer instead of compressing it a second time.
   */
  static final class Gate {
    /** The event of Jib's step for the controller layer ({@link ControllerLayers#LAYER_NAME}). */
    static final String LOOK_UP = "Building " + ControllerLayers.LAYER_NAME + " layer...";

    private Gate() {}

    /** On {@code event} of Jib's layer step: waits for {@code compression}, showing its progress (at most {@code total}). */
    static void beforeLookUp(LogEvent event, LayerCompression compression, Progress progress, long total) {
      if (event.getLevel() != LogEvent.Level.PROGRESS || !LOOK_UP.equals(event.getMessage())) {
        return;
      }
      try {
        compression.await(progress, total);
      } catch (IOException e) {
        throw new IllegalStateException("the layer's compression failed: " + e.getMessage(), e); // stops Jib's build
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the layer was compressed", e);
      }
    }
  }

  /** Stops the compression; the partial file is deleted. */
  void cancel() {
    cancelled = true;
  }

  /** Waits (at most {@code seconds}) for the compression to end, however it ends. */
  void awaitEnd(long seconds) {
    try {
      done.get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // ended by its failure (the cancellation), or still cleaning up: nothing more to wait for
    }
  }

  /**
   * Waits for the layer, showing how much of its tar was read (at most {@code total}); its failure
   * is thrown as an IOException.
   */
  Layer await(Progress progress, long total) throws IOException, InterruptedException {
    while (true) {
      try {
        return done.get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        progress.update(Math.min(read.get(), total));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
      }
    }
  }

  private void run(ImmutableList<FileEntry> entries, Path cache, Path dir) {
    try {
      MessageDigest sha = Digests.sha256();
      String diffId;
      long size;
      // As Jib: gzip over a digest of the compressed bytes over the file; the tar's digest is the diff ID.
      try (CountingOutputStream compressed = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(unclosed(writer), 1 << 16), sha));
          GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
        diffId = new ReproducibleLayerBuilder(entries).build().writeTo(new CountingInput(gzip)).getDigest().getHash();
        gzip.finish();
        compressed.flush();
        size = compressed.getCount();
      }
      String hash = HexFormat.of().formatHex(sha.digest());
      writer.finish();
      Path layerDir = cache.resolve("layers").resolve(hash);
      Path file = layerDir.resolve(diffId);
      writer.file().moved(file, () -> {
        Files.move(writer.file().path(), dir.resolve(diffId));
        Files.createDirectories(layerDir.getParent());
        // As Jib's moveIfDoesNotExist: a layer cached before under this digest has these bytes.
        try {
          if (!Files.exists(layerDir)) {
            Files.move(dir, layerDir, StandardCopyOption.ATOMIC_MOVE);
          }
        } catch (FileSystemException e) {
          if (!Files.isDirectory(layerDir)) {
            throw e;
          }
        }
        Directories.deleteQuietly(dir);
      });
      writeSelector(entries, cache, hash);
      done.complete(new Layer("sha256:" + hash, size, file));
    } catch (IOException | RuntimeException | CacheDirectoryCreationException e) {
      writer.fail(e);
      Directories.deleteQuietly(dir);
      done.completeExceptionally(e instanceof IOException ? e : new IOException(e.getMessage(), e));
    }
  }

  /** {@code selectors/<selector>} holding the layer's digest, written whole; the selector as Jib computes it. */
  private static void writeSelector(ImmutableList<FileEntry> entries, Path cache, String hash)
      throws IOException, CacheDirectoryCreationException {
    Path scratch = Files.createTempDirectory(cache.resolve("tmp"), "selector");
    try {
      Cache.withDirectory(scratch).writeUncompressedLayer(Blobs.from(""), entries);
      String selector;
      try (var names = Files.list(scratch.resolve("selectors"))) {
        selector = names.map(p -> p.getFileName().toString()).findFirst()
            .orElseThrow(() -> new IOException("Jib wrote no selector in " + scratch));
      }
      AtomicFiles.write(cache.resolve("selectors").resolve(selector), hash.getBytes(StandardCharsets.UTF_8));
    } finally {
      Directories.deleteQuietly(scratch);
    }
  }

  /** {@code out} whose close only flushes: the writer is finished or failed on purpose, not by a close. */
  private static OutputStream unclosed(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** Counts the tar's bytes into the compressor, and stops it once cancelled. */
  private final class CountingInput extends FilterOutputStream {
    CountingInput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (cancelled) {
        throw new InterruptedIOException("the layer's compression was cancelled");
      }
      out.write(b, off, len);
      read.addAndGet(len);
    }

    @Override
    public void close() throws IOException {
      flush(); // the gzip stream is finished above, as Jib finishes it
    }
  }
}
