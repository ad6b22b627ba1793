package dev.ackrelease.steps.releasepr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.notes.Change;
import dev.ackrelease.steps.notes.Group;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The release pull request's body stays within what GitHub takes (65536 characters; a longer one is
 * 422 "body is too long" after the branch was pushed): the notes give way, whole lines, with a line
 * saying how many changes are not shown; the heading and the part after the notes stay whole.
 */
class ReleasePrBodyTest {

  /** GitHub's limit on a pull request body. */
  static final int GITHUB_LIMIT = 65_536;
  static final ReleaseVersion VERSION = ReleaseVersion.parseTag("v0.2.0");
  static final Optional<ReleaseVersion> PREVIOUS = Optional.of(ReleaseVersion.parseTag("v0.1.0"));

  static ReleaseNotes notes(int count, int titleLength) {
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String title = "Change " + i + " " + "x".repeat(titleLength);
      changes.add(new Change(Optional.of(i), title, "alice", true, List.of(), "%040d".formatted(i), i % 2 == 0 ? Group.FIXES
          : Group.OTHER));
    }
    return new ReleaseNotes("s3", VERSION.tag(), Optional.of("v0.1.0"), "0".repeat(40), false, true, count, changes,
        Optional.of("https://github.com/aws-controllers-k8s/s3-controller/compare/v0.1.0...abc"));
  }

  static String body(ReleaseNotes notes) {
    return ReleasePrBody.body("s3", VERSION, PREVIOUS, ReleaseBump.MINOR, "as asked (--bump minor)", notes);
  }

  @Test
  void aBodyWithinTheLimitCarriesEveryChange() {
    String body = body(notes(20, 50));
    assertTrue(body.contains("Change 20 "), body);
    assertFalse(body.contains("not shown"), body);
  }

  @Test
  void notesLongerThanGitHubTakesAreCutToWholeLinesAndTheRestOfTheBodyStays() {
    for (int titleLength : new int[] {100, 70_000}) {
      String body = body(notes(2000, titleLength));
      assertTrue(body.length() <= GITHUB_LIMIT, titleLength + ": " + body.length() + " characters");
      assertTrue(body.startsWith("### Release artifacts for release v0.2.0\n"), body.substring(0, 100));
      assertTrue(body.endsWith("<!-- ack-release release-pr v0.2.0 -->\n"), body.substring(body.length() - 200));
      assertTrue(body.contains("more changes not shown, to stay within GitHub's limit: `ack-release notes v0.2.0` lists them all"),
          body.substring(0, Math.min(2000, body.length())));
      assertTrue(body.lines().filter(l -> l.startsWith("* ")).allMatch(l -> l.endsWith("@alice")), "no change cut in the middle");
      assertEquals(body, body(notes(2000, titleLength)), "the same notes give the same body");
    }
  }
}
