package dev.ackrelease.steps.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.GitHubFake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notes of a release from a history with a squash merge, a merge commit, a commit pushed
 * without a pull request and the release's own commit, with labels on GitHub: grouped by labels,
 * then by the title's type, then by ACK's dependency words; the same notes whatever order or page
 * size GitHub lists pull requests with.
 */
class NotesBuilderTest {

  static final String TOKEN = "ghp_notesTestToken0123456789abcdefABCDEF";
  static final String SLUG = "aws-controllers-k8s/s3-controller";

  @TempDir Path tmp;
  GitHubFake fake;
  GitFixture repo;
  String runtimeCommit;

  @BeforeEach
  void history() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    repo.tag("v0.1.0");
    Path bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main", "v0.1.0");
    fake = new GitHubFake(TOKEN).repository(SLUG, bare);

    // #1: squash-merged, a Conventional Commits feature.
    repo.write("pkg/policy.go", "package pkg\n");
    String feat = repo.commit("feat: add bucket policies (#1)").getName();
    repo.git("push", "-q", "origin", "main");
    fake.squashMerged(SLUG, 1, "feat: add bucket policies", "alice", feat);
    // #2: a merge commit on GitHub; only its label says it is a fix.
    repo.git("checkout", "-q", "-b", "drift");
    repo.write("pkg/drift.go", "package pkg\n");
    repo.commit("Compare tags before update");
    repo.git("push", "-q", "origin", "drift");
    repo.git("checkout", "-q", "main");
    int drift = fake.openPull(SLUG, "drift", "main", "Fix tag drift on re-apply", "bob", "kind/bug");
    fake.merge(SLUG, drift);
    repo.git("pull", "-q", "--ff-only", "origin", "main");
    // Pushed without a pull request: ACK's runtime bump.
    repo.write("go.mod", "module github.com/aws-controllers-k8s/s3-controller\n\ngo 1.19\n// runtime v0.43.0\n");
    runtimeCommit = repo.commit("Update to ACK runtime `v0.43.0`, code-generator `v0.43.2`").getName();
    // #3: squash-merged with labels; #4: the release itself.
    repo.write("README.md", "s3\n");
    String docs = repo.commit("docs: fix a typo in the README (#3)").getName();
    repo.writeHelm("s3", "0.2.0");
    String release = repo.commit("Release artifacts for release v0.2.0 (#4)").getName();
    repo.tag("v0.2.0");
    repo.git("push", "-q", "origin", "main", "v0.2.0");
    fake.squashMerged(SLUG, 3, "docs: fix a typo in the README", "carol", docs, "kind/documentation", "release/minor");
    fake.squashMerged(SLUG, 4, "Release artifacts for release v0.2.0", "ack-bot", release, "prow/auto-gen");
  }

  @AfterEach
  void stop() {
    fake.close();
    repo.close();
  }

  ReleaseNotes notes(String version, boolean github) {
    GitHubTarget target = GitHubTarget.resolve(Optional.of(fake.apiUrl()), Optional.of(SLUG), Map.of(), Optional.empty(), "s3");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      Optional<PullRequests> pulls = github ? Optional.of(new PullRequests(new GitHubClient(target, GitHubToken.of(TOKEN),
          new Retry.Policy(3, Duration.ofMillis(10)), Log.NONE))) : Optional.empty();
      return new NotesBuilder(Log.NONE).build(git, "s3", NotesBuilder.range(git, ReleaseVersion.parseTag(version)), pulls,
          Optional.of(target));
    }
  }

  @Test
  void withGitHubEachPullRequestIsGroupedByItsLabelsThenByItsTitle() {
    ReleaseNotes n = notes("v0.2.0", true);

    String short7 = runtimeCommit.substring(0, 7);
    assertEquals("""
        ### Features

        * feat: add bucket policies (#1) @alice

        ### Fixes

        * Fix tag drift on re-apply (#2) @bob

        ### Dependency updates

        * Update to ACK runtime `v0.43.0`, code-generator `v0.43.2` (%s, Release Bot)

        ### Other changes

        * docs: fix a typo in the README (#3) @carol

        **Full changelog**: %s/%s/compare/v0.1.0...v0.2.0
        """.formatted(short7, fake.webUrl(), SLUG), n.markdown());
    assertEquals(Optional.of("v0.1.0"), n.previous());
    assertTrue(n.fromGitHub() && n.tagged());
    assertEquals(List.of(3), n.labelled("release/minor").stream().map(c -> c.number().orElseThrow()).toList());
    assertEquals(List.of("kind/documentation", "release/minor"), n.of(Group.OTHER).get(0).labels());
  }

  @Test
  void fromGitAloneTheMergeCommitsBodyIsTheTitleAndOnlyPrefixesAndWordsGroup() {
    ReleaseNotes n = notes("v0.2.0", false);

    assertEquals(List.of("feat: add bucket policies"), n.of(Group.FEATURES).stream().map(Change::title).toList());
    assertEquals(List.of(), n.of(Group.FIXES), "without its label the merge is not known to be a fix");
    assertEquals(List.of("Fix tag drift on re-apply", "docs: fix a typo in the README"),
        n.of(Group.OTHER).stream().map(Change::title).toList());
    assertEquals("(#2, bob)", n.of(Group.OTHER).get(0).reference(), "the merge commit's author");
    assertEquals(1, n.of(Group.DEPENDENCIES).size());
    assertTrue(n.changes().stream().noneMatch(c -> c.title().startsWith("Release artifacts")), "the release is not a change");
    assertEquals(5, n.commits(), "feat, merge, runtime, docs and release on the first-parent line: " + n.text());
  }

  @Test
  void theSameHistoryGivesTheSameNotesWhateverPagesGitHubListsThemIn() {
    String once = notes("v0.2.0", true).markdown();
    fake.pageSize(1);
    String paged = notes("v0.2.0", true).markdown();

    assertEquals(once, paged);
    assertTrue(fake.count("GET", "/repos/" + SLUG + "/pulls") > 3, "read page by page: " + fake.requests());
  }

  @Test
  void beforeTheTagTheNotesRunToHeadAndAnOlderUntaggedVersionIsRefused() {
    repo.write("pkg/more.go", "package pkg\n");
    repo.commit("fix: handle a nil policy (#5)");

    ReleaseNotes next = notes("v0.2.1", false);
    assertEquals(Optional.of("v0.2.0"), next.previous());
    assertTrue(!next.tagged() && next.text().contains("not tagged yet"), next.text());
    assertEquals(List.of("fix: handle a nil policy"), next.of(Group.FIXES).stream().map(Change::title).toList());

    ReleaseException e = assertThrows(ReleaseException.class, () -> notes("v0.1.5", false));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("v0.2.1 or v0.3.0"), e.getMessage());
  }

  @Test
  void theFirstReleaseRunsFromTheFirstCommit() {
    ReleaseNotes first = notes("v0.1.0", false);
    assertEquals(Optional.empty(), first.previous());
    assertEquals(1, first.commits());
    assertEquals(Optional.empty(), first.compareUrl());
  }

  @Test
  void titlesGroupByTheirTypeAndAckDependencyWords() {
    assertEquals(Group.FEATURES, Group.of("feat(s3): add replication", List.of()));
    assertEquals(Group.FIXES, Group.of("fix!: drop the v1alpha1 field", List.of()));
    assertEquals(Group.DEPENDENCIES, Group.of("chore(deps): bump golang.org/x/net", List.of()));
    assertEquals(Group.DEPENDENCIES, Group.of("Bump github.com/aws/aws-sdk-go from 1.44.1 to 1.44.2", List.of()));
    assertEquals(Group.DEPENDENCIES, Group.of("Update aws-sdk-go-v2 to v1.30.0", List.of()));
    assertEquals(Group.DEPENDENCIES, Group.of("Add a field", List.of("area/dependency")));
    assertEquals(Group.FIXES, Group.of("feat: oops", List.of("kind/regression")), "labels before the title");
    assertEquals(Group.OTHER, Group.of("Updated the README", List.of("kind/documentation")));
    assertEquals("\\# not a heading &lt;b&gt;", ReleaseNotes.escape("# not a heading <b>"));
  }
}
