package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Takes committed content out of a clone's objects, never from its work tree: a directory of a
 * commit written to disk with its sizes checked first, a file of HEAD, the id of a commit's tree.
 * Only regular files ever leave: a symlink or a submodule is refused, or skipped with what the
 * export skips, never followed.
 */
public final class CommitExport {

  /** A check of one exported file's size (its path and size), before it is read. */
  public interface SizeCheck {
    void check(String file, long size);
  }

  /** A check of all exported files' size together, before any is read. */
  public interface TotalCheck {
    void check(long total);
  }

  /**
   * What an export leaves out: whether the entry at {@code path} (relative to the exported
   * directory, with {@code /}) is skipped, {@code directory} when it is a directory (then all
   * under it is).
   */
  public interface Skip {
    boolean skips(String path, boolean directory);
  }

  /** The checks of an export: what it leaves out (neither checked nor written), each file's size, their sum. */
  public record Checks(Skip skip, SizeCheck perFile, TotalCheck total) {
    /** Every file kept and checked. */
    public static Checks of(SizeCheck perFile, TotalCheck total) {
      return new Checks((path, directory) -> false, perFile, total);
    }
  }

  private CommitExport() {}

  /** How the fix of a refused entry ends for a release already tagged: the tag never moves. */
  public static final String RELEASE_A_NEW_VERSION = "and release a new version";

  /**
   * Writes the directory {@code path} of {@code commit}'s tree to {@code target} (emptied first),
   * or with no target only checks it, writing nothing: what was committed, byte for byte,
   * whatever the work tree holds. One walk of the tree checks every entry before anything is
   * written, so the check alone refuses exactly what the export refuses, with the same message:
   * a symlink, a submodule or any other entry that is not a regular file is refused (exit 3)
   * naming its path, so content that was never committed (a link to {@code /proc/self/environ},
   * a file outside the repo) can never be exported; a path that leaves the directory is refused
   * too. What {@code checks} skips (e.g. what a chart's .helmignore ignores, a skipped
   * directory with all under it) is neither size-checked nor written nor refused, as Helm never
   * looks at what it ignores; only a path that leaves the directory is refused wherever it is.
   * A symlink or submodule is skipped when Helm would skip it on a checkout of the commit
   * ({@link TreeLinks}: a submodule as a directory, a symlink as what it resolves to in the
   * commit, and one that resolves to nothing refused, as Helm fails on it); a link is never
   * followed, its target never read. Each other file's size is checked by
   * the per-file check and their sum by the total check (e.g. Helm's chart limits) from the
   * object database, before any file is read: an oversized blob is refused, never loaded. A
   * refused entry's fix is "replace it with the file itself, commit, " then {@code then} (e.g.
   * {@link #RELEASE_A_NEW_VERSION}). Returns the number of files kept; a missing directory is
   * invalid input.
   */
  public static int tree(GitRepo repo, ObjectId commit, String path, Optional<Path> target, Checks checks, String then) {
    Repository repository = repo.repository();
    try (RevWalk revWalk = new RevWalk(repository)) {
      RevCommit c = revWalk.parseCommit(commit);
      ObjectId tree;
      if (path.isEmpty()) {
        tree = c.getTree(); // the repository's root: a chart that is the whole repository (ack-chart)
      } else {
        try (TreeWalk dir = TreeWalk.forPath(repository, path, c.getTree())) {
          if (dir == null || dir.getFileMode(0) != FileMode.TREE) {
            throw ReleaseException.invalidInput(path + "/ is not in commit " + c.abbreviate(12).name()
                + ": commit the chart (ack-release build-artifacts creates one)");
          }
          tree = dir.getObjectId(0);
        }
      }
      List<Blob> files = checked(repository, c, tree, path, checks, then);
      if (target.isPresent()) {
        write(repository, files, target.get());
      }
      return files.size();
    } catch (MissingObjectException | CorruptObjectException e) {
      throw repo.damaged("read " + path + "/ of commit " + commit.getName(), e);
    } catch (IOException e) {
      if (target.isEmpty()) {
        throw repo.io("read " + path + "/ of commit " + commit.getName(), e);
      }
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot write " + path + "/ of commit " + commit.getName()
          + " to " + target.get() + " (" + e.getMessage() + "): check that --cache-dir is writable and has space", e);
    }
  }

  /** A regular file of the tree: its path under the exported directory and its blob. */
  private record Blob(String path, ObjectId id) {}

  /** Every entry of {@code tree} checked (kind, path, sizes but of what is skipped), nothing read but the sizes; the files kept. */
  private static List<Blob> checked(Repository repository, RevCommit c, ObjectId tree, String path, Checks checks, String then)
      throws IOException {
    List<Blob> files = new ArrayList<>();
    List<Boolean> skippedAtDepth = new ArrayList<>();
    long sum = 0;
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(tree);
      walk.setRecursive(false);
      while (walk.next()) {
        int depth = walk.getDepth();
        boolean skipped = depth > 0 && skippedAtDepth.get(depth - 1);
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.TREE) {
          // Skipped with all under it, as Helm's walk skips an ignored directory (filepath.SkipDir).
          skipped = skipped || checks.skip().skips(walk.getPathString(), true);
          if (skippedAtDepth.size() <= depth) {
            skippedAtDepth.add(skipped);
          } else {
            skippedAtDepth.set(depth, skipped);
          }
          walk.enterSubtree();
          continue;
        }
        String rel = walk.getPathString();
        String name = path + "/" + rel;
        if (!staysInside(rel)) {
          throw ReleaseException.refused(name + " leaves the chart directory: remove it from the commit");
        }
        if (skipped) {
          continue; // under a skipped directory: never looked at, as Helm never walks into one
        }
        if (mode == FileMode.SYMLINK || mode == FileMode.GITLINK) {
          refuseUnlessSkipped(repository, c, path, rel, mode, checks.skip(), then);
          continue;
        }
        refuseIfNotFile(name, mode, c, then);
        if (checks.skip().skips(rel, false)) {
          continue;
        }
        long size = repository.getObjectDatabase().open(walk.getObjectId(0)).getSize();
        checks.perFile().check(name, size);
        sum += size;
        files.add(new Blob(walk.getPathString(), walk.getObjectId(0)));
      }
    }
    checks.total().check(sum);
    return files;
  }

  /** A symlink or submodule skipped as Helm skips it ({@link TreeLinks#decide}), else refused naming why. */
  private static void refuseUnlessSkipped(Repository repository, RevCommit c, String path, String rel, FileMode mode, Skip skip,
      String then) throws IOException {
    String name = path + "/" + rel;
    switch (TreeLinks.decide(repository, c.getTree(), path.isEmpty() ? rel : name, rel, mode, skip)) {
      case SKIP -> { }
      case REFUSE -> refuseIfNotFile(name, mode, c, then);
      case UNKNOWN_TYPE -> throw ReleaseException.refused(name + " in commit " + c.abbreviate(12).name() + " is a symlink"
          + " to a path outside the commit, so whether .helmignore's rules for directories or files only ignore it depends on the"
          + " machine: ignore it with a rule for both (no trailing /) or replace it with the file itself, commit, " + then);
      case DANGLING -> throw ReleaseException.refused(name + " in commit " + c.abbreviate(12).name() + " is a symlink"
          + " that resolves to nothing in the commit, which helm package fails on even though .helmignore ignores it"
          + " (error evaluating symlink): remove it, commit, " + then);
    }
  }

  private static void refuseIfNotFile(String name, FileMode mode, RevCommit c, String then) {
    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
      throw ReleaseException.refused(name + " in commit " + c.abbreviate(12).name() + " is "
          + (mode == FileMode.SYMLINK ? "a symlink" : mode == FileMode.GITLINK ? "a submodule" : "not a regular file")
          + ": a chart ships only committed files; replace it with the file itself, commit, " + then);
    }
  }

  /**
   * The bytes of the file {@code path} of {@code commit}'s tree, or empty when nothing is there:
   * its size goes through {@code size} before it is read (no blob is loaded whole unchecked); a
   * directory there is {@code directory}'s exception, a symlink or a submodule is refused as
   * {@link #tree} refuses it.
   */
  public static Optional<byte[]> file(GitRepo repo, ObjectId commit, String path, SizeCheck size,
      Supplier<ReleaseException> directory, String then) {
    try (RevWalk revWalk = new RevWalk(repo.repository())) {
      RevCommit c = revWalk.parseCommit(commit);
      try (TreeWalk walk = TreeWalk.forPath(repo.repository(), path, c.getTree())) {
        if (walk == null) {
          return Optional.empty();
        }
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.TREE) {
          throw directory.get();
        }
        refuseIfNotFile(path, mode, c, then);
        ObjectLoader blob = repo.repository().open(walk.getObjectId(0));
        size.check(path, blob.getSize());
        return Optional.of(blob.getBytes());
      }
    } catch (IOException e) {
      throw repo.io("read " + path + " of commit " + commit.getName(), e);
    }
  }

  /** Whether a path of the tree names a file inside the directory it is exported to (a crafted tree can hold "..", "/"). */
  static boolean staysInside(String pathString) {
    Path relative = Path.of(pathString).normalize();
    return !relative.isAbsolute() && !relative.startsWith("..") && !relative.toString().isEmpty();
  }

  private static void write(Repository repository, List<Blob> files, Path target) throws IOException {
    Directories.recreate(target);
    for (Blob file : files) {
      Path out = target.resolve(file.path()).normalize();
      Files.createDirectories(out.getParent());
      try (var in = repository.open(file.id()).openStream()) {
        Files.copy(in, out);
      }
    }
  }

  /**
   * The bytes of a regular file in HEAD's tree, or empty when the path is absent. A symlink or
   * a submodule at that path is refused: what ships must be committed content, never whatever a
   * link points at.
   */
  public static Optional<byte[]> fileAtHead(GitRepo repo, String path) {
    try (TreeWalk walk = TreeWalk.forPath(repo.repository(), path, repo.head().getTree())) {
      if (walk == null) {
        return Optional.empty();
      }
      FileMode mode = walk.getFileMode(0);
      if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
        throw ReleaseException.refused(path + " in commit " + repo.head().getName().substring(0, 12) + " is "
            + (mode == FileMode.SYMLINK ? "a symlink" : "not a regular file") + ": commit the file itself");
      }
      return Optional.of(repo.repository().open(walk.getObjectId(0)).getBytes());
    } catch (IOException e) {
      throw repo.io("read " + path + " at HEAD", e);
    }
  }

  /** The id of the tree at {@code path} in {@code commit} ({@code ""} for the root), or empty when absent. */
  public static Optional<String> treeId(GitRepo repo, ObjectId commit, String path) {
    try (RevWalk revWalk = new RevWalk(repo.repository())) {
      RevCommit c = revWalk.parseCommit(commit);
      if (path.isEmpty()) {
        return Optional.of(c.getTree().getName());
      }
      try (TreeWalk walk = TreeWalk.forPath(repo.repository(), path, c.getTree())) {
        return walk == null || walk.getFileMode(0) != FileMode.TREE ? Optional.empty() : Optional.of(walk.getObjectId(0).getName());
      }
    } catch (IOException e) {
      throw repo.io("read the tree of " + path, e);
    }
  }
}
