package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.steps.version.VersionPolicy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseVersionTest {

  @Test
  void tagAndPlainForms() {
    ReleaseVersion v = ReleaseVersion.parseTag("v1.8.2");
    assertEquals("v1.8.2", v.tag());
    assertEquals("1.8.2", v.plain());
    assertEquals("v1-stable", v.stableChartVersion());
  }

  @ParameterizedTest
  @CsvSource({
      "1.2.3, has no leading 'v'",
      "v1.2.3-rc.1, is a pre-release",
      "v1.2.3+meta, has build metadata",
      "v1.2, is not a release version",
      "v01.2.3, is not a release version",
      "v2147483647.0.0, has a number too large",
      "v1.2147483647.0, has a number too large",
      "v99999999999.0.0, has a number too large",
      "'', missing release version"})
  void errorsSayWhatIsWrong(String tag, String problem) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ReleaseVersion.parseTag(tag));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void everyReleaseTagHasASuccessor() {
    ReleaseVersion largest = ReleaseVersion.parseTag("v2147483646.2147483646.2147483646");
    assertEquals("v2147483646.2147483646.2147483647", largest.nextPatch().tag());
    assertEquals("v2147483646.2147483647.0", largest.nextMinor().tag());
    assertEquals("v2147483647.0.0", largest.nextMajor().tag());
    // A tag with a number at the int limit is not a release: no successor could be named after it.
    assertEquals(Optional.empty(), ReleaseVersion.tryParseTag("v0.0.2147483647"));
  }

  @Test
  void ordersNumericallyNotLexically() {
    assertTrue(ReleaseVersion.parseTag("v1.10.0").isNewerThan(ReleaseVersion.parseTag("v1.9.9")));
    assertTrue(ReleaseVersion.parseTag("v2.0.0").isNewerThan(ReleaseVersion.parseTag("v1.99.99")));
  }

  @ParameterizedTest
  @CsvSource({
      "v1.8.2, v1.8.3, false, ok",
      "v1.8.2, v1.9.0, false, ok",
      "v1.8.2, v2.0.0, true, ok",
      "v1.8.2, v2.0.0, false, --allow-major",
      "v1.8.2, v1.8.4, false, skips ahead",
      "v1.8.2, v1.9.1, false, skips ahead",
      "v1.8.2, v3.0.0, true, skips ahead",
      "v1.8.2, v1.8.2, false, not newer",
      "v1.8.2, v1.7.9, false, not newer"})
  void successorRules(String newest, String candidate, boolean allowMajor, String expect) {
    Runnable check = () -> VersionPolicy.checkSuccessor(Optional.of(ReleaseVersion.parseTag(newest)),
        ReleaseVersion.parseTag(candidate), allowMajor);
    if (expect.equals("ok")) {
      check.run();
    } else {
      ReleaseException e = assertThrows(ReleaseException.class, check::run);
      assertEquals(ReleaseException.Kind.REFUSED, e.kind());
      assertTrue(e.getMessage().contains(expect), e.getMessage());
    }
  }

  /** equals and hashCode are written out (start-up): they still compare all three parts, and nothing else. */
  @Test
  void equalVersionsAreTheSameThreeNumbers() {
    assertEquals(new ReleaseVersion(1, 8, 2), ReleaseVersion.parseTag("v1.8.2"));
    assertEquals(new ReleaseVersion(1, 8, 2).hashCode(), ReleaseVersion.parseTag("v1.8.2").hashCode());
    assertNotEquals(new ReleaseVersion(1, 8, 2), new ReleaseVersion(2, 8, 2));
    assertNotEquals(new ReleaseVersion(1, 8, 2), new ReleaseVersion(1, 9, 2));
    assertNotEquals(new ReleaseVersion(1, 8, 2), new ReleaseVersion(1, 8, 3));
    assertNotEquals(new ReleaseVersion(1, 8, 2), "v1.8.2");
    assertNotEquals(new ReleaseVersion(0, 1, 0).hashCode(), new ReleaseVersion(0, 0, 1).hashCode());
  }
}
