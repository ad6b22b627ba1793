package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Sizes;
import dev.ackrelease.steps.registry.References;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Layers sent to the registry the moment they are compressed, while Jib writes the rest of the
 * image and the other platforms are still compressing: {@code publish} uses it when the image's
 * tag is absent (the decision to push comes before the build), never in a dry run or when the tag
 * may hold another image. Each layer goes on a thread of its own through the run's session, the
 * way the push sends any blob (push access to the release's repositories first, then HEAD, POST
 * and PUT, retried); {@link #await} joins them before the push, which then sends only what is
 * left, and what they sent counts in the image's row. A build that fails after a layer went ahead
 * leaves that blob in the repository, untagged and unreferenced (a re-run finds it and does not
 * send it again); nothing is tagged before the whole image is pushed.
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

  /** Starts sending {@code layer}, now compressed in Jib's cache, on a thread of its own. */
  synchronized void send(JibLayers.Layer layer) {
    if (uploads.isEmpty()) {
      bytesBefore = session.bytesSent(name);
      retriesBefore = session.retries(name);
    }
    FutureTask<Void> upload = new FutureTask<>(() -> {
      session.beforeWrite(name);
      if (!session.blobExists(name, layer.digest())) {
        log.info("pushing layer " + References.shortDigest(layer.digest()) + " (" + Sizes.binary(layer.size())
            + ") while the image is built");
        session.pushBlob(name, layer.digest(), layer.size(), () -> open(layer));
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

  private static InputStream open(JibLayers.Layer layer) {
    try {
      return Files.newInputStream(layer.file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
