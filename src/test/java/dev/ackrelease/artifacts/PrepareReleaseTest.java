package dev.ackrelease.artifacts;

import static dev.ackrelease.artifacts.Fixtures.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.artifacts.Fixtures.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare: the release commit on its branch, checked with the git CLI. */
class PrepareReleaseTest {

  @TempDir Path tmp;

  @Test
  void commitsExactlyTheChangedFilesOnTheReleaseBranch() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Fixtures.write(dir.resolve("scratch.txt"), "not part of the release\n");

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("release-v1.0.5\n", git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals("Release artifacts for release v1.0.5\nRelease Bot <release-bot@example.com>\n",
        git(dir, "log", "-1", "--format=%B%an <%ae>"));
    assertEquals(initial + "\n", git(dir, "rev-parse", "HEAD~1"));
    assertEquals("""
        config/controller/kustomization.yaml
        helm/Chart.yaml
        helm/templates/NOTES.txt
        helm/values.yaml
        """, git(dir, "diff", "--name-only", "HEAD~1", "HEAD"));
    assertEquals("?? scratch.txt\n", git(dir, "status", "--porcelain"));
    Map<String, byte[]> expected = Fixtures.tree(Fixtures.fixture(Fixtures.REAL_AFTER));
    expected.put("scratch.txt", "not part of the release\n".getBytes());
    Fixtures.assertSameTree(expected, Fixtures.tree(dir));
    String commit = git(dir, "rev-parse", "--short=7", "HEAD").strip();
    assertTrue(run.out().startsWith("Committed " + commit + " \"Release artifacts for release v1.0.5\" on branch release-v1.0.5:\n"
        + "  helm/Chart.yaml:4: version: 1.0.4 → 1.0.5\n"), run.out());
    assertTrue(run.out().endsWith("Next: git push origin release-v1.0.5, open the pull request, and once it is merged run"
        + " ack-release tag v1.0.5 --push on the merged commit.\n"), run.out());
  }

  @Test
  void commitsTheFilesOfAControllerInASubdirectoryOfTheRepo() {
    Path repo = tmp.resolve("monorepo");
    Fixtures.copyTo(Fixtures.fixture(Fixtures.REAL_BEFORE), repo.resolve("controllers/s3-controller"));
    Fixtures.gitInitAndCommit(repo);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir",
        repo.resolve("controllers/s3-controller").toString(), "-q");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("""
        controllers/s3-controller/config/controller/kustomization.yaml
        controllers/s3-controller/helm/Chart.yaml
        controllers/s3-controller/helm/templates/NOTES.txt
        controllers/s3-controller/helm/values.yaml
        """, git(repo, "diff", "--name-only", "HEAD~1", "HEAD"));
    assertEquals("", git(repo, "status", "--porcelain"));
  }

  @Test
  void takesTheBranchNameFromTheOption() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Fixtures.gitInitAndCommit(dir);

    Run run = Fixtures.cli("prepare", "v1.1.0", "--service", "s3", "--controller-dir", dir.toString(),
        "--branch", "s3/release-1.1", "-q");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("s3/release-1.1\n", git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals("Release artifacts for release v1.1.0\n", git(dir, "log", "-1", "--format=%s"));
  }

  @Test
  void refusesADirtyTreeAndChangesNothing() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Fixtures.replaceOnce(dir.resolve("helm/values.yaml"), "  pullPolicy: IfNotPresent", "  pullPolicy: Always");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: the work tree has uncommitted changes (helm/values.yaml): commit or stash them before you"
        + " prepare a release\n", run.err());
    assertUnchanged(dir, initial, before);
  }

  /** git cannot delete the checked-out branch: the refusal suggests only another --branch, one that pasted works. */
  @Test
  void refusesTheCheckedOutBranchSuggestingOnlyAnotherName() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "--branch", "main", "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: branch main already exists and is checked out: pass another --branch, e.g. --branch"
        + " release-v1.0.5\n", run.err());
    assertEquals(initial + "\n", git(dir, "rev-parse", "HEAD"));
    Fixtures.assertSameTree(before, Fixtures.tree(dir));

    git(dir, "checkout", "-q", "-b", "release-v1.0.5");
    run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: branch release-v1.0.5 already exists and is checked out: pass another --branch, e.g. --branch"
        + " release-v1.0.5-2\n", run.err());
    run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q", "--branch",
        "release-v1.0.5-2");
    assertEquals(0, run.exitCode(), run.err());
  }

  /** A branch checked out in a worktree of its own (git worktree add) cannot be deleted either: only another name is suggested. */
  @Test
  void refusesABranchCheckedOutInAnotherWorktreeSuggestingOnlyAnotherName() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Fixtures.gitInitAndCommit(dir);
    git(dir, "branch", "release-v1.0.5");
    git(dir, "worktree", "add", "-q", tmp.resolve("elsewhere").toString(), "release-v1.0.5");

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: branch release-v1.0.5 already exists and is checked out: pass another --branch, e.g. --branch"
        + " release-v1.0.5-2\n", run.err());
  }

  /**
   * Run in a linked worktree, the branch checked out in the main worktree cannot be deleted
   * either (git branch -D refuses it there): only another name is suggested.
   */
  @Test
  void refusesFromALinkedWorktreeTheBranchOfTheMainOneSuggestingOnlyAnotherName() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Fixtures.gitInitAndCommit(dir);
    Path linked = tmp.resolve("linked");
    git(dir, "worktree", "add", "-q", "-b", "work", linked.toString());

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", linked.toString(), "--branch", "main",
        "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: branch main already exists and is checked out: pass another --branch, e.g. --branch"
        + " release-v1.0.5\n", run.err());
    assertEquals("main\n", git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
  }

  @Test
  void refusesAnExistingBranchAndChangesNothing() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    git(dir, "branch", "release-v1.0.5");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode());
    assertEquals("error: branch release-v1.0.5 already exists: delete it (git branch -D release-v1.0.5) or pass"
        + " another --branch\n", run.err());
    assertEquals("main\n", git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals(initial + "\n", git(dir, "rev-parse", "HEAD"));
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }

  @Test
  void makesNoBranchAndNoEmptyCommitWhenNothingChanges() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.4", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("The release artifacts in " + dir + " already carry 1.0.4: no branch created, nothing committed."
        + " Next: ack-release tag v1.0.4.\n", run.out());
    assertUnchanged(dir, initial, before);
  }

  /** On the tagged release commit the tag is done: the next step is the tag's publish, not tag again (which does nothing). */
  @Test
  void pointsAtPublishWhenTheReleaseIsTaggedAlready() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    // A lightweight tag is not the release's (ack-release tag refuses it and says so): the next step is still tag.
    git(dir, "tag", "v1.0.4");
    Run lightweight = Fixtures.cli("prepare", "v1.0.4", "--service", "s3", "--controller-dir", dir.toString(), "-q");
    assertEquals(0, lightweight.exitCode(), lightweight.err());
    assertFalse(lightweight.out().contains("Next: ack-release publish"), lightweight.out());
    git(dir, "tag", "-d", "v1.0.4");
    git(dir, "-c", "user.name=R", "-c", "user.email=r@example.com", "tag", "-a", "-m", "v1.0.4", "v1.0.4");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.4", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("The release artifacts in " + dir + " already carry 1.0.4 and HEAD is tagged v1.0.4: no branch created,"
        + " nothing committed. Next: ack-release publish, which the tag's CI job runs once the tag is pushed"
        + " (ack-release tag v1.0.4 --push).\n", run.out());
    assertUnchanged(dir, initial, before);
  }

  /**
   * No release commit for a version released already, or an older one: tag would refuse it (found by a new-user trial:
   * prepare v0.2.0 on the v0.2.0 release committed, then pointed at a tag that was refused).
   */
  @Test
  void refusesAVersionReleasedAlreadyOrOlderBeforeAnyWrite() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    git(dir, "-c", "user.name=R", "-c", "user.email=r@example.com", "tag", "-a", "-m", "v1.0.5", "v1.0.5");
    Map<String, byte[]> before = Fixtures.tree(dir);

    for (String version : List.of("v1.0.5", "v1.0.3")) {
      Run run = Fixtures.cli("prepare", version, "--service", "s3", "--controller-dir", dir.toString(), "-q");
      assertEquals(3, run.exitCode(), run.err());
      assertEquals("error: " + version + " is not newer than the newest release v1.0.5 (tag v1.0.5 on " + initial.substring(0, 7)
          + "): prepare the next one, e.g. ack-release prepare v1.0.6 --service s3 --controller-dir " + dir + " (or v1.1.0)\n",
          run.err());
      assertUnchanged(dir, initial, before);
    }
  }

  @Test
  void refusesInvalidArtifactsBeforeCreatingTheBranch() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Fixtures.replaceOnce(dir.resolve("helm/values.yaml"), "  tag: 1.0.4\n", "");
    String initial = Fixtures.gitInitAndCommit(dir);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(2, run.exitCode());
    assertEquals("error: helm/values.yaml:5: image.tag is missing: add it\n", run.err());
    assertUnchanged(dir, initial, before);
  }

  @Test
  void refusesAnInvalidBranchName() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "--branch",
        "bad..name", "-q");

    assertEquals(2, run.exitCode());
    assertEquals("error: --branch 'bad..name' is not a valid branch name: pass a short branch name, e.g. --branch release-v1.0.5\n",
        run.err());
    assertUnchanged(dir, initial, before);
  }

  /**
   * With commit.gpgSign git would sign the release commit, which ack-release cannot: refused
   * before the branch or a file is written, with the git commands that make the signed commit.
   */
  @Test
  void refusesWhereGitWouldSignTheCommitAndChangesNothing() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    git(dir, "config", "commit.gpgSign", "true");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode(), run.err());
    assertEquals("error: commit.gpgSign is set in your git config, so git would sign, and ack-release cannot sign commits (it"
        + " would make an unsigned one): make it signed with git: git -C " + dir + " switch -c release-v1.0.5 && ack-release"
        + " build-artifacts v1.0.5 --service s3 --controller-dir " + dir + " --image-repository"
        + " public.ecr.aws/aws-controllers-k8s/s3-controller && git -C " + dir + " commit -a -m 'Release artifacts for release"
        + " v1.0.5'\n", run.err());
    assertUnchanged(dir, initial, before);
    assertEquals("", git(dir, "status", "--porcelain"));
  }

  /**
   * A pre-commit hook (here through core.hooksPath) that rejects the commit is the repository's
   * refusal, exit 3 as git commit's, naming what it said; the git commit the fix names works
   * once the hook is satisfied.
   */
  @Test
  void aHookThatRejectsTheCommitIsARefusalWhoseFixCommits() throws Exception {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    Path hooks = Files.createDirectories(tmp.resolve("hooks"));
    Path hook = Files.writeString(hooks.resolve("pre-commit"), "#!/bin/sh\necho 'run make lint first' >&2\nexit 1\n");
    hook.toFile().setExecutable(true);
    git(dir, "config", "core.hooksPath", hooks.toString());

    Run run = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");

    assertEquals(3, run.exitCode(), run.err());
    String fix = "git -C " + dir + " commit -m \"Release artifacts for release v1.0.5\"";
    assertTrue(run.err().endsWith("error: the pre-commit hook rejected the release commit (run make lint first): the files are"
        + " written and staged on branch release-v1.0.5; fix what the hook reports, then commit them: " + fix + "\n"), run.err());
    assertEquals(initial + "\n", git(dir, "rev-parse", "HEAD"));
    Files.delete(hook);
    git(dir, "commit", "-q", "-m", "Release artifacts for release v1.0.5");
    assertEquals("Release artifacts for release v1.0.5\n", git(dir, "log", "-1", "--format=%s"));
    assertEquals("release-v1.0.5\n", git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals("", git(dir, "status", "--porcelain"));
  }

  /**
   * A sparse checkout that leaves config/ out: prepare and build-artifacts refuse (state) with git's
   * command that brings the directory back, nothing changed; pasted, it lets prepare run.
   */
  @Test
  void aReleaseFileOutsideTheSparseCheckoutIsRefusedWithGitsCommandToAddIt() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    String initial = Fixtures.gitInitAndCommit(dir);
    git(dir, "sparse-checkout", "set", "helm");
    Map<String, byte[]> before = Fixtures.tree(dir);
    String refusal = "error: config/controller/kustomization.yaml in " + dir + " is committed but outside the sparse checkout:"
        + " run git -C " + dir + " sparse-checkout add config/controller, then run ack-release again\n";

    Run prepare = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");
    assertEquals(3, prepare.exitCode(), prepare.err());
    assertEquals(refusal, prepare.err());
    Run build = Fixtures.cli("build-artifacts", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");
    assertEquals(3, build.exitCode(), build.err());
    assertEquals(refusal, build.err());
    assertUnchanged(dir, initial, before);

    git(dir, "sparse-checkout", "add", "config/controller");
    Run again = Fixtures.cli("prepare", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "-q");
    assertEquals(0, again.exitCode(), again.err());
  }

  private static void assertUnchanged(Path dir, String initial, Map<String, byte[]> before) {
    assertEquals("main\n", git(dir, "branch", "--format=%(refname:short)"));
    assertEquals(initial + "\n", git(dir, "rev-parse", "HEAD"));
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }
}
