package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * What a release build stamps into the controller and its image: the release version, the
 * commit and the commit time (used as build date, so a rebuild of the same commit is identical).
 */
public record BuildInfo(ReleaseVersion version, String commit, Instant commitTime) {

  private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");

  public BuildInfo {
    if (version == null) {
      throw ReleaseException.invalidInput("no release version: pass --version vX.Y.Z");
    }
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw ReleaseException.invalidInput("'" + commit + "' is not a full git commit hash: pass the 40-hex-digit commit the release is built from");
    }
    if (commitTime == null) {
      throw ReleaseException.invalidInput("no commit time: pass the release commit's committer time");
    }
    commitTime = commitTime.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The build date as RFC 3339 in UTC, e.g. {@code 2026-11-23T12:00:00Z}. */
  public String buildDate() {
    return commitTime.toString();
  }
}
