package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.List;

/**
 * One kind of artifact a release publishes (image, chart, SBOM, signature, attestation; later a
 * CRD bundle or release assets), the same small interface for each, as ko's
 * {@code publish.Interface} and GoReleaser's pipes are: decided from the registry before
 * anything is built, built locally, then pushed. The publish graph wires kinds together (what
 * each needs, what waits for what); a kind never knows the order, and adding one is a new
 * class plus its line in the graph.
 *
 * @param <I> what the kind is made from (the release, and the rows or files of the kinds it needs)
 * @param <B> the local artifact {@link #build} makes and {@link #push} publishes
 */
public interface ArtifactKind<I, B> {

  /** The kind's name: the step names ({@code decide-image}) and the rows' {@code kind}. */
  String name();

  /**
   * From the registry, before anything is built (one read of a tag where it can be): what the
   * registry already holds, or that it must be built.
   */
  Decision decide(I input);

  /** The local artifact, made only when {@link #decide} said to build; nothing is pushed. */
  B build(I input);

  /** Publishes {@code built} (in a dry run: what would be pushed): one row each. */
  List<PublishedArtifact> push(I input, B built);
}
