package dev.ackrelease.steps.prepare;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.artifacts.BuildArtifacts;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Plan;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.git.GitLocks;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.GitSigning;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.io.CriticalSection;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.errors.AbortedByHookException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The release commit in one step: on a clean tree, a branch {@code release-vX.Y.Z} from HEAD,
 * the release artifacts for the version, and a commit of exactly the files that changed, with
 * ACK's message {@code Release artifacts for release vX.Y.Z}.
 */
public final class PrepareRelease {

  /**
   * The version tag, the service, the controller dir ({@code null}: found from
   * {@code workingDir}), the branch ({@code null}: {@code release-vX.Y.Z}) and the image
   * repository ({@code null}: ACK's default).
   */
  public record Request(Path controllerDir, Path workingDir, String service, String version, String branch,
      String imageRepository) {}

  /**
   * The outcome: the branch and commit ({@code null} when nothing changed: then no branch is
   * created and nothing is committed), the artifacts plan that was applied, and whether HEAD
   * already has the version's release tag (when nothing changed: then the release is tagged, and
   * what comes next is its publish).
   */
  public record Result(String branch, String commit, String message, Plan plan, boolean tagged) {
    public boolean committed() {
      return commit != null;
    }
  }

  private final Log log;

  public PrepareRelease(Log log) {
    this.log = log;
  }

  public Result run(Request request) {
    ReleaseVersion version = ReleaseVersion.parseTag(request.version());
    Path dir = ControllerLocator.locate(request.controllerDir(), request.workingDir(), request.service());
    String branch = request.branch() != null ? request.branch() : "release-" + version.tag();
    requireBranchName(branch, version);
    try (GitRepo repo = GitRepo.open(dir)) {
      if (ReleaseTags.exists(repo, branch)) {
        throw ReleaseException.refused("a tag named " + branch + " exists, so a branch of that name would be ambiguous:"
            + " pass another --branch, e.g. --branch release-" + version.tag());
      }
      RevCommit head = repo.head();
      WorkTreeStatus.requireClean(repo, "prepare a release");
      GitLocks.requireIndexUnlocked(repo, "prepare a release");
      BuildArtifacts build = new BuildArtifacts(log);
      Plan plan = build.plan(new BuildArtifacts.Request(dir, dir, request.service(), version.tag(),
          request.imageRepository(), BuildArtifacts.Mode.WRITE));
      String message = version.releaseCommitSubject();
      if (plan.upToDate()) {
        log.info("the release artifacts already carry " + version.plain() + ": no branch, no commit");
        boolean tagged = ReleaseTags.atHead(repo).stream().anyMatch(t -> t.annotated() && t.version().equals(version));
        return new Result(branch, null, message, plan, tagged);
      }
      requireNewerThanReleased(repo, request, dir, version);
      GitSigning.requireUnsignedCommit(repo, signedCommitFix(request, dir, branch, version, message));
      PersonIdent committer = repo.tagger();
      requireNewBranch(repo, branch, version);
      String from = repo.branch().orElse(head.getName());
      // One write a signal waits for: a branch without its commit (or git's lock files) is no resume point.
      RevCommit commit = CriticalSection.run(unfinished(dir, from, branch), () -> {
        checkoutNewBranch(repo, branch, head);
        build.write(plan);
        return commit(repo, plan, message, committer, branch);
      });
      log.info("committed " + commit.abbreviate(7).name() + " on " + branch + ": " + message);
      return new Result(branch, commit.getName(), message, plan, false);
    }
  }

  /**
   * The command lines that make the same release commit with git where git would sign it: the
   * branch, build-artifacts with this run's options, and a commit of the changed files.
   */
  static String signedCommitFix(Request request, Path dir, String branch, ReleaseVersion version, String message) {
    String options = request.imageRepository() == null ? "" : " --image-repository " + ShellWords.word(request.imageRepository());
    return ShellWords.gitIn(dir) + " switch -c " + ShellWords.word(branch) + " && "
        + ShellWords.releaseCommit(dir, version.tag(), ShellWords.word(request.service()), options, message);
  }

  /**
   * A release commit only for a version newer than the newest release tag, as tag asks of it: one for a version released
   * already (or an older one) could never be tagged (exit 3 there), and the commit is made for nothing (found by a
   * new-user trial: prepare v0.2.0 on the v0.2.0 release, its branch deleted, committed, then pointed at a refused tag).
   */
  static void requireNewerThanReleased(GitRepo repo, Request request, Path dir, ReleaseVersion version) {
    var newest = ReleaseTags.newest(repo);
    if (newest.isPresent() && !version.isNewerThan(newest.get().version())) {
      ReleaseVersion last = newest.get().version();
      throw ReleaseException.refused(version + " is not newer than the newest release " + last + " (tag " + newest.get().name()
          + " on " + newest.get().commit().abbreviate(7).name() + "): prepare the next one, e.g. ack-release prepare "
          + last.nextPatch().tag() + (request.service() == null ? "" : " --service " + ShellWords.word(request.service()))
          + ShellWords.controllerDirOption(dir) + " (or " + last.nextMinor().tag() + ")");
    }
  }

  /** A short branch name git accepts, not HEAD, not a full ref, not an option. */
  static void requireBranchName(String branch, ReleaseVersion version) {
    String fix = ": pass a short branch name, e.g. --branch release-" + version.tag();
    if (branch.isEmpty() || branch.startsWith("-")) {
      throw ReleaseException.invalidInput("--branch '" + Echo.value(branch) + "' is not a branch name" + fix);
    }
    if (branch.equals("HEAD") || branch.equals("@")) {
      throw ReleaseException.invalidInput("--branch " + branch + " names git's HEAD, not a branch" + fix);
    }
    if (branch.startsWith("refs/")) {
      throw ReleaseException.invalidInput("--branch " + Echo.value(branch) + " is a full ref name" + fix);
    }
    if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw ReleaseException.invalidInput("--branch '" + Echo.value(branch) + "' is not a valid branch name" + fix);
    }
    GitLocks.requireStorable(Constants.R_HEADS + branch, "--branch", fix.substring(2));
  }

  /**
   * What the interrupt says when a signal stopped the release commit half-way (a hook still
   * running after the wait, or failing meanwhile): the git commands that undo it, so the same
   * command then starts over (release-pr's, which makes the same branch and commit, too).
   */
  public static String unfinished(Path dir, String from, String branch) {
    String git = ShellWords.gitIn(dir);
    return "the release commit on branch " + branch + " did not finish: undo it, then run the same command again: " + git
        + " checkout -q -f " + ShellWords.word(from) + "; " + git + " branch -q -D " + ShellWords.word(branch);
  }

  private static void requireNewBranch(GitRepo repo, String branch, ReleaseVersion version) {
    try {
      if (repo.repository().exactRef(Constants.R_HEADS + branch) != null) {
        throw ReleaseException.refused(branchExists(branch, checkedOut(repo, branch), version));
      }
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read branch " + branch + ": " + e.getMessage(), e);
    }
    GitLocks.requireCreatable(repo, Constants.R_HEADS + branch);
  }

  private void checkoutNewBranch(GitRepo repo, String branch, RevCommit head) {
    try {
      repo.git().checkout().setCreateBranch(true).setName(branch).setStartPoint(head).call();
      log.info("created branch " + branch + " at " + head.abbreviate(7).name());
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot create branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code branch} is checked out here, in the main worktree or in a worktree added with
   * {@code git worktree add} (its {@code HEAD} under {@code .git/worktrees/<name>/}): git deletes none.
   */
  static boolean checkedOut(GitRepo repo, String branch) {
    if (repo.branch().filter(branch::equals).isPresent()) {
      return true;
    }
    String head = "ref: " + Constants.R_HEADS + branch;
    // From a linked worktree the main one's HEAD and the others' are in the common directory.
    Path common = repo.repository().getCommonDirectory().toPath();
    try (Stream<Path> worktrees = Files.list(common.resolve("worktrees"))) {
      Stream<Path> heads = Stream.concat(Stream.of(common), worktrees).map(w -> w.resolve(Constants.HEAD));
      return heads.filter(Files::isRegularFile).anyMatch(h -> {
        try {
          return Files.readString(h).strip().equals(head);
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false; // no worktree added
    }
  }

  /**
   * The refusal of an existing {@code --branch}: git cannot delete the checked-out branch, so
   * then the fix is only another name (one that is not this branch).
   */
  static String branchExists(String branch, boolean checkedOut, ReleaseVersion version) {
    if (!checkedOut) {
      return "branch " + branch + " already exists: delete it (git branch -D " + branch + ") or pass another --branch";
    }
    String other = "release-" + version.tag();
    return "branch " + branch + " already exists and is checked out: pass another --branch, e.g. --branch "
        + (other.equals(branch) ? other + "-2" : other);
  }

  private static RevCommit commit(GitRepo repo, Plan plan, String message, PersonIdent committer, String branch) {
    try {
      Path workTree = repo.workTree().toRealPath();
      AddCommand add = repo.git().add();
      for (String file : plan.writtenFiles()) {
        String path = workTree.relativize(plan.controllerDir().toRealPath().resolve(file).normalize()).toString();
        add.addFilepattern(path.replace('\\', '/'));
      }
      add.call();
      return repo.git().commit().setMessage(message + "\n").setAuthor(committer).setCommitter(committer).call();
    } catch (AbortedByHookException e) {
      // The repository's own hook said no, as it would to git commit: its state, not a bug.
      String said = e.getHookStdErr() == null || e.getHookStdErr().isBlank() ? "exit " + e.getReturnCode()
          : Echo.value(e.getHookStdErr().strip());
      throw ReleaseException.refused("the " + e.getHookName() + " hook rejected the release commit (" + said + "): the files are"
          + " written and staged on branch " + branch + "; fix what the hook reports, then commit them: "
          + ShellWords.gitIn(plan.controllerDir()) + " commit -m \"" + message + "\"");
    } catch (IOException | GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot commit the release artifacts: " + e.getMessage()
          + " (the files are written on the branch; commit them with git)", e);
    }
  }
}
