package dev.ackrelease.steps.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result row, the one every command prints and reports: what it is ({@code kind}: image,
 * chart, sbom, signature, provenance, tag, commit, file, dependency, asset, ...), where
 * ({@code ref}), its digest or commit, what was done ({@link Action}), how many bytes this run
 * sent for it (retried uploads included, blobs the registry already had not), how many requests
 * it retried and how long it took.
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

  /**
   * One vocabulary for what every command did with what it names (an image, a chart, a tag, a
   * commit, a file, a GitHub release): the same word for the same outcome whatever the command
   * ({@code unchanged}: already published, already tagged, up to date).
   */
  public enum Action {
    PUSHED("pushed"),
    CREATED("created"),
    UPDATED("updated"),
    ALREADY_PUBLISHED("unchanged"),
    REFUSED("refused"),
    FAILED("failed"),
    WOULD_PUSH("would push"),
    WOULD_CREATE("would create"),
    WOULD_UPDATE("would update"),
    /** A dry run's unchanged: what is there is what the run would make. */
    WOULD_SKIP("unchanged"),
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

  /** The row as data: the same fields for every command's rows ({@code docs/schema/output.schema.json}'s row). */
  public Map<String, Object> toData() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("kind", kind);
    row.put("ref", ref);
    row.put("digest", digest);
    row.put("action", action.text());
    row.put("bytes", bytesPushed);
    row.put("retries", retries);
    row.put("seconds", elapsed == null ? 0.0 : elapsed.toMillis() / 1000.0);
    row.put("detail", detail);
    return row;
  }

  /** A row for what is not sent anywhere (a tag, a commit, a file): no bytes, retries or time. */
  public static PublishedArtifact of(String kind, String ref, String digest, Action action, String detail) {
    return new PublishedArtifact(kind, ref, digest, action, 0, Duration.ZERO, detail);
  }
}
