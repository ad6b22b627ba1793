package dev.ackrelease.steps.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs a {@link Graph} with the parallelism its edges allow: each step starts on the executor as
 * soon as every step it needs has its value (Jib's StepsRunner: a graph of futures). A step
 * that fails fails the steps that need it, which never run; independent steps go on, so a run
 * that fails still finishes what it could. The runner knows nothing of what a step does.
 */
public final class Runner {

  /** A step that did not run because a step it needs failed. */
  public static final class Skipped extends RuntimeException {
    Skipped(String message) {
      super(message, null, false, false);
    }
  }

  /** How a run ended: each failed step's failure, in the graph's order; steps skipped because of them. */
  public record Outcome(Map<String, Throwable> failures, List<String> skipped) {
    public boolean ok() {
      return failures.isEmpty();
    }

    /** The first failure in the graph's order (the one to report), if any. */
    public Optional<Throwable> firstFailure() {
      return failures.values().stream().findFirst();
    }
  }

  private final Executor executor;

  public Runner(Executor executor) {
    this.executor = executor;
  }

  /** Runs every step and waits for all of them; interrupted, it stops waiting (steps already started finish on their own). */
  public Outcome run(Graph graph) throws InterruptedException {
    List<Step<?>> steps = graph.steps();
    for (Step<?> s : steps) {
      if (s.result.isDone()) {
        throw new IllegalStateException("graph already ran: build a new one for each run");
      }
    }
    for (Step<?> s : steps) {
      start(s);
    }
    try {
      CompletableFuture.allOf(steps.stream().map(s -> s.result.handle((v, e) -> null)).toArray(CompletableFuture[]::new)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a step's completion failed", e);
    }
    Map<String, Throwable> failures = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (Step<?> s : steps) {
      if (s.result.isCompletedExceptionally()) {
        Throwable t = cause(s);
        if (t instanceof Skipped) {
          skipped.add(s.name());
        } else {
          failures.put(s.name(), t);
        }
      }
    }
    return new Outcome(failures, List.copyOf(skipped));
  }

  private <T> void start(Step<T> step) {
    CompletableFuture<?>[] needs = step.needs().stream().map(n -> n.result).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(needs).whenComplete((ignored, failure) -> {
      if (failure != null) {
        String failed = step.needs().stream().filter(n -> n.result.isCompletedExceptionally()).map(Step::name).findFirst()
            .orElse("a step it needs");
        step.result.completeExceptionally(new Skipped(step.name() + " did not run: " + failed + " failed"));
        return;
      }
      try {
        executor.execute(() -> {
          try {
            step.result.complete(step.body().run(new Results(step)));
          } catch (Throwable t) {
            step.result.completeExceptionally(t);
          }
        });
      } catch (RuntimeException rejected) {
        step.result.completeExceptionally(rejected);
      }
    });
  }

  private static Throwable cause(Step<?> s) {
    try {
      s.result.join();
      throw new IllegalStateException(s + " did not fail");
    } catch (CompletionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (CancellationException e) {
      return e;
    }
  }
}
