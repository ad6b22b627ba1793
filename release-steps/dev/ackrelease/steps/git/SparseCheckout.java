package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.GitEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A file the work tree lacks because a sparse checkout leaves it out: committed at HEAD, and
 * either marked skip-worktree in the index or (where the index cannot say: a sparse index) not in
 * it, in a clone with a sparse-checkout file. What brings it back is git's own command.
 */
public final class SparseCheckout {

  private SparseCheckout() {}

  /**
   * When {@code file} (relative to {@code dir}) is left out by the sparse checkout of the clone
   * holding {@code dir}: the command line that adds its directory back ({@code git sparse-checkout
   * add config/controller}, with {@code -C} the work tree's top when that is not the current
   * directory, as paths are the top's). Empty when it is not so, or git cannot tell.
   */
  public static Optional<String> restoreCommand(Path dir, String file) {
    GitEnvironment.Found found = GitEnvironment.find(dir.toAbsolutePath().normalize());
    if (found.builder().getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repo = found.builder().setMustExist(true).build()) {
      if (repo.isBare() || !Files.exists(repo.getDirectory().toPath().resolve("info/sparse-checkout"))) {
        return Optional.empty();
      }
      Path top = repo.getWorkTree().toPath().toRealPath();
      String path = top.relativize(dir.toRealPath().resolve(file)).toString().replace(File.separatorChar, '/');
      if (path.startsWith("../") || !inHead(repo, path) || !skipped(repo, path)) {
        return Optional.empty();
      }
      String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : path;
      return Optional.of(ShellWords.gitIn(top) + " sparse-checkout add " + ShellWords.word(parent));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean inHead(Repository repo, String path) throws IOException {
    ObjectId head = repo.resolve(Constants.HEAD + "^{commit}");
    if (head == null) {
      return false;
    }
    try (RevWalk walk = new RevWalk(repo); TreeWalk at = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
      return at != null;
    }
  }

  /** Marked skip-worktree in the index, or absent from an index git keeps sparse (or JGit cannot read). */
  private static boolean skipped(Repository repo, String path) {
    try {
      DirCacheEntry entry = repo.readDirCache().getEntry(path);
      return entry == null || entry.isSkipWorkTree();
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
