package dev.ackrelease.steps.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What must not outlive an interrupted run: the child processes it started (go build and the
 * compilers and linker under it) and the temp files it is writing. Steps register them while
 * they run; the command line's signal handler calls {@link #now} on SIGINT/SIGTERM, so no
 * process keeps writing into the cache after ack-release has gone and no half-written temp file
 * stays behind.
 */
public final class Cleanup {

  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
  private static final Set<Path> TEMP_FILES = ConcurrentHashMap.newKeySet();

  private Cleanup() {}

  public static void track(Process process) {
    PROCESSES.add(process);
  }

  public static void untrack(Process process) {
    PROCESSES.remove(process);
  }

  public static void track(Path tempFile) {
    TEMP_FILES.add(tempFile);
  }

  public static void untrack(Path tempFile) {
    TEMP_FILES.remove(tempFile);
  }

  /** Kills every tracked process with its whole tree, and deletes every tracked temp file or run directory. */
  public static void now() {
    for (Process p : List.copyOf(PROCESSES)) {
      killTree(p);
    }
    for (Path f : List.copyOf(TEMP_FILES)) {
      try {
        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          Directories.deleteQuietly(f);
        } else {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        // best effort: the next run clears its work dirs anyway
      }
    }
  }

  /** Kills a process and every descendant, and waits briefly for them to go. */
  public static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // gone already, or reaped by the OS
      }
    }
    PROCESSES.remove(process);
  }
}
