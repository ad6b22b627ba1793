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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the preload reads is what the open that follows builds on: JGit's own cached user
 * configuration (with the system one as its parent), not a copy read and thrown away; it runs
 * once, on a daemon thread of its own, and a failed read is dropped for the open to report.
 */
class GitConfigPreloadTest {

  private static StoredConfig config() {
    return new FileBasedConfig(new Config(), null, FS.DETECTED);
  }

  @Test
  void theCloneOpenedAfterwardsReadsItsConfigurationOnTopOfThePreloadedOne(@TempDir Path dir) {
    try (GitFixture fixture = GitFixture.init(dir.resolve("repo"))) {
      GitConfigPreload.start();
      StoredConfig user = GitConfigPreload.await();
      assertNotNull(user, "the preload read the user configuration");
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        assertSame(user, repo.repository().getConfig().getBaseConfig(),
            "the clone's configuration has the preloaded user configuration as its parent");
        assertEquals("Release Bot", repo.repository().getConfig().getString("user", null, "name"));
      }
    }
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
