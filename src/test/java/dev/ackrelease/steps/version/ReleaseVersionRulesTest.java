package dev.ackrelease.steps.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ACK release versions: {@code vMAJOR.MINOR.PATCH} and nothing else, ordered numerically; which
 * release may follow which (next patch, next minor, next major only when allowed); the first
 * release is v0.0.1, v0.1.0 or v1.0.0.
 */
class ReleaseVersionRulesTest {

  static ReleaseVersion v(String tag) {
    return ReleaseVersion.parseTag(tag);
  }

  @Test
  void onlyPlainReleaseTagsParse() {
    assertEquals(Optional.of(new ReleaseVersion(0, 0, 0)), ReleaseVersion.tryParseTag("v0.0.0"));
    assertEquals(Optional.of(new ReleaseVersion(10, 20, 30)), ReleaseVersion.tryParseTag("v10.20.30"));
    for (String bad : new String[] {null, "", "1.2.3", "v1.2", "v1.2.3.4", "v01.2.3", "v1.02.3", "v1.2.03", "v1.2.3-rc.1",
        "v1.2.3+b", " v1.2.3", "V1.2.3", "v-1.2.3"}) {
      assertEquals(Optional.empty(), ReleaseVersion.tryParseTag(bad), String.valueOf(bad));
    }
  }

  @Test
  void eachBadTagSaysWhatIsWrongWithIt() {
    String expected = ": expected vMAJOR.MINOR.PATCH, for example v1.8.2";
    assertEquals("missing release version" + expected, message(null));
    assertEquals("missing release version" + expected, message("  "));
    // The fix for a release without its v is that release with its v, not another version.
    assertEquals("release version '1.2.3' has no leading 'v': pass v1.2.3", message("1.2.3"));
    assertEquals("release version '0.1.1' has no leading 'v': pass v0.1.1", message("0.1.1"));
    assertEquals("'v1.2.3-rc.1' is a pre-release; ACK releases have no pre-release part" + expected, message("v1.2.3-rc.1"));
    assertEquals("'1.2-rc' is a pre-release; ACK releases have no pre-release part" + expected, message("1.2-rc"));
    assertEquals("'1.2+b' has build metadata; ACK releases have none" + expected, message("1.2+b"));
    assertEquals("'v1.2.3+b' has build metadata; ACK releases have none" + expected, message("v1.2.3+b"));
    assertEquals("'1.x' is not a release version" + expected, message("1.x"));
    // "No leading v" only where adding it makes a release, so the fix works when pasted.
    assertEquals("'99999999999.0.0' is not a release version" + expected, message("99999999999.0.0"));
    assertEquals("'1.2.3-rc.1' is a pre-release; ACK releases have no pre-release part" + expected, message("1.2.3-rc.1"));
    assertEquals("' 1.2.3' is not a release version" + expected, message(" 1.2.3"));
    assertEquals("'01.2.3' is not a release version" + expected, message("01.2.3"));
    assertEquals("'vx' is not a release version" + expected, message("vx"));
  }

  static String message(String tag) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ReleaseVersion.parseTag(tag));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    return e.getMessage();
  }

  @Test
  void formsAndSuccessors() {
    ReleaseVersion x = v("v1.8.2");
    assertEquals("v1.8.2", x.toString());
    assertEquals(v("v1.8.3"), x.nextPatch());
    assertEquals(v("v1.9.0"), x.nextMinor());
    assertEquals(v("v2.0.0"), x.nextMajor());
    assertEquals("v0-stable", v("v0.3.1").stableChartVersion());
    assertThrows(IllegalArgumentException.class, () -> new ReleaseVersion(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReleaseVersion(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReleaseVersion(0, 0, -1));
  }

  @Test
  void versionsOrderByMajorThenMinorThenPatch() {
    List<String> ordered = List.of("v0.0.1", "v0.1.0", "v0.1.1", "v1.0.0", "v1.0.9", "v1.1.0", "v1.10.0", "v2.0.0");
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = 0; j < ordered.size(); j++) {
        int c = v(ordered.get(i)).compareTo(v(ordered.get(j)));
        assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(c), ordered.get(i) + " vs " + ordered.get(j));
        assertEquals(i > j, v(ordered.get(i)).isNewerThan(v(ordered.get(j))));
      }
    }
  }

  @Test
  void aFirstReleaseIsOneOfThree() {
    for (String first : List.of("v0.0.1", "v0.1.0", "v1.0.0")) {
      VersionPolicy.checkSuccessor(Optional.empty(), v(first), false);
    }
    for (String other : List.of("v0.0.0", "v0.0.2", "v2.0.0", "v1.0.1")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> VersionPolicy.checkSuccessor(Optional.empty(), v(other), true));
      assertEquals(ReleaseException.Kind.REFUSED, e.kind());
      assertEquals(other + " cannot be a first release: use v0.0.1, v0.1.0 or v1.0.0", e.getMessage());
    }
  }

  @Test
  void refusalsNameTheNextReleases() {
    assertEquals("v1.8.2 is not newer than the newest release v1.8.2: use v1.8.3 or v1.9.0",
        refusal("v1.8.2", "v1.8.2", true));
    assertEquals("v2.0.0 is a new major version after v1.8.2: pass --allow-major if that is intended",
        refusal("v1.8.2", "v2.0.0", false));
    assertEquals("v1.8.4 skips ahead of the newest release v1.8.2: the next release is v1.8.3, v1.9.0 or (with --allow-major)"
        + " v2.0.0", refusal("v1.8.2", "v1.8.4", true));
    VersionPolicy.checkSuccessor(Optional.of(v("v1.8.2")), v("v2.0.0"), true);
    VersionPolicy.checkSuccessor(Optional.of(v("v1.8.2")), v("v1.8.3"), false);
    VersionPolicy.checkSuccessor(Optional.of(v("v1.8.2")), v("v1.9.0"), false);
    assertFalse(v("v1.8.2").isNewerThan(v("v1.8.2")));
    assertTrue(v("v1.8.3").isNewerThan(v("v1.8.2")));
  }

  static String refusal(String newest, String candidate, boolean allowMajor) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> VersionPolicy.checkSuccessor(Optional.of(v(newest)),
        v(candidate), allowMajor));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    return e.getMessage();
  }
}
