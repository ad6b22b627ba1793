package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.git.GitLocks;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.io.CriticalSection;
import dev.ackrelease.steps.prepare.PrepareRelease;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The local {@code release-vX.Y.Z} branch of a release pull request: made again on every run (the
 * release commit follows the base), so one this tool made before (its tip is the release commit) is
 * replaced, and any other branch of that name is refused.
 */
final class ReleaseBranch {

  private final GitRepo repo;
  private final String branch;
  private final ReleaseVersion version;

  ReleaseBranch(GitRepo repo, String branch, ReleaseVersion version) {
    this.repo = repo;
    this.branch = branch;
    this.version = version;
  }

  /** Refuses a local branch of this name whose tip is not a release commit of this version. */
  void requireOurs() {
    tip().ifPresent(tip -> {
      if (!tip.getShortMessage().equals(version.releaseCommitSubject())) {
        throw ReleaseException.refused("branch " + branch + " exists and its last commit (" + tip.abbreviate(7).name() + " "
            + tip.getShortMessage() + ") is not the release commit: rename or delete it (git branch -D " + branch
            + ") and run again");
      }
    });
  }

  void delete() {
    if (tip().isPresent()) {
      try {
        repo.git().branchDelete().setBranchNames(branch).setForce(true).call();
      } catch (GitAPIException e) {
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot delete the old branch " + branch + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The old branch deleted, the release commit made on a new one by {@code prepare}, and the base
   * checked out again, as one write a signal waits for: a halt between them would leave the
   * release branch checked out, which the re-run cannot delete. When it does not finish, the
   * interrupt names the commands that undo it (as prepare's own), after which the same command
   * starts over.
   */
  <T> T remake(String base, RevCommit head, Supplier<T> prepare) {
    String unfinished = PrepareRelease.unfinished(repo.workTree(), back(base, head), branch);
    return CriticalSection.run(unfinished, () -> {
      delete();
      try {
        return prepare.get();
      } finally {
        checkout(base, head);
      }
    });
  }

  /** Back on the base branch (or on {@code head}, detached, where there was no branch). */
  void checkout(String base, RevCommit head) {
    try {
      repo.git().checkout().setName(back(base, head)).call();
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot check out " + base + " again: " + e.getMessage()
          + " (git checkout " + base + ")", e);
    }
  }

  /** What {@link #checkout} checks out: the base when it is a local branch, else {@code head}. */
  private String back(String base, RevCommit head) {
    try {
      return repo.repository().exactRef(Constants.R_HEADS + base) != null ? base : head.getName();
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read branch " + base + ": " + e.getMessage()
          + " (git checkout " + base + ")", e);
    }
  }

  /** Whether {@code remote} is the same change as the local commit {@code local}: the same tree on the same parents. */
  boolean sameChange(RevCommit remote, String local) {
    try (RevWalk walk = new RevWalk(repo.repository())) {
      RevCommit mine = walk.parseCommit(ObjectId.fromString(local));
      RevCommit theirs = walk.parseCommit(remote);
      return mine.getTree().equals(theirs.getTree()) && Arrays.equals(mine.getParents(), theirs.getParents());
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot compare the release commits: " + e.getMessage(), e);
    }
  }

  /** Points the local branch at {@code remote} (the same change, already pushed). */
  void reset(RevCommit remote) {
    String ref = Constants.R_HEADS + branch;
    // A signal waits for the move: a halt in it leaves the branch's lock file, which refuses the re-run's delete.
    String unfinished = "moving branch " + branch + " to the remote's release commit did not finish: delete its lock file, then"
        + " run the same command again: rm -f " + ShellWords.word(GitLocks.lockOf(repo, ref).toString());
    try {
      CriticalSection.call(unfinished, () -> {
        RefUpdate u = repo.repository().updateRef(ref);
        u.setNewObjectId(remote);
        u.setForceUpdate(true);
        return u.update();
      });
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot move " + branch + ": " + e.getMessage(), e);
    }
  }

  private Optional<RevCommit> tip() {
    try (RevWalk walk = new RevWalk(repo.repository())) {
      Ref ref = repo.repository().exactRef(Constants.R_HEADS + branch);
      return ref == null ? Optional.empty() : Optional.of(walk.parseCommit(ref.getObjectId()));
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }
}
