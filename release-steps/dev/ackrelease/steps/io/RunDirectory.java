package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The work directory of one run under a shared cache: {@code <cache>/work/<name>.<random>},
 * made fresh for the run and deleted when it ends, so runs side by side on one
 * {@code --cache-dir} (CI jobs on one host) never clear or write each other's files. Go's and
 * Jib's caches stay shared (both are safe for concurrent use). A run killed with {@code -9}
 * leaves its directory; the next run deletes directories untouched for a day.
 */
public final class RunDirectory implements AutoCloseable {

  static final Duration STALE = Duration.ofDays(1);

  private final Path dir;

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * A new work directory for {@code name} (e.g. {@code s3-1.2.3}) under {@code cacheDir}. An
   * unwritable cache is invalid input (exit 2), as is one whose layout holds a link, a file or a
   * device ({@link CacheLayout}, checked first); a full disk is a local build failure (exit 6).
   */
  public static RunDirectory create(Path cacheDir, String name) {
    CacheLayout.require(cacheDir);
    Path work = cacheDir.toAbsolutePath().normalize().resolve(CacheLayout.WORK);
    try {
      Files.createDirectories(work);
      pruneStale(work);
      Path dir = Files.createTempDirectory(work, name + ".");
      Cleanup.track(dir);
      return new RunDirectory(dir);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw localFailure(e, cacheDir);
    }
  }

  /**
   * Refuses, before a run prints or makes anything, a cache {@link #create} could not make its
   * work directory under: the nearest existing one of {@code <cache>/work} and its parents is not
   * a directory (--cache-dir names a file) or cannot be written. Exit 2, as create's own refusal.
   */
  public static void requireUsable(Path cacheDir) {
    Path cache = cacheDir.toAbsolutePath().normalize();
    Path existing = cache.resolve(CacheLayout.WORK);
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    String shown = Echo.value(existing.toString());
    if (!Files.isDirectory(existing)) {
      String is = Files.isRegularFile(existing) ? " is a file, not a directory" : " is not a directory";
      throw ReleaseException.invalidInput((existing.equals(cache) ? "the cache directory " + shown + is
          : "the cache directory " + Echo.value(cache.toString()) + " is under " + shown + ", which" + is)
          + ": pass a writable --cache-dir");
    }
    if (!Files.isWritable(existing)) {
      throw ReleaseException.invalidInput("cannot write under " + shown + " (permission denied): pass a writable --cache-dir");
    }
  }

  /** {@code <dir>/<name>}, created. */
  public Path resolve(String name) {
    Path d = dir.resolve(name);
    try {
      Files.createDirectories(d);
      return d;
    } catch (IOException e) {
      throw localFailure(e, dir);
    }
  }

  public Path path() {
    return dir;
  }

  @Override
  public void close() {
    Cleanup.untrack(dir);
    Directories.deleteQuietly(dir);
  }

  /**
   * The error for a failed local write under {@code dir}: no space left is exit 6 naming the
   * directory; anything else (permissions, a read-only file system) is exit 2 asking for a
   * writable {@code --cache-dir}. Never blamed on a registry.
   */
  public static ReleaseException localFailure(Throwable e, Path dir) {
    if (isNoSpace(e)) {
      return noSpace(dir, e);
    }
    return ReleaseException.invalidInput("cannot write under " + dir + " (" + reason(e) + "): pass a writable --cache-dir");
  }

  /** Exit 6: no space left on the device holding {@code dir}. */
  public static ReleaseException noSpace(Path dir, Throwable cause) {
    return new ReleaseException(ReleaseException.Kind.BUILD, "no space left on device under " + dir + free(dir)
        + ": free space or pass --cache-dir", cause);
  }

  /** Whether {@code e} or a cause is the operating system's "No space left on device" (ENOSPC) or a quota. */
  public static boolean isNoSpace(Throwable e) {
    return Causes.find(e, IOException.class, io -> {
      String m = String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT);
      return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }).isPresent();
  }

  private static String free(Path dir) {
    try {
      Path existing = dir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      FileStore store = Files.getFileStore(existing);
      return " (" + Sizes.binary(store.getUsableSpace()) + " free)";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** What went wrong, in words (never a Java class name): the system's reason and the file it concerns. */
  static String reason(Throwable e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof FileSystemException f) {
      return (f.getReason() != null ? f.getReason() : "cannot write") + ": " + f.getFile();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "cannot write" : m.strip();
  }

  private static void pruneStale(Path work) throws IOException {
    Instant cutoff = Instant.now().minus(STALE);
    try (Stream<Path> entries = Files.list(work)) {
      for (Path p : entries.toList()) {
        try {
          FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
          if (modified.toInstant().isBefore(cutoff)) {
            Directories.deleteQuietly(p);
          }
        } catch (IOException e) {
          // another run removed it, or it is not ours to remove: leave it
        }
      }
    }
  }
}
