package dev.ackrelease.steps.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symlink of a commit's tree resolved inside the tree as Go's path/filepath
 * {@code EvalSymlinks} (walkSymlinks) and {@code os.Lstat} resolve it on a checkout, which is
 * what helm/helm internal/sympath/walk.go {@code symwalk} does before LoadDir's walk consults
 * .helmignore: checked against the operating system's own resolution of the same links checked
 * out (realpath: {@code ..} after a link is physical, a file with more path after it fails, a
 * loop fails), and what the commit cannot answer for is unknown, never looked up on disk.
 */
class TreeLinksTest {

  @TempDir Path tmp;

  @Test
  void aLinkResolvesInTheCommitAsOnItsCheckout() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("docs/guide.md", "# guide\n");
    Map<String, String> links = new LinkedHashMap<>();
    links.put("file", "../go.mod");
    links.put("dir", "../docs");
    links.put("dir-slash", "../docs/");
    links.put("dot", ".");
    links.put("root", "..");
    links.put("chain", "file");
    links.put("through", "dir/guide.md");
    links.put("physical", "dir/../go.mod"); // .. after the link backs up from docs/, not from helm/dir
    links.put("missing", "nope");
    links.put("loop-a", "loop-b");
    links.put("loop-b", "loop-a");
    links.put("self", "self");
    links.put("not-dir", "../go.mod/x");
    links.put("file-slash", "../go.mod/");
    links.put("file-dotdot", "../go.mod/../go.mod");
    links.put("dot-dot", "./.././helm/./file");
    links.forEach((name, target) -> link(repo, name, target));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "Links");

    Map<String, TreeLinks.Target> onDisk = new LinkedHashMap<>();
    Map<String, TreeLinks.Target> inCommit = new LinkedHashMap<>();
    for (String name : links.keySet()) {
      onDisk.put(name, onDisk(repo.dir(), repo.dir().resolve("helm/" + name)));
      inCommit.put(name, resolve(repo, "helm/" + name));
    }
    assertEquals(onDisk, inCommit);
    assertEquals(TreeLinks.Target.FILE, inCommit.get("physical"));
    assertEquals(TreeLinks.Target.DANGLING, inCommit.get("file-slash"));
  }

  /**
   * What the commit cannot answer for is unknown, whatever the disk says there: an absolute link
   * (even one into the checkout), one above the repository's root, one into a submodule (its
   * checkout, not the commit); a link to a submodule is a directory, as on every checkout.
   */
  @Test
  void whatTheCommitCannotAnswerForIsUnknown() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    Files.createDirectories(repo.dir().resolve("helm"));
    Map<String, String> links = new LinkedHashMap<>();
    links.put("abs", repo.dir().resolve("go.mod").toString());
    links.put("up", "../../s3-controller/go.mod");
    links.put("into-sub", "../sub/README.md");
    links.put("to-sub", "../sub");
    links.put("sub-and-back", "../sub/../go.mod");
    links.forEach((name, target) -> link(repo, name, target));
    repo.git("add", "-A");
    repo.git("update-index", "--add", "--cacheinfo", "160000," + repo.head() + ",sub");
    repo.git("commit", "-q", "-m", "Links out of the commit");

    assertEquals(TreeLinks.Target.UNKNOWN, resolve(repo, "helm/abs"));
    assertEquals(TreeLinks.Target.UNKNOWN, resolve(repo, "helm/up"));
    assertEquals(TreeLinks.Target.UNKNOWN, resolve(repo, "helm/into-sub"));
    assertEquals(TreeLinks.Target.DIRECTORY, resolve(repo, "helm/to-sub"));
    assertEquals(TreeLinks.Target.FILE, resolve(repo, "helm/sub-and-back"));
  }

  /** helm/{@code name} linking to {@code target} as written (ln -s: Java's Path would drop a trailing slash). */
  private static void link(GitFixture repo, String name, String target) {
    ProcessResult.run(List.of("ln", "-s", target, "helm/" + name), repo.dir().toFile(), Map.of(), 10).assertOk();
  }

  private static TreeLinks.Target resolve(GitFixture repo, String path) throws IOException {
    Repository repository = repo.jgit().getRepository();
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId root = walk.parseCommit(repository.resolve("HEAD")).getTree();
      return TreeLinks.resolve(repository, root, path);
    }
  }

  /** The operating system's resolution of the checked-out link (realpath), in the same terms. */
  private static TreeLinks.Target onDisk(Path repo, Path link) throws IOException {
    Path real;
    try {
      real = link.toRealPath();
    } catch (IOException e) {
      return TreeLinks.Target.DANGLING;
    }
    if (!real.startsWith(repo.toRealPath())) {
      return TreeLinks.Target.UNKNOWN;
    }
    return Files.isDirectory(real) ? TreeLinks.Target.DIRECTORY : TreeLinks.Target.FILE;
  }
}
