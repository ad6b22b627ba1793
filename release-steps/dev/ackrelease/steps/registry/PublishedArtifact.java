package dev.ackrelease.steps.registry;

import java.time.Duration;

/**
 * One line of the publish summary: an artifact (image or chart), where it goes, its digest,
 * what was done, how many bytes this run sent for it (retried uploads included, blobs the
 * registry already had not), how many requests it retried and how long it took.
 */
public record PublishedArtifact(String kind, String ref, String digest, Action action, long bytesPushed,
    Duration elapsed, String detail, int retries) {

  /** A row before any traffic is known: no retries. */
  public PublishedArtifact(String kind, String ref, String digest, Action action, long bytesPushed, Duration elapsed,
      String detail) {
    this(kind, ref, digest, action, bytesPushed, elapsed, detail, 0);
  }

  /** This row with what the run really sent for it and how many requests it retried. */
  public PublishedArtifact withTraffic(long bytes, int retried) {
    return new PublishedArtifact(kind, ref, digest, action, bytes, elapsed, detail, retried);
  }

  /** What publish did with an artifact. */
  public enum Action {
    PUSHED("pushed"),
    ALREADY_PUBLISHED("already published"),
    REFUSED("refused"),
    FAILED("failed"),
    WOULD_PUSH("would push"),
    WOULD_SKIP("would skip (already published)"),
    WOULD_REFUSE("would refuse"),
    /** plan: the tag is absent (or the stable chart moves): publish pushes it. */
    PLAN_PUSH("push"),
    /** plan: the registry records other build inputs; publish builds, then refuses unless the digests agree. */
    CONFLICT("conflict"),
    /** plan: published without a build-inputs record; only building tells. */
    UNKNOWN_UNTIL_BUILT("unknown until built"),
    /** verify: read back and as expected. */
    VERIFIED("verified");

    private final String text;

    Action(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
