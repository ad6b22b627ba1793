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
 * git itself would run; the credential helper a registry look-up runs is the one Docker's CLI would.
 */
public final class ExecutableSearch {

  /** How a PATH's entries are read; the ways differ only on an empty, a relative entry or one no path can name. */
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
    POSIX,
    /**
     * As Go's {@code os/exec} {@code LookPath} reads PATH on Unix (golang/go src/os/exec/lp_unix.go,
     * {@code lookPath}), so as Docker's CLI finds a {@code docker-credential-<name>}: an empty entry
     * is the current directory (a trailing one too; an empty PATH has no entry); an entry no path
     * can name is passed over; the file is given cleaned (Go's {@code filepath.Join}), relative when
     * its entry is. Go refuses to run a relative one (ErrDot, since Go 1.19) rather than look
     * further: a caller refuses it too. The name has no slash (Go tries such a name as a path,
     * without PATH). Go takes any non-directory with an execute bit; a device or pipe is no program,
     * and is passed over here as in the other readings.
     */
    GO
  }

  private ExecutableSearch() {}

  /** The executable {@code name} on {@code path} (entries separated as the platform's are), read as {@code entries} says. */
  public static Optional<Path> find(String name, String path, Entries entries) {
    if (entries == Entries.GO && name.contains("/")) {
      throw new IllegalArgumentException("a name with a slash is not looked up on PATH: " + name);
    }
    boolean named = entries == Entries.NAMED;
    for (String dir : entries == Entries.GO ? goEntries(path) : path.split(File.pathSeparator)) {
      if (dir.isEmpty() && named) {
        continue;
      }
      Path candidate;
      try {
        candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (entries == Entries.GO) {
          candidate = candidate.normalize(); // Go looks at the cleaned path: "/link/.." is "/", not the link's parent
        }
      } catch (InvalidPathException e) {
        if (!named) {
          continue; // not a directory name: the program is not there
        }
        throw e;
      }
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(switch (entries) {
          case NAMED, GO -> candidate;
          case POSIX -> candidate.toAbsolutePath();
        });
      }
    }
    return Optional.empty();
  }

  /** Go's {@code filepath.SplitList}: no entry in an empty PATH, and a trailing empty entry kept. */
  private static String[] goEntries(String path) {
    return path.isEmpty() ? new String[0] : path.split(File.pathSeparator, -1);
  }
}
