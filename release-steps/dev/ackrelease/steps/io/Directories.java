package dev.ackrelease.steps.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work directories a run owns and may empty. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code dir} with everything in it (links themselves, never their targets) and creates it empty. */
  public static void recreate(Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
  }

  /** Deletes {@code dir} with everything in it, best effort (links themselves, never their targets). */
  public static void deleteQuietly(Path dir) {
    try {
      delete(dir);
    } catch (IOException | UncheckedIOException e) {
      // best effort: what is left is pruned by a later run
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
