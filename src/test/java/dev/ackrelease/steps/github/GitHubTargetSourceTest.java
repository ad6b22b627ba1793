package dev.ackrelease.steps.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A repository that is not OWNER/NAME is refused (exit 2) naming where it came from (the flag, the
 * CI's variables, the remote's URL, the default), the value escaped on one line and the remote's
 * URL never shown (it may carry a token), with a fix that works: --github-repo, which comes first.
 */
class GitHubTargetSourceTest {

  static String refusal(Optional<String> flag, Map<String, String> env, Optional<String> remote, String service) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.empty(), flag, env, remote, service));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e::getMessage);
    assertFalse(e.getMessage().contains("\n"), e::getMessage);
    return e.getMessage();
  }

  @Test
  void theErrorNamesTheSourceOfTheBadRepository() {
    assertEquals("--github-repo 'junk' is not a GitHub repository (OWNER/NAME): pass --github-repo OWNER/NAME, e.g. --github-repo"
        + " aws-controllers-k8s/s3-controller", refusal(Optional.of("junk"), Map.of(), Optional.empty(), "s3"));
    assertEquals("GITHUB_REPOSITORY 'junk' is not a GitHub repository (OWNER/NAME): pass --github-repo OWNER/NAME, which comes"
        + " before it, e.g. --github-repo aws-controllers-k8s/s3-controller",
        refusal(Optional.empty(), Map.of("GITHUB_REPOSITORY", "junk"), Optional.empty(), "s3"));
    assertTrue(refusal(Optional.empty(), Map.of("GITHUB_REPOSITORY", "a_b/c d"), Optional.empty(), "s3")
        .startsWith("GITHUB_REPOSITORY 'a_b/c d' is not"));
    assertTrue(refusal(Optional.empty(), Map.of("REPO_OWNER", "a_b", "REPO_NAME", "sns-controller"), Optional.empty(), "sns")
        .startsWith("Prow's REPO_OWNER/REPO_NAME 'a_b/sns-controller' is not a GitHub repository (OWNER/NAME): pass --github-repo"
            + " OWNER/NAME, which comes before it, e.g. --github-repo aws-controllers-k8s/sns-controller"));
    String remote = refusal(Optional.empty(), Map.of(), Optional.of("https://x-access-token:ghs_remoteUrlSecret@github.com/a_b/s3.git"),
        "s3");
    assertTrue(remote.startsWith("the repository of the git remote's URL 'a_b/s3' is not"), remote);
    assertFalse(remote.contains("ghs_") || remote.contains("x-access-token"), remote);
    assertTrue(refusal(Optional.empty(), Map.of(), Optional.empty(), "s 3").startsWith(
        "the default repository of the service 'aws-controllers-k8s/s 3-controller' is not"));
  }

  /** URI takes any digits as a port; the JDK refused this one only as it connected: exit 4, not 2 (a hostile-input audit). */
  @Test
  void anApiUrlWithAPortOutOfRangeIsInvalidInput() {
    for (String url : new String[] {"http://127.0.0.1:99999", "https://github.example.com:0/api/v3"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.of(url), Optional.of("a/b"), Map.of(),
          Optional.empty(), "s3"));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e::getMessage);
      assertTrue(e.getMessage().startsWith("--github-api-url '" + url + "' has port "), e.getMessage());
    }
    ReleaseException env = assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.empty(), Optional.of("a/b"),
        Map.of("GITHUB_API_URL", "https://api.github.com:65536"), Optional.empty(), "s3"));
    assertEquals("GITHUB_API_URL 'https://api.github.com:65536' has port 65536, not one from 1 to 65535: pass the REST API's base URL,"
        + " e.g. https://api.github.com or https://github.example.com/api/v3", env.getMessage());
    // A password in the URL is never shown, whichever rule refuses it (a review found the port's message showing it).
    for (String url : new String[] {"https://me:hunter2@ghe.corp.example:99999/api/v3", "ftp://me:hunter2@ghe.corp.example/",
        "https://me:hunter2@ghe.corp.example/api/v3", "http://me:hunter2@ghe.corp.example/api/v3"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.of(url), Optional.of("a/b"), Map.of(),
          Optional.empty(), "s3"));
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertTrue(e.getMessage().contains("//****@ghe.corp.example"), e.getMessage());
    }
  }

  @Test
  void aControlCharacterInTheValueIsEscaped() {
    String message = refusal(Optional.empty(), Map.of("GITHUB_REPOSITORY", "ow\u001bner/na\nme"), Optional.empty(), "s3");
    assertFalse(message.chars().anyMatch(c -> c == 0x1b || c == '\n'), message);
    assertTrue(message.startsWith("GITHUB_REPOSITORY 'ow\\x1bner/na\\x0ame' is not"), message);
  }
}
