package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import java.util.Optional;

/**
 * Released artifacts are immutable: before a push the tag is looked up, and the digest there
 * decides. Absent: push. Same digest: skip ("already published"). Different: refuse (exit 3),
 * naming both digests, unless the tag moves on purpose (the stable chart tag).
 */
public final class ImmutableTag {

  /** What the registry holds at the tag, compared with what this run built. */
  public enum State { ABSENT, SAME, DIFFERENT }

  private ImmutableTag() {}

  public static State compare(Optional<String> registryDigest, String localDigest) {
    if (registryDigest.isEmpty()) {
      return State.ABSENT;
    }
    return registryDigest.get().equals(localDigest) ? State.SAME : State.DIFFERENT;
  }

  /**
   * The rule applied to one tag: the state found and what this run does about it. A refusal is
   * thrown in a real run; in a dry run it is reported as {@code WOULD_REFUSE} with its message.
   */
  public record Decision(State state, PublishedArtifact.Action action, String refusal) {}

  /**
   * Decides what to do with {@code ref}: SAME skips (already published), ABSENT pushes,
   * DIFFERENT pushes only a {@code movable} tag and otherwise refuses. Each action has its dry-run
   * twin ({@code WOULD_SKIP}, {@code WOULD_PUSH}, {@code WOULD_REFUSE}).
   */
  public static Decision decide(String ref, Optional<String> registryDigest, String localDigest, boolean movable,
      boolean dryRun) {
    State state = compare(registryDigest, localDigest);
    if (state == State.SAME) {
      return new Decision(state, dryRun ? PublishedArtifact.Action.WOULD_SKIP : PublishedArtifact.Action.ALREADY_PUBLISHED, null);
    }
    if (state == State.DIFFERENT && !movable) {
      ReleaseException refusal = conflict(ref, registryDigest.orElseThrow(), localDigest);
      if (!dryRun) {
        throw refusal;
      }
      return new Decision(state, PublishedArtifact.Action.WOULD_REFUSE, refusal.getMessage());
    }
    return new Decision(state, dryRun ? PublishedArtifact.Action.WOULD_PUSH : PublishedArtifact.Action.PUSHED, null);
  }

  /** The refusal for a released tag that holds other content. */
  public static ReleaseException conflict(String ref, String registryDigest, String localDigest) {
    return ReleaseException.refused("refusing to overwrite " + ref + ": the registry has " + registryDigest
        + " but this build is " + localDigest + "; released versions are immutable: release a new version");
  }
}
