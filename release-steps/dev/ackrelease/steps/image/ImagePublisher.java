package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pushes a {@link BuiltImage} to {@code <registry>/<name>:<tag>} through the run's
 * {@link RegistrySession} with the {@link ImmutablePush} rule shared with charts: the index
 * digest decides (same: "already published"; different: refused), the blobs the registry lacks
 * go first, then each platform's manifest by digest, then the index by tag, last.
 */
public final class ImagePublisher {

  /** Blobs of this size or more get progress lines while they upload. */
  static final long PROGRESS_THRESHOLD = 8L << 20;

  /**
   * What to push where; {@code name} is the repository under the registry's namespace, e.g.
   * {@code s3-controller}; {@code session} the run's session for {@code access} (a new one when
   * empty).
   */
  public record Request(BuiltImage image, RegistryAccess access, String name, String tag, boolean dryRun,
      Optional<RegistrySession> session) {

    public Request(BuiltImage image, RegistryAccess access, String name, String tag, boolean dryRun) {
      this(image, access, name, tag, dryRun, Optional.empty());
    }
  }

  private final Log log;
  private final Retry.Policy retry;
  private final long progressThreshold;

  public ImagePublisher(Log log, Retry.Policy retry) {
    this(log, retry, PROGRESS_THRESHOLD);
  }

  ImagePublisher(Log log, Retry.Policy retry, long progressThreshold) {
    this.log = Log.serialized(log);
    this.retry = retry;
    this.progressThreshold = progressThreshold;
  }

  public PublishedArtifact publish(Request request) {
    BuiltImage image = request.image();
    // The layers the build sent ahead are in the registry (the session knows them) before anything else goes.
    PushAhead.Sent ahead = image.ahead().map(PushAhead::await).orElse(new PushAhead.Sent(0, 0));
    RegistrySession session = request.session().orElseGet(() -> new RegistrySession(request.access(), log, retry));
    List<ImmutablePush.Blob> blobs = new ArrayList<>();
    for (ContentDescriptor blob : image.blobs()) {
      blobs.add(new ImmutablePush.Blob(blob.digest(), blob.size(), () -> progress(open(image, blob), blob)));
    }
    List<ImmutablePush.Child> children = new ArrayList<>();
    for (PlatformImage p : image.platforms()) {
      children.add(new ImmutablePush.Child("for " + p.platform(), p.manifest().digest(), p.manifest().mediaType(),
          image.read(p.manifest())));
    }
    PublishedArtifact row = new ImmutablePush(log).publish(session, new ImmutablePush.Artifact("image", request.name(), request.tag(),
        blobs, children, OciLayout.INDEX_MEDIA_TYPE, image.read(image.index()), image.digest(), image.digest(),
        RegistrySession.Fetched::digest, false, "the registry has this image index"), request.dryRun());
    return row.withTraffic(row.bytesPushed() + ahead.bytes(), row.retries() + ahead.retries());
  }

  private static InputStream open(BuiltImage image, ContentDescriptor blob) {
    try {
      return Files.newInputStream(image.blobPath(blob.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs every quarter of a large blob as it is read for upload. */
  private InputStream progress(InputStream in, ContentDescriptor blob) {
    if (blob.size() < progressThreshold) {
      return in;
    }
    return new FilterInputStream(in) {
      private long read;
      private int quarter;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
          int q = (int) (read * 4 / blob.size());
          if (q > quarter && q < 4) {
            quarter = q;
            log.info("  blob " + short12(blob) + ": " + (q * 25) + "% of " + mb(blob.size()));
          }
        }
        return n;
      }
    };
  }

  private static String short12(ContentDescriptor blob) {
    return "sha256:" + blob.hex().substring(0, 12);
  }

  static String mb(long bytes) {
    return ImmutablePush.size(bytes);
  }
}
