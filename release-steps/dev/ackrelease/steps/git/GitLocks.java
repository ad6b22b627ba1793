package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /** Git keeps a loose ref as a file and locks it as {@code <name>.lock}: each part of a name fits a file name (255 bytes) with it. */
  static final int MAX_PART_BYTES = 255 - ".lock".length();
  /** The longest path Linux opens (PATH_MAX, with its NUL). */
  static final int MAX_PATH_BYTES = 4095;

  private GitLocks() {}

  /**
   * Refuses (exit 2) a ref name git could not store as a loose ref: a part between slashes of
   * more than {@link #MAX_PART_BYTES} bytes (git's own {@code cannot lock ref ... File name too
   * long}). {@code what} names the input (e.g. {@code --branch}), {@code fix} what to pass instead.
   */
  public static void requireStorable(String refName, String what, String fix) {
    for (String part : Repository.shortenRefName(refName).split("/")) {
      int bytes = part.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_PART_BYTES) {
        throw ReleaseException.invalidInput(what + " '" + Echo.value(Repository.shortenRefName(refName)) + "' has a part of "
            + bytes + " bytes, and git keeps each part as a file name of at most " + MAX_PART_BYTES + " bytes (with .lock): "
            + fix);
      }
    }
  }

  /**
   * Refuses a ref git cannot create now: one whose name clashes with an existing ref (git stores
   * {@code a} and {@code a/b} as a file and a directory, so both cannot exist), or one whose lock
   * file is there.
   */
  public static void requireCreatable(GitRepo repo, String refName) {
    Repository repository = repo.repository();
    String name = Repository.shortenRefName(refName);
    requireStorable(refName, "the ref", "pass a shorter name");
    Path lock = lockOf(repo, refName);
    if (lock.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw ReleaseException.invalidInput("cannot create " + Echo.value(name) + ": its lock file's path in "
          + repository.getCommonDirectory() + " is longer than the " + MAX_PATH_BYTES + " bytes a path may have: pass a shorter name");
    }
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
    requireUnlocked(lock, "create " + name);
  }

  /** The lock file git and JGit hold while they write {@code refName} (a full name, e.g. {@code refs/tags/v1.2.3}). */
  public static Path lockOf(GitRepo repo, String refName) {
    return repo.repository().getCommonDirectory().toPath().resolve(refName + ".lock");
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
