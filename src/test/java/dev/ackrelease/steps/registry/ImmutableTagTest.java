package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.ImmutableTag.State;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The immutable-tag rule, every case: absent pushes, the same skips, different refuses (exit 3,
 * naming both digests) unless the tag moves on purpose; a dry run reports each as its twin.
 */
class ImmutableTagTest {

  static final String REF = "public.ecr.aws/aws-controllers-k8s/s3-controller:1.8.2";
  static final String OURS = "sha256:" + "a".repeat(64);
  static final String THEIRS = "sha256:" + "b".repeat(64);

  @Test
  void theStateComparesTheRegistrysDigestWithTheLocalOne() {
    assertEquals(State.ABSENT, ImmutableTag.compare(Optional.empty(), OURS));
    assertEquals(State.SAME, ImmutableTag.compare(Optional.of(OURS), OURS));
    assertEquals(State.DIFFERENT, ImmutableTag.compare(Optional.of(THEIRS), OURS));
  }

  static void decides(Optional<String> there, boolean movable, boolean dryRun, State state, Action action) {
    ImmutableTag.Decision d = ImmutableTag.decide(REF, there, OURS, movable, dryRun);
    assertEquals(new ImmutableTag.Decision(state, action, null), d, there + " movable=" + movable + " dryRun=" + dryRun);
  }

  @Test
  void absentPushesAndTheSameSkipsWhetherTheTagMovesOrNot() {
    for (boolean movable : new boolean[] {false, true}) {
      decides(Optional.empty(), movable, false, State.ABSENT, Action.PUSHED);
      decides(Optional.empty(), movable, true, State.ABSENT, Action.WOULD_PUSH);
      decides(Optional.of(OURS), movable, false, State.SAME, Action.ALREADY_PUBLISHED);
      decides(Optional.of(OURS), movable, true, State.SAME, Action.WOULD_SKIP);
    }
  }

  @Test
  void differentContentMovesOnlyAMovableTag() {
    decides(Optional.of(THEIRS), true, false, State.DIFFERENT, Action.PUSHED);
    decides(Optional.of(THEIRS), true, true, State.DIFFERENT, Action.WOULD_PUSH);
  }

  @Test
  void differentContentUnderAReleasedTagIsRefusedNamingBothDigests() {
    String expected = "refusing to overwrite " + REF + ": the registry has " + THEIRS + " but this build is " + OURS
        + "; released versions are immutable: release a new version";
    ReleaseException e = assertThrows(ReleaseException.class, () -> ImmutableTag.decide(REF, Optional.of(THEIRS), OURS, false, false));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertEquals(expected, e.getMessage());

    ImmutableTag.Decision dry = ImmutableTag.decide(REF, Optional.of(THEIRS), OURS, false, true);
    assertEquals(State.DIFFERENT, dry.state());
    assertEquals(Action.WOULD_REFUSE, dry.action());
    assertEquals(expected, dry.refusal());
    assertEquals(expected, ImmutableTag.conflict(REF, THEIRS, OURS).getMessage());
    assertNull(ImmutableTag.decide(REF, Optional.empty(), OURS, false, true).refusal());
  }
}
