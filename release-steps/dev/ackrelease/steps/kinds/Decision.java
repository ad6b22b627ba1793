package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.List;

/**
 * What a kind decided from the registry: {@code build} it, or not (the registry holds it:
 * {@code rows} say so). The rows are also {@code plan}'s answer, which stops here: push,
 * already published, conflict, unknown until built.
 */
public record Decision(boolean build, List<PublishedArtifact> rows) {

  public Decision {
    rows = List.copyOf(rows);
  }

  /** Nothing to build: the registry holds what this run would make. */
  public static Decision published(PublishedArtifact row) {
    return new Decision(false, List.of(row));
  }

  /** To be built; {@code planned} says what plan reports. */
  public static Decision mustBuild(PublishedArtifact planned) {
    return new Decision(true, List.of(planned));
  }

  /** To be built, with nothing known before (a signature set is read when it is pushed). */
  public static Decision mustBuild() {
    return new Decision(true, List.of());
  }
}
