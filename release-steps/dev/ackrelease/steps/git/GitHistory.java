package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The history between two commits of a clone, read with JGit: what a release adds to the one
 * before it. The first-parent line is the base branch's own history (each merge commit stands for
 * its pull request, each squash commit is one); every commit in the range is what a pull request's
 * merge commit may be.
 */
public final class GitHistory {

  /** One commit: its id, subject, the rest of its message, its author's name, its commit time and number of parents. */
  public record Commit(String id, String subject, String body, String author, Instant time, int parents) {}

  private GitHistory() {}

  /** The commits on the first-parent line from {@code end} back to (not including) what {@code since} reaches, oldest first. */
  public static List<Commit> firstParent(GitRepo repo, ObjectId end, Optional<ObjectId> since) {
    return walk(repo, end, since, true);
  }

  /** The ids of every commit {@code end} reaches and {@code since} does not. */
  public static Set<String> all(GitRepo repo, ObjectId end, Optional<ObjectId> since) {
    Set<String> ids = new LinkedHashSet<>();
    walk(repo, end, since, false).forEach(c -> ids.add(c.id()));
    return ids;
  }

  /** Whether {@code ancestor} is {@code commit} or reachable from it. */
  public static boolean reaches(GitRepo repo, ObjectId commit, ObjectId ancestor) {
    try (RevWalk walk = new RevWalk(repo.repository())) {
      return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
    } catch (IOException e) {
      throw damaged(repo, e);
    }
  }

  /** The commit time of {@code commit}. */
  public static Instant time(GitRepo repo, ObjectId commit) {
    try (RevWalk walk = new RevWalk(repo.repository())) {
      return walk.parseCommit(commit).getCommitterIdent().getWhenAsInstant();
    } catch (IOException e) {
      throw damaged(repo, e);
    }
  }

  private static List<Commit> walk(GitRepo repo, ObjectId end, Optional<ObjectId> since, boolean firstParent) {
    List<Commit> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo.repository())) {
      walk.setFirstParent(firstParent);
      walk.markStart(walk.parseCommit(end));
      if (since.isPresent()) {
        walk.markUninteresting(walk.parseCommit(since.get()));
      }
      for (RevCommit c : walk) {
        String message = c.getFullMessage();
        int nl = message.indexOf('\n');
        commits.add(new Commit(c.getName(), c.getShortMessage(), nl < 0 ? "" : message.substring(nl + 1).strip(),
            c.getAuthorIdent().getName(), c.getCommitterIdent().getWhenAsInstant(), c.getParentCount()));
      }
    } catch (IOException e) {
      throw damaged(repo, e);
    }
    Collections.reverse(commits);
    return commits;
  }

  private static ReleaseException damaged(GitRepo repo, IOException e) {
    String what = e instanceof MissingObjectException m ? "object " + m.getObjectId().getName() + " is missing" : e.getMessage();
    return new ReleaseException(ReleaseException.Kind.REFUSED, "cannot read the history of " + repo.workTree() + " (" + what
        + "): the clone is damaged or incomplete; run git fetch --tags, or clone the repository again", e);
  }
}
