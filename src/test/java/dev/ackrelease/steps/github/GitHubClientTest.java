package dev.ackrelease.steps.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.GitHubFake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * The GitHub client against {@link GitHubFake}: GitHub's paging ({@code Link} headers), its
 * secondary rate limit and its 5xx are retried within the policy, a POST is never sent twice
 * blindly, a download redirected to storage is fetched without the token, and no message or
 * progress line carries the token.
 */
class GitHubClientTest {

  static final String TOKEN = "ghp_clientTestToken0123456789abcdefABCDEF";
  static final String SLUG = "aws-controllers-k8s/s3-controller";

  @TempDir Path tmp;
  GitHubFake fake;
  GitFixture repo;
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Retry.Policy retry = new Retry.Policy(4, Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(10));

  @BeforeEach
  void start() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.0.1");
    Path bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main");
    fake = new GitHubFake(TOKEN).repository(SLUG, bare);
  }

  @AfterEach
  void stop() {
    fake.close();
    repo.close();
  }

  GitHubClient client(String token) {
    return new GitHubClient(GitHubTarget.resolve(Optional.of(fake.apiUrl()), Optional.of(SLUG), Map.of(), Optional.empty(), "s3"),
        GitHubToken.of(token), retry, lines::add);
  }

  @Test
  void aListIsReadPageByPageThroughTheLinkHeader() {
    fake.pageSize(2);
    Releases releases = new Releases(client(TOKEN));
    for (int i = 1; i <= 5; i++) {
      releases.createDraft("v0.0." + i, "v0.0." + i, "", repo.head());
    }

    List<JsonNode> all = client(TOKEN).list("/repos/" + SLUG + "/releases");

    assertEquals(5, all.size());
    assertEquals(List.of("v0.0.5", "v0.0.4", "v0.0.3", "v0.0.2", "v0.0.1"), all.stream().map(j -> j.path("tag_name").asText()).toList());
    assertEquals(3, fake.count("GET", "/repos/" + SLUG + "/releases"), "three pages of two: " + fake.requests());
  }

  @Test
  void aSecondaryRateLimitAndA502AreRetriedAndCounted() {
    fake.failOnce("GET", ".*/releases", 403);
    fake.failOnce("GET", ".*/releases", 502);

    List<JsonNode> all = client(TOKEN).list("/repos/" + SLUG + "/releases");

    assertEquals(List.of(), all);
    assertEquals(3, fake.count("GET", "/repos/" + SLUG + "/releases"));
    assertEquals(2, retry.retries());
    assertTrue(lines.stream().anyMatch(l -> l.contains("secondary rate limit")), lines.toString());
  }

  @Test
  void aPostIsNotResentAfterA502ButEnsureFindsWhatTheFirstTryMade() {
    GitHubClient client = client(TOKEN);
    Releases releases = new Releases(client);
    fake.failOnce("POST", ".*/releases", 502);
    GitHubException e = assertThrows(GitHubException.class, () -> releases.createDraft("v0.0.1", "v0.0.1", "", repo.head()));
    assertEquals(502, e.status());
    assertEquals(1, fake.count("POST", "/repos/" + SLUG + "/releases"), "a POST is sent once");

    fake.failOnce("POST", ".*/releases", 502);
    Releases.Release made = client.ensure("create", () -> releases.find("v0.0.1")
        .orElseGet(() -> releases.createDraft("v0.0.1", "v0.0.1", "", repo.head())));
    assertEquals("v0.0.1", made.tagName());
    assertEquals(1, fake.releases(SLUG).size());
  }

  @Test
  void aRateLimitThatOutlastsTheBudgetIsARemoteFailureSayingWhenItEnds() {
    GitHubClient client = new GitHubClient(GitHubTarget.resolve(Optional.of(fake.apiUrl()), Optional.of(SLUG), Map.of(),
        Optional.empty(), "s3"), GitHubToken.of(TOKEN), new Retry.Policy(4, Duration.ofMillis(10), Duration.ofSeconds(2),
        Duration.ofSeconds(10)), lines::add);
    // retry-after 1 s fits the 2 s budget: retried.
    fake.failOnce("GET", ".*/releases", 429);
    assertEquals(List.of(), client.list("/repos/" + SLUG + "/releases"));

    // The primary limit used up for ten minutes does not: one request, then the failure with the time it ends.
    Instant reset = Instant.now().plusSeconds(600);
    fake.exhaustRateLimitOnce("GET", ".*/releases", reset);
    GitHubException e = assertThrows(GitHubException.class, () -> client.list("/repos/" + SLUG + "/releases"));
    assertEquals(403, e.status());
    assertTrue(e.rateLimited());
    assertTrue(e.getMessage().contains("rate limit is used up until " + DateTimeFormatter.ISO_LOCAL_TIME.format(
        reset.atOffset(ZoneOffset.UTC).toLocalTime().withNano(0))), e.getMessage());
    assertEquals(3, fake.count("GET", "/repos/" + SLUG + "/releases"), "not retried past the budget: " + fake.requests());
  }

  @Test
  void aWrongTokenIsA401NamingTheFixAndNeverTheToken() {
    GitHubException e = assertThrows(GitHubException.class, () -> client("ghp_wrongToken_abcdefghijklmnop").get("/repos/" + SLUG
        + "/releases"));
    assertEquals(401, e.status());
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertTrue(e.getMessage().contains("Bad credentials") && e.getMessage().contains("GITHUB_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("ghp_wrongToken"), e.getMessage());
  }

  @Test
  void aDownloadRedirectedToStorageIsFetchedWithoutTheToken() {
    GitHubClient client = client(TOKEN);
    Releases releases = new Releases(client);
    Releases.Release r = releases.createDraft("v0.0.1", "v0.0.1", "", repo.head());
    Releases.Asset a = releases.upload(r, "notes.txt", "text/plain", "hello\n".getBytes());
    assertEquals(Optional.of("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"), a.digest());

    assertEquals("hello\n", new String(releases.download(a)));
    assertTrue(fake.requests().stream().anyMatch(l -> l.startsWith("GET uploads:/storage/")), fake.requests().toString());
  }

  @Test
  void theTagOnGitHubIsPeeledToItsCommit() {
    repo.tag("v0.0.1");
    repo.git("push", "-q", "origin", "v0.0.1");
    Releases releases = new Releases(client(TOKEN));

    assertEquals(Optional.of(repo.head()), releases.tagCommit("v0.0.1"));
    assertEquals(Optional.empty(), releases.tagCommit("v0.0.2"));
  }

  @Test
  void noProgressLineCarriesTheToken() {
    fake.failOnce("GET", ".*/releases", 403);
    client(TOKEN).list("/repos/" + SLUG + "/releases");
    assertFalse(lines.isEmpty());
    assertTrue(lines.stream().noneMatch(l -> l.contains(TOKEN)), lines.toString());
    assertTrue(fake.requests().size() >= 2);
  }

  @Test
  void aFailureMessageIsRedactedBeforeItsLinesAreJoined() {
    String secret = Secrets.register("ghp_multiLineSecret0123\nghp_secondLine4567");
    ReleaseException e = assertThrows(ReleaseException.class, () -> client(TOKEN).ensure("open the pull request", () -> {
      throw new IllegalStateException("the header was " + secret);
    }));
    assertTrue(e.getMessage().contains("the header was ****") && !e.getMessage().contains("ghp_"), e.getMessage());
  }

  @Test
  void theTargetRefusesAPlainHttpApiElsewhereAndReadsTheRepositoryFromTheCi() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.of("http://github.example.com/api/v3"),
        Optional.empty(), Map.of(), Optional.empty(), "s3"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("in the clear"), e.getMessage());
    assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.of("https://user:pw@api.github.com"), Optional.empty(),
        Map.of(), Optional.empty(), "s3"));
    assertThrows(ReleaseException.class, () -> GitHubTarget.resolve(Optional.empty(), Optional.of("not a repo"), Map.of(),
        Optional.empty(), "s3"));

    GitHubTarget actions = GitHubTarget.resolve(Optional.empty(), Optional.empty(), Map.of("GITHUB_API_URL",
        "https://ghe.example.com/api/v3", "GITHUB_REPOSITORY", "acme/s3-controller"), Optional.empty(), "s3");
    assertEquals("https://ghe.example.com/acme/s3-controller", actions.webUrl());
    GitHubTarget prow = GitHubTarget.resolve(Optional.empty(), Optional.empty(), Map.of("REPO_OWNER", "aws-controllers-k8s",
        "REPO_NAME", "sns-controller"), Optional.empty(), "sns");
    assertEquals("aws-controllers-k8s/sns-controller", prow.slug());
    GitHubTarget remote = GitHubTarget.resolve(Optional.empty(), Optional.empty(), Map.of(),
        Optional.of("git@github.com:someone/s3-controller.git"), "s3");
    assertEquals("someone/s3-controller", remote.slug());
    GitHubTarget local = GitHubTarget.resolve(Optional.empty(), Optional.empty(), Map.of(),
        Optional.of("file:///tmp/s3-controller-origin.git"), "s3");
    assertEquals("aws-controllers-k8s/s3-controller", local.slug(), "a remote elsewhere names no GitHub repository");
  }
}
