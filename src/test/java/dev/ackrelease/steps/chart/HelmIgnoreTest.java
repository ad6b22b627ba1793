package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelmIgnoreTest {

  private static HelmIgnore rules(String... lines) {
    return HelmIgnore.parse(List.of(lines), Path.of(".helmignore"));
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
  void aRangeGoRefusesIsInvalidInput() {
    for (String rule : new String[] {"[z-a]", "[a-\\]]", "x["}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> rules(rule), rule);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), rule);
      assertTrue(e.getMessage().contains("is not a valid glob"), e.getMessage());
    }
  }
}
