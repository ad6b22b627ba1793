package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.notes.Change;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ACK's release policy for the next version: a patch or a minor release after the newest release
 * tag (test-infra cd/lib/gh.sh {@code compute_next_version}), decided by the {@code release/minor}
 * and {@code release/patch} labels of the pull requests merged since it (controller-release-pr.sh:
 * a pull request with both is refused; here a minor label anywhere makes the release minor). A
 * first release is {@code v0.0.1} (patch) or {@code v0.1.0} (minor), as controller-release-tag.sh
 * starts them.
 */
public enum ReleaseBump {
  PATCH, MINOR;

  public static final String MINOR_LABEL = "release/minor";
  public static final String PATCH_LABEL = "release/patch";

  /** The version after {@code newest} (none: the first release). */
  public ReleaseVersion next(Optional<ReleaseVersion> newest) {
    if (newest.isEmpty()) {
      return this == PATCH ? new ReleaseVersion(0, 0, 1) : new ReleaseVersion(0, 1, 0);
    }
    return this == PATCH ? newest.get().nextPatch() : newest.get().nextMinor();
  }

  /** {@code patch} or {@code minor} (the option's value). */
  public static ReleaseBump parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "patch" -> PATCH;
      case "minor" -> MINOR;
      default -> throw ReleaseException.invalidInput("--bump '" + text + "' is not patch or minor: ACK releases a major version by"
          + " hand (ack-release prepare vX.0.0 and tag --allow-major)");
    };
  }

  /**
   * The bump the labels of {@code notes}' pull requests ask for; empty when none carries a release
   * label. A pull request labelled both ways is refused (exit 3), naming it.
   */
  public static Optional<ReleaseBump> fromLabels(ReleaseNotes notes) {
    List<Change> minor = notes.labelled(MINOR_LABEL);
    List<Change> patch = notes.labelled(PATCH_LABEL);
    for (Change c : minor) {
      if (c.labels().contains(PATCH_LABEL)) {
        throw ReleaseException.refused("#" + c.number().orElse(0) + " (" + c.title() + ") has both " + MINOR_LABEL + " and "
            + PATCH_LABEL + ": remove one of the labels and run again");
      }
    }
    return !minor.isEmpty() ? Optional.of(MINOR) : !patch.isEmpty() ? Optional.of(PATCH) : Optional.empty();
  }

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
