package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the preload reads is what the open that follows builds on: JGit's own cached user
 * configuration (with the system one as its parent), not a copy read and thrown away; what
 * opens a clone waits for it; it runs once, on a daemon thread of its own, and a failed read is
 * dropped for the open to report.
 */
class GitConfigPreloadTest {

  private static StoredConfig config() {
    return new FileBasedConfig(new Config(), null, FS.DETECTED);
  }

  /**
   * A read of its own in the JVM's place, as the JVM's one read is made once per JVM: an earlier test may have
   * started it under another SystemReader (Training, run in-process, installs its own while it trains).
   */
  @Test
  void theCloneOpenedAfterwardsReadsItsConfigurationOnTopOfThePreloadedOne(@TempDir Path dir) {
    GitConfigPreload read = new GitConfigPreload(() -> SystemReader.getInstance().getUserConfig());
    GitConfigPreload jvm = GitConfigPreload.replaceJvmRead(read);
    try (GitFixture fixture = GitFixture.init(dir.resolve("repo"))) {
      GitConfigPreload.start();
      StoredConfig user = GitConfigPreload.await();
      assertNotNull(user, "the preload read the user configuration");
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        assertSame(user, repo.repository().getConfig().getBaseConfig(),
            "the clone's configuration has the preloaded user configuration as its parent");
        assertEquals("Release Bot", repo.repository().getConfig().getString("user", null, "name"));
      }
    } finally {
      GitConfigPreload.replaceJvmRead(jvm);
    }
  }

  /**
   * GitRepo.open and OutputFile's look for the work tree a file is in wait for the JVM's read: with
   * a read held, each is found waiting in {@link GitConfigPreload#end} (not finished), and goes on
   * once the read ends.
   */
  @Test
  void whatOpensACloneWaitsForTheRead(@TempDir Path dir) throws Exception {
    try (GitFixture fixture = GitFixture.init(dir.resolve("repo"))) {
      assertWaitsForTheRead("GitRepo.open", () -> GitRepo.open(fixture.dir()).close());
      assertWaitsForTheRead("OutputFile.check", () -> OutputFile.option("--report", fixture.dir().resolve("report.json")).check());
    }
  }

  private static void assertWaitsForTheRead(String what, Runnable open) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    GitConfigPreload read = new GitConfigPreload(() -> {
      held.await();
      return config();
    });
    GitConfigPreload jvm = GitConfigPreload.replaceJvmRead(read);
    Thread reader = read.begin();
    try {
      FutureTask<Void> opening = new FutureTask<>(open, null);
      Thread opener = new Thread(opening, "opener");
      opener.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!waitingForTheRead(opener)) {
        assertFalse(opening.isDone(), what + " went on before the preload's read ended");
        assertTrue(System.nanoTime() < deadline, what + " neither waited for the read nor finished in 30 s");
        Thread.sleep(5);
      }
      held.countDown();
      opening.get(30, TimeUnit.SECONDS);
    } finally {
      held.countDown();
      GitConfigPreload.replaceJvmRead(jvm);
      reader.join();
    }
  }

  private static boolean waitingForTheRead(Thread thread) {
    return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
        .anyMatch(f -> f.getClassName().equals(GitConfigPreload.class.getName()) && f.getMethodName().equals("end"));
  }

  @Test
  void theReadRunsOnceOnADaemonThreadOfItsOwn() throws InterruptedException {
    StoredConfig read = config();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    GitConfigPreload preload = new GitConfigPreload(() -> {
      ranOn.set(Thread.currentThread());
      reads.incrementAndGet();
      return read;
    });
    assertNull(preload.end(), "nothing started: nothing to wait for");
    Thread thread = preload.begin();
    assertNotNull(thread);
    assertTrue(thread.isDaemon(), "a finished command is never kept alive by the read");
    assertEquals("git-config-preload", thread.getName());
    assertNull(preload.begin(), "a second start is the same read");
    assertSame(read, preload.end());
    assertSame(read, preload.end());
    thread.join();
    assertSame(thread, ranOn.get(), "read on its own thread, not the caller's");
    assertEquals(1, reads.get());
  }

  @Test
  void aFailedReadIsDroppedForTheOpenToReport() {
    GitConfigPreload preload = new GitConfigPreload(() -> {
      throw new IOException("bad ~/.gitconfig");
    });
    preload.begin();
    assertNull(preload.end());
  }

  @Test
  void anErrorIsThrownWhereTheReadIsWaitedForWithItsCause() {
    ExceptionInInitializerError broken = new ExceptionInInitializerError("a JGit class could not be set up");
    GitConfigPreload preload = new GitConfigPreload(() -> {
      throw broken;
    });
    preload.begin();
    assertSame(broken, assertThrows(ExceptionInInitializerError.class, preload::end));
  }

  @Test
  void anInterruptedWaitKeepsTheInterrupt() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    GitConfigPreload preload = new GitConfigPreload(() -> {
      never.await();
      return config();
    });
    Thread reader = preload.begin();
    Thread.currentThread().interrupt();
    try {
      assertNull(preload.end());
      assertTrue(Thread.interrupted(), "the caller's interrupt is kept (and cleared here)");
    } finally {
      never.countDown();
      reader.join();
    }
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
