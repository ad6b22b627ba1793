package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies and deletes directory trees as they are: links stay links, nothing outside is followed. */
public final class Trees {

  private Trees() {}

  /** Copies {@code from} to {@code to} (links copied as links); returns {@code to}. */
  public static Path copy(Path from, Path to) throws IOException {
    return copy(from, to, false);
  }

  /**
   * {@link #copy(Path, Path)}, with git's objects as hard links when {@code linkGitObjects}: git
   * never changes an object in place, and they are most of a clone's files, so a copy stays cheap.
   */
  public static Path copy(Path from, Path to, boolean linkGitObjects) throws IOException {
    return copy(from, to, linkGitObjects, false);
  }

  /**
   * {@link #copy(Path, Path)} of a tree another process may trim while it is copied (a shared Go
   * build cache): an entry removed meanwhile is one entry fewer, not an error.
   */
  public static Path copyWhileTrimmed(Path from, Path to) throws IOException {
    return copy(from, to, false, true);
  }

  private static Path copy(Path from, Path to, boolean linkGitObjects, boolean skipRemoved) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        try {
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target);
          } else if (linkGitObjects && p.toString().contains("/.git/objects/") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createLink(target, p);
          } else {
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
          }
        } catch (NoSuchFileException e) {
          if (!skipRemoved) {
            throw e;
          }
        }
      }
    }
    return to;
  }

  /** Deletes {@code dir} and everything below it, links not followed; nothing when it does not exist. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
