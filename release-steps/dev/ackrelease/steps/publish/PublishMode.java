package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a publish run does, decided from git and the CI's variables: a CI job started by a push
 * to {@code stable} publishes the stable chart; otherwise a release tag at HEAD publishes that
 * release; the {@code stable} branch publishes the moving {@code v<MAJOR>-stable}
 * chart of the newest release reachable from HEAD; anything else has nothing to publish (a
 * postsubmit on main must not fail).
 */
public record PublishMode(Kind kind, Optional<ReleaseVersion> version, String reason) {

  /** The three outcomes. */
  public enum Kind { RELEASE, STABLE, NOTHING }

  /** What the user asked for with {@code --mode}. */
  public enum Requested { AUTO, RELEASE, STABLE }

  public static final String STABLE_BRANCH = "stable";

  /** CI variables that name the branch when HEAD is detached: Prow's, then GitHub Actions'. */
  static final List<String> BRANCH_VARIABLES = List.of("PULL_BASE_REF", "GITHUB_REF_NAME");

  public static PublishMode detect(GitRepo repo, Requested requested, Map<String, String> env) {
    List<ReleaseTag> atHead = ReleaseTags.atHead(repo);
    Optional<String> branch = branch(repo, env);
    switch (requested) {
      case RELEASE -> {
        if (atHead.isEmpty()) {
          throw ReleaseException.refused("--mode release needs a release tag vX.Y.Z at HEAD " + abbrev(repo)
              + missingTagHint(env) + ": check out the tag, or tag first with ack-release tag");
        }
        return release(atHead.get(0));
      }
      case STABLE -> {
        return stable(repo, "--mode stable");
      }
      default -> {
        // The CI names the ref whose push started the job: a push to stable is a stable publish
        // even when stable was fast-forwarded onto the release commit (the tag is then at HEAD too).
        if (ciRef(env).filter(STABLE_BRANCH::equals).isPresent()) {
          return stable(repo, "the CI's push to " + STABLE_BRANCH);
        }
        if (!atHead.isEmpty()) {
          return release(atHead.get(0));
        }
        if (branch.filter(STABLE_BRANCH::equals).isPresent()) {
          return stable(repo, "branch " + STABLE_BRANCH);
        }
        String where = branch.map(b -> "branch '" + b + "'").orElse("detached HEAD " + abbrev(repo));
        return new PublishMode(Kind.NOTHING, Optional.empty(),
            "no release tag at HEAD and " + where + " is not '" + STABLE_BRANCH + "'" + missingTagHint(env) + ": nothing to publish");
      }
    }
  }

  private static PublishMode release(ReleaseTag tag) {
    return new PublishMode(Kind.RELEASE, Optional.of(tag.version()), "release tag " + tag.name() + " at HEAD");
  }

  private static PublishMode stable(GitRepo repo, String why) {
    ReleaseTag newest = ReleaseTags.newestReachableFromHead(repo).orElseThrow(() -> ReleaseException.refused(
        why + " publishes the chart of the newest release, but no release tag vX.Y.Z is reachable from HEAD: "
            + "fetch tags (git fetch --tags) or release first"));
    return new PublishMode(Kind.STABLE, Optional.of(newest.version()),
        why + ": stable chart " + newest.version().stableChartVersion() + " of " + newest.name());
  }

  /** The branch from git, or from the CI when HEAD is detached. */
  static Optional<String> branch(GitRepo repo, Map<String, String> env) {
    Optional<String> fromGit = repo.branch();
    if (fromGit.isPresent()) {
      return fromGit;
    }
    return ciRef(env);
  }

  /** The ref the CI names (Prow's, then GitHub Actions' variable), if any. */
  static Optional<String> ciRef(Map<String, String> env) {
    return BRANCH_VARIABLES.stream().map(env::get).filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst();
  }

  /** When the CI names a release tag that the clone does not have, say so. */
  private static String missingTagHint(Map<String, String> env) {
    return BRANCH_VARIABLES.stream().map(env::get).filter(v -> v != null && ReleaseVersion.tryParseTag(v.strip()).isPresent())
        .findFirst().map(v -> " (the CI names tag " + v.strip() + ", which is not at HEAD in this clone: fetch tags)").orElse("");
  }

  private static String abbrev(GitRepo repo) {
    return repo.head().abbreviate(7).name();
  }
}
