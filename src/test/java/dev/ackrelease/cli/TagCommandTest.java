package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagCommandTest {

  @TempDir Path tmp;
  GitFixture repo;

  @BeforeEach
  void controller() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private CliRun tag(String... args) {
    List<String> all = new ArrayList<>(List.of("tag"));
    all.addAll(List.of(args));
    all.add("--controller-dir");
    all.add(repo.dir().toString());
    return Cli.run(all.toArray(String[]::new));
  }

  /** The run failed with exactly one error line on stderr, containing {@code fragment}. */
  private static void assertOneLineError(CliRun run, int exitCode, String fragment) {
    assertEquals(exitCode, run.exitCode(), run::toString);
    List<String> lines = run.errLines();
    assertEquals(1, lines.size(), run::toString);
    assertTrue(lines.get(0).startsWith("error: "), run::toString);
    assertTrue(lines.get(0).contains(fragment), () -> "expected '" + fragment + "' in " + lines.get(0));
  }

  @Test
  void createsAnAnnotatedTagAtHeadThatGitReadsBack() {
    CliRun run = tag("v0.1.0");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("tag", repo.git("cat-file", "-t", "v0.1.0"));
    assertEquals(repo.head(), repo.git("rev-parse", "v0.1.0^{commit}"));
    assertEquals("v0.1.0", repo.git("tag", "-l", "--format=%(contents)", "v0.1.0"));
    assertEquals("Release Bot <release-bot@example.com>", repo.git("tag", "-l", "--format=%(taggername) %(taggeremail)", "v0.1.0"));
    // Byte-identical to what `git tag -a v0.1.0 -m v0.1.0` writes: the message ends in one newline.
    assertTrue(repo.git("cat-file", "-p", "v0.1.0").endsWith("\n\nv0.1.0") , repo.git("cat-file", "-p", "v0.1.0"));
    assertTrue(run.out().contains("Tagged v0.1.0"), run::toString);
  }

  /** --push says once what it did, in text and in JSON: pushed, or already on the remote (then nothing pushed). */
  @Test
  void pushSaysWhetherItPushedOrTheRemoteHadTheTag() {
    repo.addBareRemote("origin");
    String commit = repo.head().substring(0, 7);

    CliRun first = tag("v0.1.0", "--push");
    assertEquals(0, first.exitCode(), first::toString);
    assertEquals("Tagged v0.1.0 at " + commit + " and pushed it to origin.\n", first.out());

    CliRun again = tag("v0.1.0", "--push");
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("v0.1.0 is already tagged at " + commit + " and on origin: nothing to do.\n", again.out());
    assertTrue(again.err().contains("v0.1.0 is already on origin: nothing to push"), again::toString);

    JsonNode json = tag("v0.1.0", "--push", "--output", "json").json();
    assertFalse(json.get("pushed").asBoolean(), json::toString);
    assertEquals("unchanged", json.get("action").asText());
    assertEquals("already on origin", json.get("artifacts").get(0).get("detail").asText(), json::toString);

    repo.git("push", "-q", "origin", ":refs/tags/v0.1.0");
    CliRun local = tag("v0.1.0", "--push");
    assertEquals("v0.1.0 was already tagged at " + commit + "; pushed it to origin.\n", local.out(), local::toString);

    repo.git("push", "-q", "origin", ":refs/tags/v0.1.0");
    json = tag("v0.1.0", "--push", "--output", "json").json();
    assertTrue(json.get("pushed").asBoolean(), json::toString);
    assertEquals("pushed to origin", json.get("artifacts").get(0).get("detail").asText(), json::toString);
  }

  @Test
  void sameTagOnHeadIsSuccessWithNothingToDo() {
    repo.tag("v0.1.0");
    String before = repo.git("rev-parse", "v0.1.0");

    CliRun run = tag("v0.1.0");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("already tagged"), run::toString);
    assertEquals(before, repo.git("rev-parse", "v0.1.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3", "v1.2", "v01.2.3", "v1.2.3-rc.1", "v1.2.3+meta", "V1.2.3", "v1.2.3.4", "release"})
  void malformedVersionsAreInvalidInputAndCreateNoTag(String version) {
    CliRun run = tag(version);

    // A release without its v is told the same release with its v (0.1.1: pass v0.1.1), not another version.
    assertOneLineError(run, 2, version.equals("1.2.3") ? ": pass v1.2.3" : "vMAJOR.MINOR.PATCH, for example v1.8.2");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void notAGitRepositoryIsRefused() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CliRun run = Cli.run("tag", "v0.1.0", "--controller-dir", plain.toString());

    assertOneLineError(run, 3, "is not in a git repository");
  }

  @Test
  void modifiedTrackedFileIsRefused() {
    repo.write("go.mod", "module changed\n");

    CliRun run = tag("v0.1.0");

    assertOneLineError(run, 3, "uncommitted changes (go.mod)");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void stagedFileIsRefused() {
    repo.write("new.txt", "staged\n");
    repo.git("add", "new.txt");

    CliRun run = tag("v0.1.0");

    assertOneLineError(run, 3, "uncommitted changes (new.txt)");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void untrackedFilesDoNotMakeTheTreeDirty() {
    repo.write("notes.txt", "scratch\n");

    assertEquals(0, tag("v0.1.0").exitCode());
    assertEquals(List.of("v0.1.0"), repo.tags());
  }

  @Test
  void tagOnAnotherCommitIsRefusedAndNotMoved() {
    repo.tag("v0.1.0");
    String tagged = repo.git("rev-parse", "v0.1.0^{commit}");
    repo.write("README.md", "more\n");
    repo.commit("More");

    CliRun run = tag("v0.1.0");

    assertOneLineError(run, 3, "tag v0.1.0 already exists on commit " + tagged.substring(0, 7));
    assertEquals(tagged, repo.git("rev-parse", "v0.1.0^{commit}"));
  }

  @Test
  void versionNotNewerThanTheNewestReleaseIsRefused() {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "0.1.1");
    repo.commit("Release artifacts for release v0.1.1");
    repo.tag("v0.1.1");
    repo.writeHelm("s3", "0.0.9");
    repo.commit("Go back");

    CliRun run = tag("v0.0.9");

    assertOneLineError(run, 3, "v0.0.9 is not newer than the newest release v0.1.1");
    assertFalse(repo.tags().contains("v0.0.9"));
  }

  @Test
  void versionThatSkipsAheadIsRefused() {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "0.3.0");
    repo.commit("Release artifacts for release v0.3.0");

    CliRun run = tag("v0.3.0");

    assertOneLineError(run, 3, "v0.3.0 skips ahead of the newest release v0.1.0");
    assertEquals(List.of("v0.1.0"), repo.tags());
  }

  @Test
  void nextPatchAndNextMinorAreAllowed() {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "0.1.1");
    repo.commit("Release artifacts for release v0.1.1");
    assertEquals(0, tag("v0.1.1").exitCode());
    repo.writeHelm("s3", "0.2.0");
    repo.commit("Release artifacts for release v0.2.0");
    assertEquals(0, tag("v0.2.0").exitCode());
    assertEquals(List.of("v0.1.0", "v0.1.1", "v0.2.0"), repo.tags());
  }

  @Test
  void nextMajorNeedsAllowMajor() {
    repo.tag("v0.1.0");
    repo.writeHelm("s3", "1.0.0");
    repo.commit("Release artifacts for release v1.0.0");

    assertOneLineError(tag("v1.0.0"), 3, "pass --allow-major");
    assertEquals(List.of("v0.1.0"), repo.tags());

    assertEquals(0, tag("v1.0.0", "--allow-major").exitCode());
    assertEquals(List.of("v0.1.0", "v1.0.0"), repo.tags());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.1", "v0.1.0", "v1.0.0"})
  void firstReleaseMayBeOneOfThree(String version) {
    repo.writeHelm("s3", version.substring(1));
    repo.commit("Release artifacts for release " + version);

    CliRun run = tag(version);

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of(version), repo.tags());
  }

  @Test
  void otherFirstReleasesAreRefused() {
    repo.writeHelm("s3", "0.2.0");
    repo.commit("Release artifacts for release v0.2.0");

    assertOneLineError(tag("v0.2.0"), 3, "cannot be a first release");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void artifactsThatDoNotCarryTheVersionAreRefused() {
    repo.tag("v0.1.0");
    repo.write("README.md", "next\n");
    repo.commit("Next");

    CliRun run = tag("v0.1.1");

    assertOneLineError(run, 3, "helm/Chart.yaml version is 0.1.0, not 0.1.1");
    assertTrue(run.errorLine().contains("ack-release build-artifacts v0.1.1 --service s3"), run::toString);
    assertEquals(List.of("v0.1.0"), repo.tags());
  }

  @Test
  void imageTagIsCheckedToo() {
    repo.write("helm/values.yaml", "image:\n  repository: public.ecr.aws/aws-controllers-k8s/s3-controller\n  tag: 0.0.9\n");
    repo.commit("Stale image tag");

    assertOneLineError(tag("v0.1.0"), 3, "helm/values.yaml image.tag is 0.0.9, not 0.1.0");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void repoWithoutHelmSkipsTheArtifactCheck() throws Exception {
    repo.git("rm", "-r", "-q", "helm");
    repo.git("commit", "-q", "-m", "No chart yet");

    assertEquals(0, tag("v0.1.0").exitCode());
  }

  @Test
  void dryRunChangesNothing() {
    CliRun run = tag("v0.1.0", "--dry-run");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("Would tag v0.1.0"), run::toString);
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void dryRunStillRefusesWhatARealRunWould() {
    repo.write("go.mod", "dirty\n");
    assertOneLineError(tag("v0.1.0", "--dry-run"), 3, "uncommitted changes");
  }

  @Test
  void pushSendsOnlyTheReleaseTagToTheRemote() {
    Path bare = repo.addBareRemote("origin");
    repo.git("tag", "unrelated-local-tag");

    CliRun run = tag("v0.1.0", "--push");

    assertEquals(0, run.exitCode(), run::toString);
    String remoteTags = new GitFixtureRemote(bare).lsTags();
    assertTrue(remoteTags.contains("refs/tags/v0.1.0"), remoteTags);
    assertTrue(remoteTags.contains(repo.git("rev-parse", "v0.1.0")), "the annotated tag object itself is pushed");
    assertFalse(remoteTags.contains("unrelated-local-tag"), remoteTags);
    assertFalse(remoteTags.contains("refs/heads/"), "no branch is pushed");
  }

  @Test
  void rerunWithPushFinishesAnEarlierRunThatOnlyTagged() {
    Path bare = repo.addBareRemote("origin");
    assertEquals(0, tag("v0.1.0").exitCode());

    CliRun run = tag("v0.1.0", "--push");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(new GitFixtureRemote(bare).lsTags().contains("refs/tags/v0.1.0"));
  }

  @Test
  void pushToAnUnknownRemoteIsInvalidAndCreatesNoTag() {
    CliRun run = tag("v0.1.0", "--push", "--remote", "upstream");

    assertOneLineError(run, 2, "no git remote named 'upstream'");
    assertEquals(List.of(), repo.tags());
  }

  @Test
  void anUnreachableRemoteIsExit4BeforeAnyTagIsCreated() throws Exception {
    repo.git("remote", "add", "origin", tmp.resolve("missing-remote.git").toUri().toString());

    CliRun run = Cli.run("tag", "v0.1.0", "--push", "--controller-dir", repo.dir().toString());

    assertEquals(4, run.exitCode(), run::toString);
    assertTrue(run.errorLine().startsWith("error: cannot read the tags of origin"), run::toString);
    assertTrue(run.errorLine().contains("git ls-remote --tags origin"), run::toString);
    assertEquals(List.of(), repo.tags(), "the remote is asked before the tag is made");
  }

  @Test
  void aTagTheRemoteHasOnAnotherCommitIsNeverMoved() throws Exception {
    Path bare = repo.addBareRemote("origin");
    repo.tag("v0.1.0");
    repo.git("push", "-q", "origin", "v0.1.0");
    String released = repo.git("rev-parse", "v0.1.0^{commit}");
    // Someone deletes the tag locally and moves on: the remote still has the release.
    repo.git("tag", "-d", "v0.1.0");
    repo.write("README.md", "after\n");
    repo.commit("After");

    CliRun run = Cli.run("tag", "v0.1.0", "--push", "--controller-dir", repo.dir().toString());

    assertOneLineError(run, 3, "tag v0.1.0 is already on origin at commit " + released);
    assertTrue(run.errorLine().contains(repo.head()), run::toString);
    assertEquals(List.of(), repo.tags(), "nothing created here");
    assertEquals(released, ProcessResult.run(List.of("git", "--git-dir", bare.toString(), "rev-parse", "v0.1.0^{commit}"), null, 30)
        .assertOk().stdout().strip(), "the remote's tag did not move");

    // The same commit is success, with nothing pushed.
    repo.git("checkout", "-q", released);
    CliRun same = Cli.run("tag", "v0.1.0", "--push", "--controller-dir", repo.dir().toString());
    assertEquals(0, same.exitCode(), same::toString);
  }

  @Test
  void jsonOutputDescribesTheResult() {
    CliRun run = tag("v0.1.0", "--output", "json");

    assertEquals(0, run.exitCode(), run::toString);
    JsonNode json = run.json();
    assertTrue(json.get("ok").asBoolean());
    assertEquals("v0.1.0", json.get("tag").asText());
    assertEquals("0.1.0", json.get("version").asText());
    assertEquals("created", json.get("action").asText());
    assertEquals(repo.head(), json.get("commit").asText());
  }

  @Test
  void jsonOutputOfAnErrorCarriesTheExitCode() {
    repo.write("go.mod", "dirty\n");

    CliRun run = tag("v0.1.0", "--output", "json");

    assertEquals(3, run.exitCode());
    assertFalse(run.json().get("ok").asBoolean());
    assertEquals(3, run.json().get("exitCode").asInt());
    assertTrue(run.json().get("error").asText().contains("uncommitted changes"));
  }

  @Test
  void stackTraceOnlyWithTheFlag() {
    repo.write("go.mod", "dirty\n");

    assertEquals(1, tag("v0.1.0").errLines().size());
    CliRun withTrace = tag("v0.1.0", "--stacktrace");
    assertTrue(withTrace.errLines().size() > 1, withTrace::toString);
    assertTrue(withTrace.err().contains("at dev.ackrelease."), withTrace::toString);
  }

  /** ls-remote on a bare repository with the git CLI. */
  record GitFixtureRemote(Path bare) {
    String lsTags() {
      return ProcessResult.run(List.of("git", "ls-remote", bare.toString()), null, 30).assertOk().stdout();
    }
  }
}
