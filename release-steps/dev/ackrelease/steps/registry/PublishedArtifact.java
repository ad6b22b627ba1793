package dev.ackrelease.steps.registry;

import java.time.Duration;

/**
 * One line of the publish summary: an artifact (image or chart), where it goes, its digest,
 * what was done, how many bytes were sent and how long it took.
 */
public record PublishedArtifact(String kind, String ref, String digest, Action action, long bytesPushed,
    Duration elapsed, String detail) {

  /** What publish did with an artifact. */
  public enum Action {
    PUSHED("pushed"),
    ALREADY_PUBLISHED("already published"),
    REFUSED("refused"),
    FAILED("failed"),
    WOULD_PUSH("would push"),
    WOULD_SKIP("would skip (already published)"),
    WOULD_REFUSE("would refuse");

    private final String text;

    Action(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
