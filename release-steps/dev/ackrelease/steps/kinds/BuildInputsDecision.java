package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistrySession;
import java.time.Duration;
import java.util.Optional;

/**
 * How the image and the chart decide, with one read of their tag: the build-inputs annotation of
 * what is there is compared with this run's. The same inputs: already published, nothing is
 * built. Otherwise it is built, and what {@code plan} reports says why: the tag is absent (push),
 * the stable tag moves (push), other inputs are recorded (conflict: publish builds, then refuses
 * unless the digests agree), or none is (unknown until built).
 */
final class BuildInputsDecision {

  private BuildInputsDecision() {}

  static Decision decide(Log log, RegistrySession session, String kind, String name, String tag, BuildInputs inputs,
      boolean movable, boolean dryRun) {
    long start = System.nanoTime();
    int retriedBefore = session.retries(name);
    String ref = session.access().registry().ref(name, tag);
    Optional<RegistrySession.Fetched> published = session.manifest(name, tag);
    Optional<String> recorded = published.flatMap(p -> p.annotation(BuildInputs.ANNOTATION));
    Action action;
    String detail;
    if (published.isEmpty()) {
      action = Action.PLAN_PUSH;
      detail = "the registry has no " + ref;
    } else if (recorded.equals(Optional.of(inputs.digest()))) {
      action = dryRun ? Action.WOULD_SKIP : Action.ALREADY_PUBLISHED;
      detail = "the registry's " + kind + " records the same build inputs " + inputs.digest();
    } else if (movable) {
      action = Action.PLAN_PUSH;
      detail = "the stable tag moves to this build";
    } else if (recorded.isPresent()) {
      action = Action.CONFLICT;
      detail = "the registry's " + kind + " was built from other inputs (" + recorded.get() + ", this build "
          + inputs.digest() + "): publish would refuse unless the digests agree";
    } else {
      action = Action.UNKNOWN_UNTIL_BUILT;
      detail = "published without a record of its build inputs: publish builds it and compares digests";
    }
    boolean skip = action == Action.ALREADY_PUBLISHED || action == Action.WOULD_SKIP;
    String line = kind + " " + ref + ": " + action.text() + (skip
        ? " (already published with the same build inputs " + inputs.digest().substring(0, 19) + "...), nothing to build" : "");
    // An artifact nothing is done for gets its line here; one that is built gets it when pushed.
    if (skip) {
      log.info(line);
    } else {
      log.detail(line);
    }
    PublishedArtifact row = new PublishedArtifact(kind, ref, published.map(RegistrySession.Fetched::digest).orElse(null),
        action, 0, Duration.ofNanos(System.nanoTime() - start), detail).withTraffic(0, session.retries(name) - retriedBefore);
    return skip ? Decision.published(row) : Decision.mustBuild(row);
  }
}
