package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;

/**
 * Git's signing settings, which ack-release cannot honour: it writes tags and commits with JGit
 * and has no signer. Where git would sign ({@code tag.gpgSign} or {@code tag.forceSignAnnotated}
 * for an annotated tag, {@code commit.gpgSign} for a commit) a command refuses (exit 3) before it
 * writes anything, with the git command that makes the signed object, rather than writing an
 * unsigned one or failing half-way.
 */
public final class GitSigning {

  private GitSigning() {}

  /** The setting that makes git sign an annotated tag here, when one is set. */
  public static Optional<String> tagSigning(GitRepo repo) {
    if (isTrue(repo, "tag", "gpgSign")) {
      return Optional.of("tag.gpgSign");
    }
    return isTrue(repo, "tag", "forceSignAnnotated") ? Optional.of("tag.forceSignAnnotated") : Optional.empty();
  }

  /** The setting that makes git sign a commit here, when it is set. */
  public static Optional<String> commitSigning(GitRepo repo) {
    return isTrue(repo, "commit", "gpgSign") ? Optional.of("commit.gpgSign") : Optional.empty();
  }

  /** Whether {@code section.name} is true; a value that is no boolean is refused, as git refuses it. */
  private static boolean isTrue(GitRepo repo, String section, String name) {
    Config config = repo.repository().getConfig();
    try {
      return config.getBoolean(section, name, false);
    } catch (IllegalArgumentException e) {
      String key = section + "." + name;
      throw ReleaseException.refused("the git config value " + key + "=" + Echo.value(config.getString(section, null, name))
          + " is not a boolean: set it to true or false (git config " + key + " false)");
    }
  }

  /**
   * Refuses when git would sign an annotated tag here; {@code fix} is the command line that makes
   * the signed tag instead.
   */
  public static void requireUnsignedTag(GitRepo repo, String fix) {
    tagSigning(repo).ifPresent(key -> {
      throw refusal(key, "tags", fix);
    });
  }

  /** Refuses when git would sign a commit here; {@code fix} is the command line that makes the signed commit instead. */
  public static void requireUnsignedCommit(GitRepo repo, String fix) {
    commitSigning(repo).ifPresent(key -> {
      throw refusal(key, "commits", fix);
    });
  }

  private static ReleaseException refusal(String key, String what, String fix) {
    return ReleaseException.refused(key + " is set in your git config, so git would sign, and ack-release cannot sign "
        + what + " (it would make an unsigned one): make it signed with git: " + fix);
  }
}
