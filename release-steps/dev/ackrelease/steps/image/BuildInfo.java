package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a release build stamps into the controller and its image: the release version, the
 * commit and the commit time (used as build date, so a rebuild of the same commit is identical).
 */
public record BuildInfo(ReleaseVersion version, String commit, Instant commitTime) {

  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([A-Za-z0-9.-]+):(?!/)(.+)$");
  private static final Pattern URL = Pattern.compile("^(?:https?|ssh|git)://(?:[^@/]+@)?([A-Za-z0-9.-]+)(?::\\d+)?(/.+)$");
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

  /**
   * The web address of a git remote for the {@code org.opencontainers.image.source} label:
   * {@code git@github.com:org/repo.git} and {@code https://user@github.com/org/repo.git} both
   * give {@code https://github.com/org/repo}; empty for a local path.
   */
  public static Optional<String> sourceUrl(String remoteUrl) {
    if (remoteUrl == null || remoteUrl.isBlank()) {
      return Optional.empty();
    }
    String u = remoteUrl.strip().replaceFirst("\\.git$", "").replaceFirst("/+$", "");
    Matcher scp = SCP_LIKE.matcher(u);
    if (scp.matches()) {
      return Optional.of("https://" + scp.group(1) + "/" + scp.group(2));
    }
    Matcher url = URL.matcher(u);
    if (url.matches()) {
      return Optional.of("https://" + url.group(1) + url.group(2));
    }
    return Optional.empty();
  }

  /** The build date as RFC 3339 in UTC, e.g. {@code 2026-11-23T12:00:00Z}. */
  public String buildDate() {
    return commitTime.toString();
  }
}
