package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
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

  public ImagePublisher(Log log, Retry.Policy retry) {
    this.log = Log.serialized(log);
    this.retry = retry;
  }

  public PublishedArtifact publish(Request request) {
    BuiltImage image = request.image();
    // The layers the build sent ahead are in the registry (the session knows them) before anything else goes.
    PushAhead.Sent ahead = image.ahead().map(PushAhead::await).orElse(new PushAhead.Sent(0, 0));
    RegistrySession session = request.session().orElseGet(() -> new RegistrySession(request.access(), log, retry));
    List<ImmutablePush.Blob> blobs = new ArrayList<>();
    for (ContentDescriptor blob : image.blobs()) {
      blobs.add(new ImmutablePush.Blob(blob.digest(), blob.size(), () -> open(image, blob)));
    }
    List<ImmutablePush.Child> children = new ArrayList<>();
    for (PlatformImage p : image.platforms()) {
      children.add(new ImmutablePush.Child("for " + p.platform(), p.manifest().digest(), p.manifest().mediaType(),
          image.read(p.manifest())));
    }
    return new ImmutablePush(log).sentAhead(ahead.bytes(), ahead.retries()).publish(session, new ImmutablePush.Artifact("image",
        request.name(), request.tag(), blobs, children, OciLayout.INDEX_MEDIA_TYPE, image.read(image.index()), image.digest(),
        image.digest(), RegistrySession.Fetched::digest, false, "the registry has this image index"), request.dryRun());
  }

  private static InputStream open(BuiltImage image, ContentDescriptor blob) {
    try {
      return Files.newInputStream(image.blobPath(blob.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
