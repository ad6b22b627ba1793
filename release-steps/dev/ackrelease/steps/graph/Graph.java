package dev.ackrelease.steps.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Steps and the edges between them (a step needs steps added before it, so a graph has no
 * cycle by construction). Built once per run by whoever knows the order (the publish graph for a
 * mode), run by {@link Runner}, which never knows what a step does. Its shape (names and edges)
 * can be read without running it.
 */
public final class Graph {

  private final List<Step<?>> steps = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  /** Adds a step that runs {@code body} once every one of {@code needs} (steps of this graph) has its value. */
  public <T> Step<T> add(String name, List<Step<?>> needs, Step.Body<T> body) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("the graph already has a step named " + name);
    }
    for (Step<?> n : needs) {
      if (!steps.contains(n)) {
        throw new IllegalArgumentException("step " + name + " needs " + n + ", which is not in the graph yet");
      }
    }
    Step<T> step = new Step<>(name, needs, body);
    steps.add(step);
    return step;
  }

  /** A step with no needs. */
  public <T> Step<T> add(String name, Step.Body<T> body) {
    return add(name, List.of(), body);
  }

  /** The steps in the order they were added (a topological order). */
  public List<Step<?>> steps() {
    return List.copyOf(steps);
  }

  public List<String> names() {
    return steps.stream().map(Step::name).toList();
  }

  /** Every edge as {@code "from -> to"}, in the order the steps were added: the graph's shape. */
  public List<String> edges() {
    List<String> edges = new ArrayList<>();
    for (Step<?> s : steps) {
      for (Step<?> n : s.needs()) {
        edges.add(n.name() + " -> " + s.name());
      }
    }
    return edges;
  }

  public Optional<Step<?>> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
