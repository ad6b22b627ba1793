package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
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

  /** Back on the base branch (or on {@code head}, detached, where there was no branch). */
  void checkout(String base, RevCommit head) {
    try {
      boolean local = repo.repository().exactRef(Constants.R_HEADS + base) != null;
      repo.git().checkout().setName(local ? base : head.getName()).call();
    } catch (IOException | GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot check out " + base + " again: " + e.getMessage()
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
    try {
      RefUpdate u = repo.repository().updateRef(Constants.R_HEADS + branch);
      u.setNewObjectId(remote);
      u.setForceUpdate(true);
      u.update();
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
