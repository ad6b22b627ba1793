package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Side-by-side work: results in input order, at most N at once, the first failure as thrown, the rest cancelled. */
class ParallelTest {

  @Test
  void resultsComeInTheOrderOfTheInputsWhateverOrderTheyFinishIn() throws Exception {
    List<Integer> out = Parallel.map(List.of(30, 1, 15), ms -> {
      Thread.sleep(ms);
      return ms * 2;
    });
    assertEquals(List.of(60, 2, 30), out);
  }

  @Test
  void oneInputOrOneThreadRunsOnTheCallersThread() throws Exception {
    Thread caller = Thread.currentThread();
    assertEquals(List.of(caller), Parallel.map(List.of("only"), s -> Thread.currentThread()));
    assertEquals(List.of(caller), Parallel.map(List.of("only"), 4, s -> Thread.currentThread()));
    assertEquals(List.of(caller, caller), Parallel.map(List.of("a", "b"), 1, s -> Thread.currentThread()));
    assertEquals(List.of(), Parallel.map(List.<String>of(), 4, s -> s));
  }

  @Test
  void severalInputsRunOnDaemonWorkersThatEndWithTheCall() throws Exception {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    CountDownLatch both = new CountDownLatch(2);
    List<String> names = Parallel.map(List.of("a", "b"), s -> {
      workers.add(Thread.currentThread());
      both.countDown();
      // Both run at once: each waits for the other.
      assertTrue(both.await(10, TimeUnit.SECONDS), "the tasks did not run side by side");
      return Thread.currentThread().getName();
    });
    assertEquals(List.of("ack-release-parallel", "ack-release-parallel"), names);
    assertEquals(2, workers.size());
    for (Thread t : workers) {
      assertTrue(t.isDaemon());
      t.join(5_000);
      assertFalse(t.isAlive(), "the pool is shut down when the call returns");
    }
  }

  @Test
  void noMoreThanTheGivenNumberOfTasksRunAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Parallel.map(List.of(1, 2, 3, 4, 5, 6), 2, i -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(20);
      running.decrementAndGet();
      return i;
    });
    assertEquals(2, most.get());
  }

  @Test
  void theFirstFailureIsRethrownAsItWasAndTheOtherTasksAreCancelled() {
    ReleaseException refused = ReleaseException.refused("no");
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch slowStarted = new CountDownLatch(1);
    ReleaseException thrown = assertThrows(ReleaseException.class, () -> Parallel.map(List.of("fail", "slow"), s -> {
      if (s.equals("fail")) {
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        throw refused;
      }
      slowStarted.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return s;
    }));
    assertSame(refused, thrown);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!interrupted.get() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(interrupted.get(), "the slow task was cancelled");
  }

  @Test
  void anErrorInATaskIsRethrownAsTheError() {
    AssertionError boom = new AssertionError("boom");
    assertSame(boom, assertThrows(AssertionError.class, () -> Parallel.map(List.of(1, 2), i -> {
      if (i == 2) {
        throw boom;
      }
      return i;
    })));
  }
}
