package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.LinkOption;

/** On SIGINT/SIGTERM nothing a run started outlives it: its process trees die, its temp files go. */
class CleanupTest {

  @TempDir Path tmp;

  /** A shell that started a child (as go build starts the compiler), and that child. */
  static Process shellWithChild() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "sleep 300 & wait").start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (p.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(p.descendants().findAny().isPresent(), "the child started");
    return p;
  }

  @Test
  void killTreeKillsTheProcessAndItsChildrenAndWaitsForThem() throws Exception {
    Process p = shellWithChild();
    ProcessHandle child = p.descendants().findFirst().orElseThrow();
    Cleanup.killTree(p);
    assertFalse(p.isAlive());
    assertFalse(child.isAlive());
  }

  @Test
  void nowKillsTrackedProcessesAndDeletesTrackedFilesAndDirectoriesOnly() throws Exception {
    Process tracked = shellWithChild();
    ProcessHandle child = tracked.descendants().findFirst().orElseThrow();
    Process untracked = new ProcessBuilder("sleep", "300").start();
    Process released = new ProcessBuilder("sleep", "300").start();
    Path file = Files.writeString(tmp.resolve("half-written.tmp"), "x");
    Path dir = Files.createDirectories(tmp.resolve("run.123/image"));
    Files.writeString(dir.resolve("layer"), "x");
    Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("keep"), "keep");
    Path link = Files.createSymbolicLink(tmp.resolve("link.tmp"), outside.getParent());
    Path kept = Files.writeString(tmp.resolve("kept.tmp"), "x");
    try {
      Cleanup.track(tracked);
      Cleanup.track(released);
      Cleanup.untrack(released);
      Cleanup.track(file);
      Cleanup.track(dir.getParent());
      Cleanup.track(link);
      Cleanup.track(kept);
      Cleanup.untrack(kept);

      Cleanup.now();

      assertFalse(tracked.isAlive());
      assertFalse(child.isAlive());
      assertTrue(untracked.isAlive());
      assertTrue(released.isAlive());
      assertFalse(Files.exists(file));
      assertFalse(Files.exists(dir.getParent()));
      assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
      assertEquals("keep", Files.readString(outside));
      assertTrue(Files.exists(kept));
    } finally {
      untracked.destroyForcibly();
      released.destroyForcibly();
      Cleanup.untrack(file);
      Cleanup.untrack(dir.getParent());
      Cleanup.untrack(link);
    }
  }
}
