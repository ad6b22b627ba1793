package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rows of one run, as GoReleaser's artifact list: steps add what they published (locked:
 * image and chart finish side by side), later kinds read what they sign or describe by kind,
 * and a failure still reports everything done before it. Rows are read in one order whatever
 * order steps running side by side finished in: the image, the chart, the SBOM, the signatures,
 * the attestations, then any other kind; within a kind, as they were added.
 */
public final class Ledger {

  private final List<PublishedArtifact> rows = new ArrayList<>();

  public synchronized void add(List<PublishedArtifact> more) {
    rows.addAll(more);
  }

  private static final List<String> ORDER = List.of("image", "chart", "sbom", "signature", "provenance");

  public synchronized List<PublishedArtifact> rows() {
    List<PublishedArtifact> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt(r -> ORDER.contains(r.kind()) ? ORDER.indexOf(r.kind()) : ORDER.size()));
    return List.copyOf(sorted);
  }

  /** The published row of {@code kind} with a digest (the image, the chart, the SBOM). */
  public synchronized Optional<PublishedArtifact> of(String kind) {
    return rows.stream().filter(r -> r.kind().equals(kind) && r.digest() != null).findFirst();
  }
}
