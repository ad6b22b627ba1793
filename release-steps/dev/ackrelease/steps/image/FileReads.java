package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Progress;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far this process has read a file that a library opened itself: Jib reads the controller
 * binary into its layer (gzip, the slow part of an image build) and reports nothing while it
 * does. Linux shows the read offset of each open file in {@code /proc/self/fdinfo/N}; a daemon
 * thread looks four times a second and reports the furthest offset to a {@link Progress}. Where
 * there is no {@code /proc}, {@link #supported} is false and nothing is watched.
 */
final class FileReads implements AutoCloseable {

  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path FDINFO = Path.of("/proc/self/fdinfo");
  private static final long POLL_MS = 250;

  private final Thread thread;
  private volatile boolean stopped;

  private FileReads(Path file, Progress progress) {
    if (progress == null) {
      thread = null;
      return;
    }
    thread = new Thread(() -> poll(file, progress), "file-reads");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether read offsets can be watched here. */
  static boolean supported() {
    return Files.isDirectory(FDINFO) && Files.isDirectory(FDS);
  }

  /**
   * Watches {@code file} until closed; a no-op (no thread) where {@link #supported} is false or
   * nothing shows the progress.
   */
  static FileReads watch(Path file, Progress progress) {
    return new FileReads(file, progress != Progress.NONE && supported() ? progress : null);
  }

  private void poll(Path file, Progress progress) {
    Path target;
    try {
      target = file.toRealPath();
    } catch (IOException e) {
      return;
    }
    long furthest = 0;
    String fd = null;
    while (!stopped) {
      if (fd == null || !target.equals(link(fd))) {
        fd = find(target);
      }
      if (fd != null) {
        long pos = position(fd);
        if (pos > furthest) {
          furthest = pos;
          progress.update(furthest);
        }
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The descriptor that has {@code target} open, if one does. */
  private static String find(Path target) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        String name = fd.getFileName().toString();
        if (target.equals(link(name))) {
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process's descriptors changed under the listing: look again next time
    }
    return null;
  }

  private static Path link(String fd) {
    try {
      return Files.readSymbolicLink(FDS.resolve(fd));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The {@code pos:} line of the descriptor's fdinfo: how far it has been read. */
  private static long position(String fd) {
    try {
      for (String line : Files.readAllLines(FDINFO.resolve(fd))) {
        if (line.startsWith("pos:")) {
          return Long.parseLong(line.substring(4).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // closed in between
    }
    return 0;
  }

  @Override
  public void close() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
