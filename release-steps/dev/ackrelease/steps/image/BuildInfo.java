package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

  /** The stamp of a release of {@code version} built from the repository's HEAD. */
  public static BuildInfo ofHead(GitRepo repo, ReleaseVersion version) {
    return new BuildInfo(version, repo.head().getName(), repo.headCommitTime());
  }

  private static final DateTimeFormatter ACK_BUILD_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** The commit time as RFC 3339 in UTC, e.g. {@code 2026-11-23T12:00:00Z}: the image's {@code created}. */
  public String created() {
    return commitTime.toString();
  }

  /**
   * {@code BuildDate} as ACK stamps it: {@code date +%Y-%m-%dT%H:%M} in UTC, here of the commit
   * time (ACK takes the build time, which makes its builds unreproducible).
   */
  public String buildDate() {
    return ACK_BUILD_DATE.format(commitTime);
  }
}
