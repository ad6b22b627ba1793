package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.GitHubFake;
import dev.ackrelease.testing.Held;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release-pr} run as a process against {@link GitHubFake} and a bare repository standing in
 * for the controller's GitHub repository: a labelled pull request merged makes the release pull
 * request; a re-run with nothing new changes nothing; a re-run after another patch updates the same
 * pull request; a minor label makes the next minor's pull request and closes the older one with a
 * comment; a merged release pull request is not proposed again; GitHub's rate limit and 502s are
 * retried without a second pull request; bad input is refused before any request; and the token is
 * in no output.
 */
class ReleasePrIT {

  static final String TOKEN = "ghp_releasePrItToken0123456789abcdefABCD";
  static final String SLUG = "aws-controllers-k8s/s3-controller";

  @TempDir Path tmp;
  GitHubFake fake;
  GitFixture repo;
  Path bare;
  final List<CliRun> runs = new ArrayList<>();

  @BeforeEach
  void released() {
    repo = SampleController.create(tmp, "s3");
    PublishIT.prepareAndTag(repo, "s3", "v0.1.0", "public.ecr.aws/aws-controllers-k8s");
    repo.git("branch", "-q", "-D", "release-v0.1.0");
    bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main", "v0.1.0");
    fake = new GitHubFake(TOKEN).repository(SLUG, bare);
  }

  @AfterEach
  void stop() {
    fake.close();
    repo.close();
    for (CliRun r : runs) {
      assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the token is in no output: " + r);
    }
  }

  /** A contributor's pull request from {@code branch}, labelled, merged on GitHub, and pulled into the clone. */
  int merged(String branch, String file, String title, String... labels) {
    repo.git("checkout", "-q", "-b", branch);
    repo.write(file, "package pkg\n");
    repo.commit(title);
    repo.git("push", "-q", "origin", branch);
    repo.git("checkout", "-q", "main");
    int n = fake.openPull(SLUG, branch, "main", title, "alice", labels);
    fake.merge(SLUG, n);
    repo.git("pull", "-q", "--ff-only", "origin", "main");
    return n;
  }

  CliRun releasePr(String... extra) {
    return run(Map.of("GITHUB_TOKEN", TOKEN), extra);
  }

  CliRun run(Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("release-pr", "--service", "s3", "--controller-dir", repo.dir().toString(),
        "--github-api-url", fake.apiUrl()));
    args.addAll(List.of(extra));
    CliRun r = Jar.run(tmp.resolve("home"), env, args.toArray(String[]::new));
    runs.add(r);
    return r;
  }

  List<JsonNode> open() {
    return fake.pulls(SLUG).stream().filter(p -> p.path("state").asText().equals("open")).toList();
  }

  String bareRef(String ref) {
    return ProcessResult.run(List.of("git", "--git-dir", bare.toString(), "rev-parse", ref), null, 30).assertOk().stdout().strip();
  }

  @Test
  void openedThenKeptThenUpdatedThenSupersededByTheNextMinor() {
    int feature = merged("policies", "pkg/policies.go", "Add bucket policies", "release/patch", "kind/feature");

    CliRun opened = releasePr("--from-labels", "--output", "json");

    assertEquals(0, opened.exitCode(), opened::toString);
    JsonNode result = opened.json();
    assertEquals("created", result.get("action").asText());
    assertEquals("0.1.1", result.get("version").asText());
    assertEquals("v0.1.1", result.get("tag").asText());
    assertEquals("patch", result.get("bump").asText());
    assertEquals("v0.1.1", result.get("notes").get("tag").asText(), "the notes are the release's, not the next minor's");
    List<JsonNode> pulls = open();
    assertEquals(1, pulls.size(), pulls.toString());
    JsonNode pr = pulls.get(0);
    assertEquals("Release artifacts for release v0.1.1", pr.path("title").asText());
    assertEquals("release-v0.1.1", pr.path("head").path("ref").asText());
    assertEquals("main", pr.path("base").path("ref").asText());
    assertTrue(pr.path("body").asText().contains("Add bucket policies (#" + feature + ") @alice"), pr.path("body").asText());
    assertTrue(pr.path("body").asText().contains("from the release/patch label of #" + feature), pr.path("body").asText());
    String pushed = bareRef("refs/heads/release-v0.1.1");
    assertEquals(repo.head(), bareRef(pushed + "^"), "the release commit sits on main's head");
    assertEquals("Release artifacts for release v0.1.1", repo.git("log", "-1", "--format=%s", pushed));
    assertEquals("main", repo.git("branch", "--show-current"), "back on the base branch");
    assertEquals("", repo.git("status", "--porcelain"));

    CliRun again = releasePr("--from-labels");
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().startsWith("Kept release pull request #" + pr.path("number").asInt()), again.out());
    assertEquals(pushed, bareRef("refs/heads/release-v0.1.1"), "nothing new: not pushed again");
    assertEquals(1, fake.count("POST", ".*/pulls"));
    assertEquals(0, fake.count("PATCH", ".*/pulls/\\d+"), "nothing to change on GitHub");

    int fix = merged("nil", "pkg/nil.go", "Handle a nil policy", "release/patch", "kind/bug");
    CliRun updated = releasePr("--from-labels", "--output", "json");
    assertEquals(0, updated.exitCode(), updated::toString);
    assertEquals("updated", updated.json().get("action").asText());
    assertEquals(pr.path("number").asInt(), updated.json().get("number").asInt(), "the same pull request");
    assertEquals(1, open().size());
    assertTrue(open().get(0).path("body").asText().contains("### Fixes") || open().get(0).path("body").asText()
        .contains("##### Fixes"), open().get(0).path("body").asText());
    assertTrue(open().get(0).path("body").asText().contains("Handle a nil policy (#" + fix + ")"));
    assertEquals(repo.head(), bareRef("refs/heads/release-v0.1.1^"), "the branch follows main");

    merged("replication", "pkg/replication.go", "Add replication", "release/minor", "kind/feature");
    fake.failOnce("GET", ".*/pulls", 403);
    fake.failOnce("POST", ".*/pulls", 502);
    CliRun minor = releasePr("--from-labels", "--output", "json");
    assertEquals(0, minor.exitCode(), minor::toString);
    JsonNode next = minor.json();
    assertEquals("created", next.get("action").asText());
    assertEquals("0.2.0", next.get("version").asText());
    assertEquals("v0.2.0", next.get("tag").asText());
    assertEquals(List.of(pr.path("number").asInt()), List.of(next.get("closed").get(0).asInt()));
    List<JsonNode> now = open();
    assertEquals(1, now.size(), "one open release pull request, not a second from the 502's retry: " + now);
    assertEquals("Release artifacts for release v0.2.0", now.get(0).path("title").asText());
    assertEquals(List.of("Superseded by #" + next.get("number").asInt() + ": the next release is v0.2.0 (ack-release release-pr)."),
        fake.comments(SLUG, pr.path("number").asInt()));
    assertTrue(minor.err().contains("retrying"), minor.err());
  }

  /** A re-run that pushes a new release commit (another image repository) updated the pull request, whatever its body. */
  @Test
  void aRerunThatPushesAnotherReleaseCommitSaysItUpdatedThePullRequest() {
    merged("policies", "pkg/policies.go", "Add bucket policies", "release/patch");
    CliRun opened = releasePr("--bump", "patch", "--output", "json");
    assertEquals(0, opened.exitCode(), opened::toString);
    int number = opened.json().get("number").asInt();
    String first = bareRef("refs/heads/release-v0.1.1");

    CliRun moved = releasePr("--bump", "patch", "--image-repository", "public.ecr.aws/other/s3-controller");

    assertEquals(0, moved.exitCode(), moved::toString);
    assertTrue(moved.out().startsWith("Updated release pull request #" + number + " "), moved.out());
    assertTrue(moved.out().contains("(pushed to origin)"), moved.out());
    assertFalse(first.equals(bareRef("refs/heads/release-v0.1.1")), "a new release commit was pushed");
    CliRun json = releasePr("--bump", "patch", "--image-repository", "public.ecr.aws/yet-another/s3-controller", "--output", "json");
    assertEquals(0, json.exitCode(), json::toString);
    assertEquals("updated", json.json().get("action").asText(), json.out());
    assertTrue(json.json().get("pushed").asBoolean(), json.out());
    CliRun same = releasePr("--bump", "patch", "--image-repository", "public.ecr.aws/yet-another/s3-controller", "--output", "json");
    assertEquals("unchanged", same.json().get("action").asText(), "nothing pushed, nothing changed: " + same.out());
    assertFalse(same.json().get("pushed").asBoolean(), same.out());
  }

  @Test
  void aMergedReleasePullRequestIsNotProposedAgainAndNoLabelIsNothingToDo() {
    CliRun none = releasePr("--from-labels");
    assertEquals(0, none.exitCode(), none::toString);
    assertTrue(none.out().contains("nothing to release"), none.out());
    assertEquals(0, fake.count("POST", ".*"), "nothing written");

    merged("policies", "pkg/policies.go", "Add bucket policies", "release/minor");
    CliRun opened = releasePr("--from-labels", "--output", "json");
    assertEquals(0, opened.exitCode(), opened::toString);
    fake.merge(SLUG, opened.json().get("number").asInt());
    repo.git("pull", "-q", "--ff-only", "origin", "main");

    CliRun refused = releasePr("--from-labels");
    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("was merged: tag the merge (ack-release tag v0.2.0 --push)"), refused.errorLine());
  }

  @Test
  void badInputIsRefusedBeforeAnyRequest() {
    merged("policies", "pkg/policies.go", "Add bucket policies", "release/patch");
    int before = fake.requests().size();

    CliRun neither = releasePr();
    assertEquals(2, neither.exitCode(), neither::toString);
    assertTrue(neither.errorLine().contains("takes one of --bump patch|minor and --from-labels: pass exactly one"), neither.errorLine());
    CliRun major = releasePr("--bump", "major");
    assertEquals(2, major.exitCode(), major::toString);
    CliRun noToken = run(Map.of(), "--bump", "patch");
    assertEquals(2, noToken.exitCode(), noToken::toString);
    assertTrue(noToken.errorLine().contains("GITHUB_TOKEN"), noToken.errorLine());
    CliRun plainHttp = releasePr("--bump", "patch", "--github-api-url", "http://github.example.com/api/v3");
    assertEquals(2, plainHttp.exitCode(), plainHttp::toString);
    CliRun noRemote = releasePr("--bump", "patch", "--remote", "upstream");
    assertEquals(2, noRemote.exitCode(), noRemote::toString);

    assertEquals(before, fake.requests().size(), "no request: " + fake.requests());
    assertEquals("", repo.git("branch", "--list", "release-v0.1.1"), "no branch");
  }

  @Test
  void aBranchOfTheNameThatIsNotAReleaseCommitIsRefused() {
    merged("policies", "pkg/policies.go", "Add bucket policies", "release/patch");
    repo.git("branch", "release-v0.1.1");

    CliRun refused = releasePr("--bump", "patch");

    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("is not the release commit"), refused.errorLine());
    assertEquals(0, fake.count("POST", ".*"));
  }

  /**
   * SIGTERM while release-pr makes its release commit (a pre-commit hook holds it): the signal
   * waits for the commit and for the base's checkout after it, so the clone is back on main with no
   * lock file, and the same command run again opens the pull request (a release branch left
   * checked out is one the re-run cannot delete).
   */
  @Test
  void aSigtermDuringTheReleaseCommitWaitsUntilTheBaseIsCheckedOutAgain() throws Exception {
    merged("policies", "pkg/policies.go", "Add bucket policies", "release/patch", "kind/feature");
    Path hooks = tmp.resolve("hooks");
    Path held = tmp.resolve("held");
    Path go = tmp.resolve("go");
    Held.hook(hooks, "pre-commit", held, go);
    repo.git("config", "core.hooksPath", hooks.toString());

    Jar.Running started = Jar.start(tmp.resolve("home"), Map.of("GITHUB_TOKEN", TOKEN), "release-pr", "--service", "s3",
        "--controller-dir", repo.dir().toString(), "--github-api-url", fake.apiUrl(), "--from-labels");
    Held.termWhen(started, held);
    Files.writeString(go, "exit 0\n");
    CliRun stopped = started.await();
    runs.add(stopped);

    assertEquals(143, stopped.exitCode(), stopped::toString);
    assertTrue(stopped.errorLine().endsWith("nothing half-written remains: run the same command again to resume"),
        stopped.errorLine());
    assertEquals("main", repo.git("branch", "--show-current"), "back on the base branch");
    assertEquals(List.of(), Held.locks(repo.dir().resolve(".git")), "no lock file left in .git");
    assertEquals("", repo.git("status", "--porcelain"));

    repo.git("config", "--unset", "core.hooksPath");
    CliRun again = releasePr("--from-labels");
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(1, open().size());
    assertEquals("Release artifacts for release v0.1.1", repo.git("log", "-1", "--format=%s", bareRef("refs/heads/release-v0.1.1")));
    assertEquals("main", repo.git("branch", "--show-current"));
  }
}
