package dev.ackrelease.steps.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The token from the environment: surrounding white space is dropped (a file read with
 * {@code $(cat ...)} on Windows keeps a CR), a token that cannot be a header value is invalid
 * input naming the variable, before any request and without showing the token.
 */
class GitHubTokenTest {

  static final String TOKEN = "ghp_tokenTest0123456789abcdefABCDEF";

  @Test
  void surroundingWhiteSpaceIsDropped() {
    GitHubToken token = GitHubToken.fromEnvironment(Map.of("GITHUB_TOKEN", " " + TOKEN + "\r\n")).orElseThrow();
    assertEquals("Bearer " + TOKEN, token.header());
    assertTrue(GitHubToken.fromEnvironment(Map.of("GITHUB_TOKEN", " \n")).isEmpty());
  }

  @Test
  void aLineBreakOrSpaceInsideTheTokenIsInvalidInputNamingTheVariableNotTheToken() {
    for (String bad : new String[] {"ghp_first\nghp_second", "Bearer " + TOKEN, "ghp_a\u0001b", "ghp_caf\u00e9"}) {
      ReleaseException e = assertThrows(ReleaseException.class,
          () -> GitHubToken.fromEnvironment(Map.of("GH_TOKEN", bad)), bad);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().startsWith("GH_TOKEN holds "), e.getMessage());
      assertFalse(e.getMessage().contains("ghp_") || e.getMessage().contains("Bearer"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
