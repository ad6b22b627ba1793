package dev.ackrelease.steps.io;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The search of a PATH for a program: the first entry, in order, holding a regular file of that
 * name that may be executed. Its callers read odd entries differently ({@link Entries}): the go a
 * release builds with comes only from a directory PATH names; the git a local push runs is the one
 * git itself would run.
 */
public final class ExecutableSearch {

  /** How a PATH's entries are read; the two ways differ only on an empty entry or one no path can name. */
  public enum Entries {
    /**
     * Only the directories PATH names: an empty entry names none (a build never runs a go from
     * wherever it was started); an entry no path can name fails the search with
     * {@link InvalidPathException}; the file is given as found (relative when its entry is).
     */
    NAMED,
    /**
     * As POSIX and git read PATH: an empty entry is the current directory; an entry no path can
     * name is passed over; the file is given absolute (a command run in another directory finds it).
     */
    POSIX
  }

  private ExecutableSearch() {}

  /** The executable {@code name} on {@code path} (entries separated as the platform's are), read as {@code entries} says. */
  public static Optional<Path> find(String name, String path, Entries entries) {
    boolean posix = entries == Entries.POSIX;
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty() && !posix) {
        continue;
      }
      Path candidate;
      try {
        candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      } catch (InvalidPathException e) {
        if (posix) {
          continue; // not a directory name: the program is not there
        }
        throw e;
      }
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(posix ? candidate.toAbsolutePath() : candidate);
      }
    }
    return Optional.empty();
  }
}
