package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Sizes;
import dev.ackrelease.steps.registry.References;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Layers streamed to the registry while they are compressed ({@link LayerCompression}), so each
 * upload ends with its compression, while Jib builds the rest of the image and the other platforms
 * are still compressing: {@code publish} uses it when the image's tag is absent (the decision to
 * push comes before the build, after every input was checked), never in a dry run or when the tag
 * may hold another image. Each layer goes on a thread of its own through the run's session, the
 * way the push sends any blob (push access to the release's repositories first, retried): a layer
 * is streamed ({@code POST}, a chunked {@code PATCH} as the bytes come, {@code PUT} with the
 * digest at their end); one already compressed when its upload starts is looked up first ({@code
 * HEAD}) and not sent again when there; a registry that takes no streamed upload gets it whole.
 * {@link #await} joins them before the push, which then sends only what is left, and what they
 * sent counts in the image's row. A build that fails after a layer went ahead leaves that blob in
 * the repository, untagged and unreferenced; nothing is tagged before the whole image is pushed.
 */
public final class PushAhead {

  /** What the layers sent ahead cost: body bytes (every attempt's) and retried requests. */
  public record Sent(long bytes, int retries) {}

  private final RegistrySession session;
  private final String name;
  private final Log log;
  private final List<FutureTask<Void>> uploads = new ArrayList<>();
  private long bytesBefore;
  private int retriesBefore;

  /** Layers go to the repository {@code name} of {@code session}'s registry. */
  public PushAhead(RegistrySession session, String name, Log log) {
    this.session = session;
    this.name = name;
    this.log = Log.serialized(log);
  }

  /** Starts sending the layer {@code compression} makes, on a thread of its own. */
  synchronized void send(LayerCompression compression) {
    if (uploads.isEmpty()) {
      bytesBefore = session.bytesSent(name);
      retriesBefore = session.retries(name);
    }
    FutureTask<Void> upload = new FutureTask<>(() -> {
      session.beforeWrite(name);
      // A layer compressed already (the upload started late) is looked up first: the same blob is not sent twice.
      boolean lookedUp = compression.isDone();
      if (lookedUp && session.blobExists(name, layer(compression).digest())) {
        return null;
      }
      Optional<String> streamed = session.pushBlobStreamed(name, () -> open(compression), () -> layer(compression).digest());
      if (streamed.isPresent()) {
        log.info("pushed layer " + References.shortDigest(streamed.get()) + " while it was compressed");
        return null;
      }
      LayerCompression.Layer layer = layer(compression);
      log.detail("the registry takes no streamed upload: sending layer " + References.shortDigest(layer.digest()) + " whole");
      // Absent when it was looked up above: it is not asked for again.
      if (lookedUp || !session.blobExists(name, layer.digest())) {
        log.info("pushing layer " + References.shortDigest(layer.digest()) + " (" + Sizes.binary(layer.size())
            + ") while the image is built");
        session.pushBlob(name, layer.digest(), layer.size(), () -> open(compression));
      }
      return null;
    });
    uploads.add(upload);
    Thread thread = new Thread(upload, "ack-release-push-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  /** How many layers were sent so far. */
  synchronized int started() {
    return uploads.size();
  }

  /**
   * Waits for every layer sent ahead; the first failure is thrown as the push would have thrown
   * it. Returns what they sent.
   */
  public synchronized Sent await() {
    RuntimeException failure = null;
    for (FutureTask<Void> upload : uploads) {
      try {
        upload.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r
              : new ReleaseException(ReleaseException.Kind.INTERNAL, "a layer push failed: " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "interrupted while layers were pushed", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return uploads.isEmpty() ? new Sent(0, 0) : new Sent(session.bytesSent(name) - bytesBefore, session.retries(name) - retriesBefore);
  }

  /**
   * Waits, at most 10 s in all, for every layer sent ahead to end, however it ends: a failed build
   * leaves no upload running behind its error (a cancelled compression ends its upload at once,
   * and the upload cancels its session).
   */
  synchronized void settle() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (FutureTask<Void> upload : uploads) {
      try {
        upload.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the build's own failure is the one reported
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The layer's bytes from the first: as they are compressed, or from the cached file once they all are. */
  private static InputStream open(LayerCompression compression) {
    try {
      return compression.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The compressed layer, once it is; its compression's failure is the build's (the build step reports it). */
  private static LayerCompression.Layer layer(LayerCompression compression) {
    try {
      return compression.await(Progress.NONE, 0);
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "the layer could not be compressed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "interrupted while a layer was compressed", e);
    }
  }
}
