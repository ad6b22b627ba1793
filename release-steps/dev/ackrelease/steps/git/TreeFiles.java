package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files directly in a directory of a commit's tree, read from git's objects (never from the
 * work tree): what was committed at a release's tag, byte for byte. A symlink or submodule there is
 * refused, as the chart export refuses it.
 */
public final class TreeFiles {

  private TreeFiles() {}

  /**
   * The regular files directly under {@code dir} in {@code commit}, by name in git's order, at most
   * {@code maxBytes} together (more is refused: exit 3); empty when the directory is absent.
   */
  public static Map<String, byte[]> in(GitRepo repo, ObjectId commit, String dir, long maxBytes) {
    Map<String, byte[]> files = new TreeMap<>();
    try (RevWalk revWalk = new RevWalk(repo.repository())) {
      RevCommit c = revWalk.parseCommit(commit);
      try (TreeWalk at = TreeWalk.forPath(repo.repository(), dir, c.getTree())) {
        if (at == null || at.getFileMode(0) != FileMode.TREE) {
          return files;
        }
        try (TreeWalk walk = new TreeWalk(repo.repository())) {
          walk.addTree(at.getObjectId(0));
          walk.setRecursive(false);
          long total = 0;
          while (walk.next()) {
            FileMode mode = walk.getFileMode(0);
            String name = dir + "/" + walk.getPathString();
            if (mode == FileMode.TREE) {
              continue;
            }
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
              throw ReleaseException.refused(name + " in commit " + c.abbreviate(12).name() + " is not a regular file: commit"
                  + " the file itself");
            }
            total += repo.repository().getObjectDatabase().open(walk.getObjectId(0)).getSize();
            if (total > maxBytes) {
              throw ReleaseException.refused(dir + "/ in commit " + c.abbreviate(12).name() + " holds more than " + maxBytes
                  + " bytes: too large for one release asset");
            }
            files.put(walk.getPathString(), repo.repository().open(walk.getObjectId(0)).getBytes());
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.REFUSED, "cannot read " + dir + "/ of commit " + commit.getName() + " in "
          + repo.workTree() + " (" + e.getMessage() + "): the clone is damaged or incomplete; fetch it again", e);
    }
  }
}
