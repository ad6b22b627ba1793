package dev.ackrelease.steps.graph;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A step of a {@link Graph}: a name, the steps whose results it needs, and what it does with
 * them, giving one value (Jib's steps: a small {@code Callable} with a typed result). A step is
 * its own handle: {@link Results#get} takes it to read its value, so inputs are typed and no
 * result is ever cast. A graph, and so each step, runs once.
 *
 * @param <T> the value the step gives
 */
public final class Step<T> {

  /** What a step does once every step it needs has given its value. */
  @FunctionalInterface
  public interface Body<T> {
    T run(Results upstream) throws Exception;
  }

  private final String name;
  private final List<Step<?>> needs;
  private final Body<T> body;
  final CompletableFuture<T> result = new CompletableFuture<>();

  Step(String name, List<Step<?>> needs, Body<T> body) {
    this.name = name;
    this.needs = List.copyOf(needs);
    this.body = body;
  }

  public String name() {
    return name;
  }

  /** The steps this one waits for: the graph's edges into it. */
  public List<Step<?>> needs() {
    return needs;
  }

  Body<T> body() {
    return body;
  }

  @Override
  public String toString() {
    return name;
  }
}
