package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import org.eclipse.jgit.lib.Repository;

/**
 * What git needs before a command writes a ref or the index, checked before anything is written:
 * a free name and no lock file. A lock file is another git command at work here, or one that
 * was stopped; either way the repository's state, refused with exit 3, never a JGit failure later.
 */
public final class GitLocks {

  private GitLocks() {}

  /**
   * Refuses a ref git cannot create now: one whose name clashes with an existing ref (git stores
   * {@code a} and {@code a/b} as a file and a directory, so both cannot exist), or one whose lock
   * file is there.
   */
  public static void requireCreatable(GitRepo repo, String refName) {
    Repository repository = repo.repository();
    String name = Repository.shortenRefName(refName);
    Collection<String> clashes;
    try {
      clashes = repository.getRefDatabase().getConflictingNames(refName);
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read the refs in " + repo.workTree() + ": "
          + e.getMessage(), e);
    }
    if (!clashes.isEmpty()) {
      String clash = Repository.shortenRefName(clashes.iterator().next());
      throw ReleaseException.refused("cannot create " + name + ": " + clash + " exists, and git cannot keep both (one name"
          + " is a prefix of the other): pass another name, or delete " + clash);
    }
    requireUnlocked(repository.getCommonDirectory().toPath().resolve(refName + ".lock"), "create " + name);
  }

  /** Refuses while git's index is locked, before a command that checks out or commits writes anything. */
  public static void requireIndexUnlocked(GitRepo repo, String action) {
    requireUnlocked(repo.repository().getDirectory().toPath().resolve("index.lock"), action);
  }

  private static void requireUnlocked(Path lock, String action) {
    if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
      throw ReleaseException.refused("cannot " + action + ": " + lock + " exists (another git command is running here,"
          + " or one was stopped): when none is running, delete " + lock + " and run again");
    }
  }
}
