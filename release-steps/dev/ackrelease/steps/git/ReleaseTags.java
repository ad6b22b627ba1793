package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds a clone's release tags (tags of ACK's release form, {@code vX.Y.Z[-pre]}): all of them,
 * one version's, the newest HEAD reaches, those at HEAD; and whether a tag name is taken.
 */
public final class ReleaseTags {

  private ReleaseTags() {}

  /**
   * Every tag of ACK's release form, newest version first. One that does not lead to a commit (a
   * tag on a tree or a blob, or on an object this clone lacks) is refused: no command can release it.
   */
  public static List<ReleaseTag> all(GitRepo repo) {
    try (RevWalk walk = new RevWalk(repo.repository())) {
      List<ReleaseTag> tags = new ArrayList<>();
      for (Ref ref : repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = ref.getName().substring(Constants.R_TAGS.length());
        Optional<ReleaseVersion> version = ReleaseVersion.tryParseTag(name);
        if (version.isEmpty()) {
          continue;
        }
        RevObject tagged;
        RevObject target;
        try {
          tagged = walk.parseAny(ref.getObjectId());
          target = walk.peel(tagged);
        } catch (MissingObjectException e) {
          throw ReleaseException.refused("tag " + name + " points at " + e.getObjectId().getName() + ", which this clone does"
              + " not have: fetch the tags again (git fetch --tags --force) or delete it (git tag -d " + name + ")");
        }
        if (!(target instanceof RevCommit)) {
          throw ReleaseException.refused("tag " + name + " points at a " + Constants.typeString(target.getType())
              + ", not a commit: delete it (git tag -d " + name + ", and on the remote) and tag the release commit");
        }
        tags.add(new ReleaseTag(name, version.get(), target.copy(), tagged instanceof RevTag));
      }
      tags.sort(Comparator.comparing(ReleaseTag::version).reversed());
      return tags;
    } catch (IOException e) {
      throw repo.io("list tags", e);
    }
  }

  /** The newest release tag of the clone (the first of {@link #all}), if any. */
  public static Optional<ReleaseTag> newest(GitRepo repo) {
    return all(repo).stream().findFirst();
  }

  /** The release tag of {@code version}, or empty when it is not tagged. */
  public static Optional<ReleaseTag> find(GitRepo repo, ReleaseVersion version) {
    return all(repo).stream().filter(t -> t.version().equals(version)).findFirst();
  }

  /** Whether a ref named {@code refs/tags/<name>} exists, whatever its form. */
  public static boolean exists(GitRepo repo, String name) {
    try {
      return repo.repository().exactRef(Constants.R_TAGS + name) != null;
    } catch (IOException e) {
      throw repo.io("read tag " + name, e);
    }
  }

  /** The newest release version among tags reachable from HEAD. */
  public static Optional<ReleaseTag> newestReachableFromHead(GitRepo repo) {
    RevCommit head = repo.head();
    try (RevWalk walk = new RevWalk(repo.repository())) {
      RevCommit headInWalk = walk.parseCommit(head);
      for (ReleaseTag tag : all(repo)) {
        RevCommit tagged = walk.parseCommit(tag.commit());
        if (walk.isMergedInto(tagged, headInWalk)) {
          return Optional.of(tag);
        }
        walk.reset();
      }
      return Optional.empty();
    } catch (IOException e) {
      throw repo.io("walk the history", e);
    }
  }

  /** Release tags that point at HEAD, newest version first. */
  public static List<ReleaseTag> atHead(GitRepo repo) {
    ObjectId head = repo.head().getId();
    return all(repo).stream().filter(t -> t.commit().equals(head)).toList();
  }
}
