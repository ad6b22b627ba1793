package dev.ackrelease.steps.publish;

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

  /** The refusal for a released tag that holds other content. */
  public static ReleaseException conflict(String ref, String registryDigest, String localDigest) {
    return ReleaseException.refused("refusing to overwrite " + ref + ": the registry has " + registryDigest
        + " but this build is " + localDigest + "; released versions are immutable: release a new version");
  }
}
