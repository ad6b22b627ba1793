package dev.ackrelease.steps.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The values of the steps a step needs, read by step handle. A step reads only what it was
 * declared to need (directly or through its needs), which the runner has finished before it:
 * reading anything else is a wiring bug, even when that step happens to be done.
 */
public final class Results {

  private final Step<?> reader;
  private final Set<Step<?>> readable = new HashSet<>();

  Results(Step<?> reader) {
    this.reader = reader;
    Deque<Step<?>> todo = new ArrayDeque<>(reader.needs());
    while (!todo.isEmpty()) {
      Step<?> s = todo.pop();
      if (readable.add(s)) {
        todo.addAll(s.needs());
      }
    }
  }

  /** The value {@code step} gave. */
  public <T> T get(Step<T> step) {
    if (!readable.contains(step)) {
      throw new IllegalStateException("step " + reader + " read " + step + ", which it does not need: declare it");
    }
    return step.result.join();
  }
}
