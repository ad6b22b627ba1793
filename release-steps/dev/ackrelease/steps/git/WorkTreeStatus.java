package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Whether a clone's work tree is clean for a release: its tracked changes, and the refusal of a
 * command that must not run with any.
 */
public final class WorkTreeStatus {

  private WorkTreeStatus() {}

  /**
   * Tracked paths that are modified, staged, deleted or in conflict: what makes the tree
   * dirty for a release. Untracked files do not count.
   */
  public static List<String> trackedChanges(GitRepo repo) {
    try {
      Status status = repo.git().status().call();
      TreeSet<String> changed = new TreeSet<>();
      changed.addAll(status.getAdded());
      changed.addAll(status.getChanged());
      changed.addAll(status.getRemoved());
      changed.addAll(status.getModified());
      changed.addAll(status.getMissing());
      changed.addAll(status.getConflicting());
      return new ArrayList<>(changed);
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read the git status: " + e.getMessage(), e);
    }
  }

  /** Refuses a tree with tracked changes, naming a few of them. */
  public static void requireClean(GitRepo repo, String action) {
    List<String> changes = trackedChanges(repo);
    if (!changes.isEmpty()) {
      String shown = String.join(", ", changes.subList(0, Math.min(3, changes.size())))
          + (changes.size() > 3 ? " and " + (changes.size() - 3) + " more" : "");
      throw ReleaseException.refused("the work tree has uncommitted changes (" + shown + "): commit or stash them before you " + action);
    }
  }
}
