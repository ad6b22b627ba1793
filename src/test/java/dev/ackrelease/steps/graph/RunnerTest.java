package dev.ackrelease.steps.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner: steps in the order their edges allow, side by side where they may, failures stop only their dependants. */
class RunnerTest {

  final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void independentStepsRunSideBySideAndADependantSeesTheirTypedValues() throws Exception {
    Graph g = new Graph();
    CountDownLatch both = new CountDownLatch(2);
    // Each waits for the other to have started: only a runner that runs them at once finishes.
    Step<Integer> a = g.add("a", r -> {
      both.countDown();
      assertTrue(both.await(10, TimeUnit.SECONDS), "b ran beside a");
      return 2;
    });
    Step<String> b = g.add("b", r -> {
      both.countDown();
      assertTrue(both.await(10, TimeUnit.SECONDS), "a ran beside b");
      return "x";
    });
    Step<String> c = g.add("c", List.of(a, b), r -> r.get(b).repeat(r.get(a)));

    Runner.Outcome outcome = new Runner(executor).run(g);

    assertTrue(outcome.ok(), outcome.toString());
    assertEquals("xx", c.result.join());
    assertEquals(List.of("a -> c", "b -> c"), g.edges());
  }

  @Test
  void aFailedStepSkipsItsDependantsAndTheOthersStillRun() throws Exception {
    Graph g = new Graph();
    AtomicInteger ran = new AtomicInteger();
    Step<String> image = g.add("image", r -> {
      throw new IllegalStateException("build failed");
    });
    Step<String> chart = g.add("chart", r -> {
      ran.incrementAndGet();
      return "chart";
    });
    g.add("push-chart", List.of(image, chart), r -> ran.incrementAndGet());
    g.add("other", List.of(chart), r -> ran.incrementAndGet());

    Runner.Outcome outcome = new Runner(executor).run(g);

    assertFalse(outcome.ok());
    assertEquals(List.of("image"), List.copyOf(outcome.failures().keySet()));
    assertEquals("build failed", outcome.firstFailure().orElseThrow().getMessage());
    assertEquals(List.of("push-chart"), outcome.skipped());
    assertEquals(2, ran.get(), "chart and other ran; push-chart did not");
  }

  @Test
  void aStepReadsOnlyWhatItNeedsAndAGraphRunsOnce() throws Exception {
    Graph g = new Graph();
    Step<String> a = g.add("a", r -> "a");
    Step<String> b = g.add("b", r -> r.get(a));
    Runner.Outcome outcome = new Runner(executor).run(g);
    assertTrue(outcome.failures().get("b").getMessage().contains("step b read a, which it does not need"),
        outcome.toString());
    assertThrows(IllegalStateException.class, () -> new Runner(executor).run(g));
    assertThrows(IllegalArgumentException.class, () -> g.add("a", r -> "again"));
    Graph other = new Graph();
    assertThrows(IllegalArgumentException.class, () -> other.add("c", List.of(b), r -> "c"), "needs must be in the graph");
  }
}
