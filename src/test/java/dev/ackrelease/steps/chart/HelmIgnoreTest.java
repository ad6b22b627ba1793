package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/helm pkg/ignore/rules.go ({@code Parse}, {@code parseRule}, {@code Ignore}) with Go's
 * bufio.Scanner, strings.TrimSpace and path/filepath.Match under it. What real Helm packages
 * for the same rules is checked in HelmPackageConformanceTest.
 */
class HelmIgnoreTest {

  private static HelmIgnore rules(String... lines) {
    return file(String.join("\n", lines));
  }

  private static HelmIgnore file(String text) {
    return HelmIgnore.parse(text.getBytes(StandardCharsets.UTF_8), ".helmignore");
  }

  @Test
  void ruleWithoutSlashMatchesTheBaseNameAnywhere() {
    HelmIgnore ignore = rules("# comment", "", "*.swp", "[Tt]emp?.txt");
    assertTrue(ignore.ignores("a.swp", false));
    assertTrue(ignore.ignores("templates/deep/b.swp", false));
    assertTrue(ignore.ignores("docs/Temp1.txt", false));
    assertFalse(ignore.ignores("docs/Temp12.txt", false));
    assertFalse(ignore.ignores("a.swp.txt", false));
  }

  @Test
  void ruleWithSlashMatchesTheWholePathAndStarStopsAtSlash() {
    HelmIgnore ignore = rules("/secret.yaml", "docs/*.md");
    assertTrue(ignore.ignores("secret.yaml", false));
    assertFalse(ignore.ignores("templates/secret.yaml", false));
    assertTrue(ignore.ignores("docs/a.md", false));
    assertFalse(ignore.ignores("docs/x/a.md", false));
  }

  @Test
  void trailingSlashMatchesDirectoriesOnly() {
    HelmIgnore ignore = rules("scratch/");
    assertTrue(ignore.ignores("scratch", true));
    assertFalse(ignore.ignores("scratch", false));
  }

  @Test
  void negatedCharacterClassAndEscapes() {
    HelmIgnore ignore = rules("[^a-c]*.log", "\\#literal");
    assertTrue(ignore.ignores("x.log", false));
    assertFalse(ignore.ignores("b.log", false));
    assertTrue(ignore.ignores("#literal", false));
  }

  @Test
  void doubleStarIsRejectedAsHelmDoes() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> rules("**/x"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
  }

  /** helm/helm pkg/ignore/rules.go parseRule: a rule filepath.Match refuses (ErrBadPattern) fails the package. */
  @Test
  void aPatternGoRefusesIsInvalidInput() {
    for (String rule : new String[] {"x[", "[]", "a\\", "[a-]", "*[", "[\\"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> rules(rule), rule);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), rule);
      assertTrue(e.getMessage().contains("is not a valid glob"), e.getMessage());
    }
  }

  /**
   * Go's matchChunk takes a reversed range as a range nothing is in, and parseRule checks the
   * whole rule before taking its trailing / off: helm package takes these rules (and they
   * ignore nothing).
   */
  @Test
  void rulesGoTakesAreTakenThoughTheyMatchNothing() {
    HelmIgnore ignore = rules("[z-a]", "[a-\\]]", "x\\/");
    for (String path : new String[] {"a", "z", "]", "x", "x/", "x\\"}) {
      assertFalse(ignore.ignores(path, false), path);
      assertFalse(ignore.ignores(path, true), path);
    }
  }

  /** Go's filepath.Match: a class matches any rune, / too (only * and ? stop at it). */
  @Test
  void aClassMatchesSlashAsGosDoes() {
    HelmIgnore ignore = rules("a[/]b", "/c[^x]d");
    assertTrue(ignore.ignores("a/b", false));
    assertTrue(ignore.ignores("c/d", false));
    assertFalse(rules("a?b").ignores("a/b", false));
  }

  /** Go's filepath.Match skips bytes for a star: *?? matches the three bytes of the one rune €. */
  @Test
  void aStarSkipsBytesAsGosDoes() {
    HelmIgnore ignore = rules("files/*??");
    assertTrue(ignore.ignores("files/\u20ac", false));
    assertFalse(ignore.ignores("files/a", false));
    assertFalse(ignore.ignores("files/\u00e9", false), "two bytes: * must skip one, ?? then want three");
  }

  /** A star commits to the first place its chunk matches, as Go's does: a rule built to make a backtracking matcher run for ages answers at once. */
  @Test
  void aPathologicalRuleAnswersAtOnce() {
    HelmIgnore ignore = rules("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "[^b]*[^b]*[^b]*[^b]*[^b]*[^b]*[^b]*[^b]*b");
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(ignore.ignores("a".repeat(200), false)));
    assertTrue(ignore.ignores("a".repeat(200) + "b", false));
  }

  /** Go's bufio.ScanLines and strings.TrimSpace: \n ends a line (a \r before it dropped), a lone \r does not; NBSP is space, U+001F is not. */
  @Test
  void linesAndSpacesAreGos() {
    HelmIgnore ignore = file("*.a\r*.b\n*.c\r\n *.d\u00a0\n*.e\u001f\n\u2003*.f\u3000");
    assertFalse(ignore.ignores("x.a", false), "*.a\\r*.b is one rule");
    assertFalse(ignore.ignores("x.b", false));
    assertTrue(ignore.ignores("x.c", false));
    assertTrue(ignore.ignores("x.d", false));
    assertFalse(ignore.ignores("x.e", false), "U+001F stays in the rule");
    assertTrue(ignore.ignores("x.e\u001f", false));
    assertTrue(ignore.ignores("x.f", false));
  }

  /** helm/helm pkg/ignore/rules.go Parse drops a UTF-8 byte-order mark from the first line only. */
  @Test
  void aByteOrderMarkIsDroppedFromTheFirstLine() {
    HelmIgnore ignore = file("\ufeff*.bin\n\ufeff*.txt");
    assertTrue(ignore.ignores("big.bin", false));
    assertFalse(ignore.ignores("a.txt", false));
  }

  /** Go's bufio.Scanner refuses a line of 64 KiB (MaxScanTokenSize) and more: so does the check, naming the line, not exit 1. */
  @Test
  void aLineHelmCannotReadIsInvalidInput() {
    file("*.a\n" + "b".repeat(65535));
    ReleaseException e = assertThrows(ReleaseException.class, () -> file("*.a\n" + "b".repeat(65535) + "\r\n"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith(".helmignore: line 2 is 64 KiB or longer"), e.getMessage());
  }

  @Test
  void invalidUtf8IsReadAsBytesNotRefused() {
    HelmIgnore ignore = HelmIgnore.parse(new byte[] {'*', '.', (byte) 0xff, '\n', '*', '.', 'b'}, ".helmignore");
    assertTrue(ignore.ignores("x.b", false));
  }

  /** helm/helm pkg/chart/v2/loader/directory.go LoadDir: a .helmignore Helm cannot read (a directory) fails helm package. */
  @Test
  void aDirectoryNamedHelmignoreIsInvalidInput(@TempDir Path chart) throws Exception {
    Files.createDirectories(chart.resolve(".helmignore"));
    ReleaseException e = assertThrows(ReleaseException.class, () -> HelmIgnore.of(chart));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().endsWith("it is a directory (helm package fails on it too); remove it"), e.getMessage());
  }

  /**
   * helm/helm pkg/ignore/rules.go Ignore: a negated rule ignores every path it does not match (a
   * file, for a directory rule) and lets the next rule decide the rest; a rule without / is
   * matched against the base name, one with / against the whole path.
   */
  @Test
  void aNegatedRuleIgnoresWhatItDoesNotMatchAsHelmDoes() {
    HelmIgnore base = rules("!*.yaml");
    assertFalse(base.ignores("Chart.yaml", false));
    assertFalse(base.ignores("templates/deployment.yaml", false), "the base name matches");
    assertTrue(base.ignores("NOTES.txt", false));
    HelmIgnore whole = rules("!docs/*.md");
    assertFalse(whole.ignores("docs/a.md", false));
    assertTrue(whole.ignores("a.md", false), "the whole path does not match");
    HelmIgnore dir = rules("!templates/", "*.tmp");
    assertFalse(dir.ignores("templates", true));
    assertTrue(dir.ignores("templates", false), "a file, for a directory rule");
    assertTrue(dir.ignores("docs", true));
    HelmIgnore then = rules("!*.yaml", "values*");
    assertTrue(then.ignores("values.yaml", false), "a path the negated rule matches goes on to the next rule");
    assertFalse(then.ignores("Chart.yaml", false));
  }

  /**
   * rules.go parseRule takes the ! and the trailing / off what is left: "/" is a rule of no
   * pattern (matches nothing), "!" and "!/" negate one (ignore everything); neither is an error.
   * Ignore never ignores the chart itself ("", ".", "./"), whatever the rules.
   */
  @Test
  void rulesLeftEmptyAndTheChartItself() {
    for (String path : new String[] {"Chart.yaml", "templates", "a/b"}) {
      assertFalse(rules("/").ignores(path, true), path);
      assertTrue(rules("!").ignores(path, false), path);
      assertTrue(rules("!/").ignores(path, true), path);
    }
    HelmIgnore all = rules("*", ".*", "!");
    for (String path : new String[] {"", ".", "./"}) {
      assertFalse(all.ignores(path, true), path);
    }
  }

  /** Go's bufio.ScanLines: a file that starts with an empty line (LF or CRLF) reads its next lines as rules; each line's 64 KiB is its own. */
  @Test
  void aFileStartingWithAnEmptyLine() {
    assertTrue(file("\n*.b").ignores("x.b", false));
    assertTrue(file("\r\n*.b").ignores("x.b", false));
    file("\n" + "b".repeat(65535));
  }

  /** Go's unicode.IsSpace: U+2000 to U+200A and U+0085 are space, U+1FFF and U+200B (zero width) are not. */
  @Test
  void theEdgesOfGosSpaces() {
    HelmIgnore ignore = file("\u2000*.a\u200a\n\u0085*.b\u0085\n*.c\u200b\n\u1fff*.d");
    assertTrue(ignore.ignores("x.a", false));
    assertTrue(ignore.ignores("x.b", false));
    assertFalse(ignore.ignores("x.c", false), "U+200B stays in the rule");
    assertTrue(ignore.ignores("x.c\u200b", false));
    assertFalse(ignore.ignores("x.d", false), "U+1FFF stays in the rule");
  }

  /** Bytes that are no UTF-8 at a rule's end (a stray continuation byte, a cut rune) are not space: the rule keeps them, no exit 1. */
  @Test
  void brokenUtf8AtARulesEndIsKept() {
    HelmIgnore ignore = HelmIgnore.parse(new byte[] {(byte) 0x80, '\n', '*', '.', 'b', (byte) 0xe3, (byte) 0x80, '\n', '*', '.', 'c'},
        ".helmignore");
    assertFalse(ignore.ignores("x.b", false), "the cut U+3000 stays in the rule");
    assertTrue(ignore.ignores("x.c", false));
  }

  /** rules.go AddDefaults: templates/.?* is a rule of every chart, with a .helmignore or without one. */
  @Test
  void helmsDefaultRuleIsAlwaysThere(@TempDir Path chart) {
    for (HelmIgnore ignore : new HelmIgnore[] {HelmIgnore.of(chart), rules("*.swp")}) {
      assertTrue(ignore.ignores("templates/.draft.yaml", false));
      assertTrue(ignore.ignores("templates/.d", true));
      assertFalse(ignore.ignores("templates/.", false), ".?* wants a rune after the dot");
      assertFalse(ignore.ignores("templates/a.yaml", false));
      assertFalse(ignore.ignores(".draft.yaml", false));
    }
  }

  /** A first line that is only a byte-order mark is empty once the mark is dropped, not a rule naming U+FEFF. */
  @Test
  void aFirstLineOfOnlyAByteOrderMarkIsNoRule() {
    assertFalse(file("\ufeff\n*.b").ignores("\ufeff", false));
    assertTrue(file("\ufeff\n*.b").ignores("x.b", false));
  }
}
