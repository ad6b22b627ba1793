package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Parallel;
import dev.ackrelease.steps.io.Sizes;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way an artifact reaches a tag, for images and charts alike: look the tag up (from what
 * the run already read, else one request), decide with {@link ImmutableTag} (absent: push; the
 * same: skip; different: refuse, unless the tag moves on purpose), push the blobs the registry
 * lacks, then the child manifests by digest, then the top manifest by tag, last, so the tag never
 * points at something incomplete and a run that died halfway resumes; finally read the tag back
 * and fail unless it holds exactly what was pushed. One line says what was pushed; the blobs and
 * manifests are {@linkplain Log#detail details}, and each upload reports its {@link Progress}.
 */
public final class ImmutablePush {

  /** A blob of the artifact: its digest, size, and how to read its bytes (opened once per attempt). */
  public record Blob(String digest, long size, Supplier<InputStream> content) {}

  /** A manifest pushed by digest before the top one (an image's platform manifests); {@code label} names it in progress lines. */
  public record Child(String label, String digest, String mediaType, byte[] bytes) {}

  /**
   * What to publish: the kind for the summary ({@code image}, {@code chart}), the repository name
   * and tag, its blobs and child manifests, the top manifest (its media type and exact bytes),
   * what "the same artifact" means ({@code identity} of the local artifact, and how to read it off
   * the registry's top manifest: the index digest for images, the content layer for charts),
   * whether the tag may move, and the summary's detail for a skip.
   */
  public record Artifact(String kind, String name, String tag, List<Blob> blobs, List<Child> children, String topMediaType,
      byte[] top, String topDigest, String identity, Function<RegistrySession.Fetched, String> remoteIdentity,
      boolean movable, String sameDetail) {}

  /**
   * The tag held something else right after the push: another run pushed to it in between. The
   * tag is forgotten, so a caller that can merge (a signature set) reads it again and retries.
   */
  public static final class Raced extends ReleaseException {
    Raced(String message) {
      super(Kind.VERIFICATION, message);
    }
  }

  /** Blob uploads at once: enough to overlap a large layer with the others, few enough for a registry's limits. */
  static final int BLOB_UPLOADS = 3;

  private final Log log;
  private final long bytesAhead;
  private final int retriesAhead;

  public ImmutablePush(Log log) {
    this(Log.serialized(log), 0, 0);
  }

  private ImmutablePush(Log log, long bytesAhead, int retriesAhead) {
    this.log = log;
    this.bytesAhead = bytesAhead;
    this.retriesAhead = retriesAhead;
  }

  /**
   * This push, with {@code bytes} and {@code retries} of the artifact's blobs sent ahead of it (an
   * image's layers streamed while they were compressed): its line and its row count them as sent
   * for the artifact.
   */
  public ImmutablePush sentAhead(long bytes, int retries) {
    return new ImmutablePush(log, bytes, retries);
  }

  public PublishedArtifact publish(RegistrySession session, Artifact a, boolean dryRun) {
    PublishedArtifact row = push(session, a, dryRun);
    return bytesAhead == 0 && retriesAhead == 0 ? row : row.withTraffic(row.bytesPushed() + bytesAhead, row.retries() + retriesAhead);
  }

  private PublishedArtifact push(RegistrySession session, Artifact a, boolean dryRun) {
    long start = System.nanoTime();
    // The session counts per repository for the whole run (an image and its signatures share
    // one): a row gets what was sent and retried while this artifact was published.
    long sentBefore = session.bytesSent(a.name());
    int retriedBefore = session.retries(a.name());
    String ref = session.access().registry().ref(a.name(), a.tag());
    Optional<RegistrySession.Fetched> remote = session.manifest(a.name(), a.tag());
    ImmutableTag.Decision decision = ImmutableTag.decide(ref, remote.map(a.remoteIdentity()), a.identity(), a.movable(), dryRun);
    switch (decision.action()) {
      case ALREADY_PUBLISHED, WOULD_SKIP -> {
        log.info(ref + " already holds " + a.identity() + ": nothing to push");
        return row(a, ref, remote.orElseThrow().digest(), decision.action(), 0, start, a.sameDetail())
            .withTraffic(0, session.retries(a.name()) - retriedBefore);
      }
      case WOULD_REFUSE -> {
        log.info("would refuse: " + decision.refusal());
        return row(a, ref, a.topDigest(), Action.WOULD_REFUSE, 0, start, decision.refusal());
      }
      default -> { }
    }
    List<Blob> missing = new ArrayList<>();
    for (Blob b : a.blobs()) {
      if (!session.blobExists(a.name(), b.digest())) {
        missing.add(b);
      }
    }
    long blobBytes = missing.stream().mapToLong(Blob::size).sum();
    if (dryRun) {
      long manifestBytes = a.children().stream().mapToLong(c -> c.bytes().length).sum() + a.top().length;
      String plan = missing.size() + " of " + a.blobs().size() + " blobs (" + Sizes.binary(blobBytes) + ")"
          + (a.children().isEmpty() ? "" : ", " + a.children().size() + " manifests") + " and the " + a.kind() + " manifest";
      String moved = decision.state() == ImmutableTag.State.DIFFERENT ? " (moving the tag)" : "";
      log.info("would push " + ref + " (" + a.topDigest() + "): " + plan + moved);
      return row(a, ref, a.topDigest(), Action.WOULD_PUSH, blobBytes + manifestBytes, start, "would push " + plan + moved);
    }
    // The release's other repositories must take pushes too before this one gets anything.
    session.beforeWrite(a.name());
    // A run that died halfway left some manifests: they are not sent again.
    List<Child> children = new ArrayList<>();
    for (Child c : a.children()) {
      if (!session.manifestExists(a.name(), c.digest())) {
        children.add(c);
      }
    }
    String plan = missing.size() + " of " + a.blobs().size() + " blobs (" + Sizes.binary(blobBytes) + ")"
        + (a.children().isEmpty() ? "" : ", " + children.size() + " of " + a.children().size() + " manifests")
        + " and the " + a.kind() + " manifest";
    String moved = decision.state() == ImmutableTag.State.DIFFERENT ? " (moving the tag)" : "";
    log.detail("pushing " + ref + " (" + a.topDigest() + "): " + plan + moved);
    // Blobs upload side by side (a few at a time), each with its progress; manifests wait for all of them.
    try {
      Parallel.map(missing, BLOB_UPLOADS, b -> {
        String blob = "blob " + References.shortDigest(b.digest());
        log.detail("pushing " + blob + " (" + Sizes.binary(b.size()) + ")");
        try (Progress progress = log.progress("pushing " + a.kind() + " " + blob + " to " + a.name(), b.size())) {
          session.pushBlob(a.name(), b.digest(), b.size(), () -> progress.counting(b.content().get()));
        }
        return b;
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "blob upload failed: " + e.getMessage(), e);
    }
    for (Child c : children) {
      log.detail("pushing manifest " + c.label() + " (" + c.digest() + ")");
      session.putManifest(a.name(), c.digest(), c.mediaType(), c.bytes());
    }
    session.putManifest(a.name(), a.tag(), a.topMediaType(), a.top());
    log.detail("reading " + ref + " back: it must hold " + a.topDigest());
    Optional<String> after = session.manifest(a.name(), a.tag()).map(RegistrySession.Fetched::digest);
    if (!after.equals(Optional.of(a.topDigest()))) {
      session.forget(a.name(), a.tag());
      throw new Raced("after the push " + ref + " points at " + after.orElse("nothing") + ", not at " + a.topDigest()
          + ": another push raced this one; check the registry and run again");
    }
    // What was really sent: every attempt's bytes, retries included; blobs the registry had are not.
    long sent = session.bytesSent(a.name()) - sentBefore;
    int retried = session.retries(a.name()) - retriedBefore;
    long total = sent + bytesAhead;
    int retries = retried + retriesAhead;
    log.info("pushed " + ref + " (" + a.topDigest() + ", " + Sizes.binary(total) + " sent"
        + (retries == 0 ? "" : ", " + retries + (retries == 1 ? " retry" : " retries")) + ", " + seconds(start) + ")");
    return row(a, ref, a.topDigest(), Action.PUSHED, sent, start, "pushed " + plan + moved).withTraffic(sent, retried);
  }

  private static PublishedArtifact row(Artifact a, String ref, String digest, Action action, long bytes, long start,
      String detail) {
    return new PublishedArtifact(a.kind(), ref, digest, action, bytes, Duration.ofNanos(System.nanoTime() - start), detail);
  }

  /** The time since {@code start} (a {@link System#nanoTime}), as {@code 2.4 s}. */
  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
  }
}
