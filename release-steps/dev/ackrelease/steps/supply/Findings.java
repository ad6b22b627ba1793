package dev.ackrelease.steps.supply;

import java.util.ArrayList;
import java.util.List;

/**
 * What a check of the registry found: {@code problems} fail it (exit 5); {@code warnings} do
 * not, as cosign accepts a signature set with one good signature, but are reported: a layer
 * the key does not verify, or one that signs another digest, beside a good one.
 */
public record Findings(List<String> problems, List<String> warnings) {

  public Findings {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public static Findings none() {
    return new Findings(List.of(), List.of());
  }

  public static Findings problem(String problem) {
    return new Findings(List.of(problem), List.of());
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** Both lists of this and {@code other}, in order. */
  public Findings and(Findings other) {
    List<String> p = new ArrayList<>(problems);
    p.addAll(other.problems);
    List<String> w = new ArrayList<>(warnings);
    w.addAll(other.warnings);
    return new Findings(p, w);
  }
}
