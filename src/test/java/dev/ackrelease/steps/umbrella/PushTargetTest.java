package dev.ackrelease.steps.umbrella;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where {@code umbrella --push} pushes: a remote by name, or a URL for a clone with no remote (a
 * Prow clone), never with credentials in it (test-infra's cd/ack-chart/update-chart.sh
 * {@code _commit_chart_changes} puts {@code $GITHUB_TOKEN} into its remote's URL; ack-release
 * takes it from the environment at the push).
 */
class PushTargetTest {

  static final String ACK_CHART = "https://github.com/aws-controllers-k8s/ack-chart.git";
  static final Map<String, String> JOB = Map.of(PushTarget.ENV, ACK_CHART);

  @Test
  void originUnlessAFlagOrThePushJobsEnvironmentSaysOtherwise() {
    assertEquals(new PushTarget("origin", false), PushTarget.choose(null, null, true, Map.of()));
    assertEquals(new PushTarget("upstream", false), PushTarget.choose("upstream", null, true, JOB), "a flag wins over the environment");
    assertEquals(new PushTarget(ACK_CHART, true), PushTarget.choose(null, null, true, JOB));
    assertEquals(new PushTarget("origin", false), PushTarget.choose(null, null, false, JOB), "no push: the environment is not read");
    assertEquals(new PushTarget("/srv/git/ack-chart.git", true), PushTarget.choose(null, "/srv/git/ack-chart.git", true, JOB));
  }

  @Test
  void bothFlagsOrAPushUrlWithoutPushIsInvalidInput() {
    ReleaseException both = assertThrows(ReleaseException.class, () -> PushTarget.choose("origin", ACK_CHART, true, Map.of()));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, both.kind());
    ReleaseException noPush = assertThrows(ReleaseException.class, () -> PushTarget.choose(null, ACK_CHART, false, Map.of()));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, noPush.kind());
    assertTrue(noPush.getMessage().contains("--push-url needs --push"), noPush.getMessage());
    assertEquals(ReleaseException.Kind.INVALID_INPUT, assertThrows(ReleaseException.class,
        () -> PushTarget.choose(" ", null, true, Map.of())).kind());
  }

  @Test
  void gitUrlsAreTakenAsGivenAndARelativePathIsNot() {
    for (String url : new String[] {ACK_CHART, "ssh://git@github.com/aws-controllers-k8s/ack-chart.git",
        "git@github.com:aws-controllers-k8s/ack-chart.git", "file:///srv/git/ack-chart.git", "/srv/git/ack-chart.git"}) {
      assertEquals(url, PushTarget.url(url, "--push-url").transport(), url);
    }
    ReleaseException relative = assertThrows(ReleaseException.class,
        () -> PushTarget.url("github.com/aws-controllers-k8s/ack-chart", "--push-url"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, relative.kind());
  }

  /** update-chart.sh's form (the token as the URL's user) and a user:password pair: refused, and the secret never shown. */
  @Test
  void aUrlCarryingATokenIsRefusedWithoutShowingIt() {
    for (String url : new String[] {"https://ghp_tokenInTheUser1@github.com/aws-controllers-k8s/ack-chart.git",
        "https://x-access-token:ghp_tokenAsPassword2@github.com/aws-controllers-k8s/ack-chart.git"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> PushTarget.url(url, PushTarget.ENV));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertFalse(e.getMessage().contains("ghp_"), e.getMessage());
      assertTrue(e.getMessage().contains("GITHUB_TOKEN"), e.getMessage());
      assertFalse(Secrets.redact("failed: " + url).contains("ghp_"), "registered as a secret: later output masks it");
    }
  }
}
