package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories ack-release makes in its cache ({@code --cache-dir}), named in one place: each
 * run's work directories, Jib's two layer caches, the packages kept in {@code dist}, and Go's
 * build cache and GOPATH. {@link #require} checks, before the first write into the cache, that each
 * is absent or a real directory: a symlink there (to {@code /dev/null}, to a directory elsewhere)
 * would have the run write through it, or fail blaming the disk. The cache directory itself may
 * be a link to a directory, as {@code ~/.cache} often is.
 */
public final class CacheLayout {

  /** {@code work/<service>-<version>.<random>}: each run's own ({@link RunDirectory}). */
  public static final String WORK = "work";
  public static final String JIB_APPLICATION = "jib-application";
  public static final String JIB_BASE = "jib-base";
  /** The chart packages and SBOMs that stay after a run. */
  public static final String DIST = "dist";
  /** Go's {@link #GO_BUILD} cache and {@link #GOPATH}, unless GOCACHE and GOPATH say otherwise. */
  public static final String GO = "go";
  public static final String GO_BUILD = "go-build";
  public static final String GOPATH = "gopath";
  /** What Jib (and the layers ack-release compresses for it) makes in each of its caches. */
  private static final List<String> IN_JIB = List.of("layers", "selectors", "tmp", "images", "local");

  private CacheLayout() {}

  /** Every directory of the layout, relative to the cache, each after the one that holds it. */
  public static List<String> directories() {
    List<String> dirs = new ArrayList<>(List.of(WORK, DIST, GO, GO + "/" + GO_BUILD, GO + "/" + GOPATH));
    for (String jib : List.of(JIB_APPLICATION, JIB_BASE)) {
      dirs.add(jib);
      IN_JIB.forEach(d -> dirs.add(jib + "/" + d));
    }
    return dirs;
  }

  /**
   * Refuses (exit 2) a cache that is there but no directory (nor a link to one), or that holds,
   * where the layout has a directory, anything else: a symlink, a file, a device. Bad input, as a
   * cache that cannot be written is: the fix is the user's to make (remove it, or another --cache-dir).
   */
  public static void require(Path cacheDir) {
    Path cache = cacheDir.toAbsolutePath().normalize();
    kind(cache).filter(k -> !k.equals(FileKind.DIRECTORY)).ifPresent(k -> {
      throw ReleaseException.invalidInput("cannot use the cache " + Echo.value(cache.toString()) + ": it is " + k
          + ", not a directory: pass a writable --cache-dir (a directory, or a new path)");
    });
    for (String dir : directories()) {
      Path p = cache.resolve(dir);
      Optional<String> kind = kind(p, LinkOption.NOFOLLOW_LINKS);
      if (kind.isPresent() && !kind.get().equals(FileKind.DIRECTORY)) {
        throw ReleaseException.invalidInput("cannot use the cache " + Echo.value(cache.toString()) + ": its " + dir + " is "
            + kind.get() + target(p) + ", not a directory ack-release made, and ack-release never writes through a link or into a"
            + " device: rm " + ShellWords.word(p.toString()) + " (ack-release makes it again), or pass another --cache-dir");
      }
    }
  }

  /** What is at {@code p}; none when nothing is, or it cannot be looked at (the write then says why). */
  private static Optional<String> kind(Path p, LinkOption... options) {
    try {
      return FileKind.of(p, options);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** " to TARGET" for a symlink. */
  private static String target(Path p) {
    try {
      return Files.isSymbolicLink(p) ? " to " + Echo.value(Files.readSymbolicLink(p).toString()) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
