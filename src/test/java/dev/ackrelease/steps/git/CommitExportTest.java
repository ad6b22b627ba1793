package dev.ackrelease.steps.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export of a commit's directory and its check-only mode (no target) walk the tree once with
 * the same rules: what the export refuses the check refuses with the same message, and the check
 * writes nothing.
 */
class CommitExportTest {

  @TempDir Path tmp;

  /** A commit whose helm/ holds {@code name} (a crafted tree: git itself never writes ".."). */
  static ObjectId crafted(GitFixture repo, String name) throws Exception {
    try (ObjectInserter in = repo.jgit().getRepository().newObjectInserter()) {
      ObjectId blob = in.insert(Constants.OBJ_BLOB, "escaped\n".getBytes(StandardCharsets.UTF_8));
      TreeFormatter helm = new TreeFormatter();
      helm.append(name, FileMode.REGULAR_FILE, blob);
      TreeFormatter root = new TreeFormatter();
      root.append("helm", FileMode.TREE, in.insert(helm));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(in.insert(root));
      PersonIdent who = new PersonIdent("Release Bot", "release-bot@example.com");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("crafted\n");
      ObjectId id = in.insert(commit);
      in.flush();
      return id;
    }
  }

  /** The export and the check each refused with one message; what each message was. */
  static List<String> refusals(GitFixture repo, ObjectId commit, Path target) {
    List<String> messages = new ArrayList<>();
    try (GitRepo git = GitRepo.open(repo.dir())) {
      for (Optional<Path> to : List.of(Optional.of(target), Optional.<Path>empty())) {
        ReleaseException e = assertThrows(ReleaseException.class, () -> CommitExport.tree(git, commit, "helm", to,
            CommitExport.Checks.of((file, size) -> { }, total -> { }), CommitExport.RELEASE_A_NEW_VERSION));
        assertEquals(ReleaseException.Kind.REFUSED, e.kind(), e.getMessage());
        messages.add(e.getMessage());
      }
    }
    return messages;
  }

  @Test
  void aPathThatLeavesTheDirectoryIsRefusedByTheExportAndTheCheckAlike() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    Path target = tmp.resolve("export/helm");
    for (String name : List.of("..", ".")) {
      List<String> messages = refusals(repo, crafted(repo, name), target);
      assertEquals("helm/" + name + " leaves the chart directory: remove it from the commit", messages.get(0));
      assertEquals(messages.get(0), messages.get(1), "the check says what the export says");
      assertFalse(Files.exists(tmp.resolve("export")), "nothing written: " + name);
    }
  }

  @Test
  void theCheckAloneWritesNothingAndCountsWhatTheExportWrites() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    Path target = tmp.resolve("export/helm");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      ObjectId head = git.head().getId();
      List<Long> sizes = new ArrayList<>();
      assertEquals(2, CommitExport.tree(git, head, "helm", Optional.empty(),
          CommitExport.Checks.of((file, size) -> sizes.add(size), total -> sizes.add(-total)), CommitExport.RELEASE_A_NEW_VERSION));
      assertFalse(Files.exists(tmp.resolve("export")), "the check writes nothing");
      long chart = Files.size(repo.dir().resolve("helm/Chart.yaml"));
      long values = Files.size(repo.dir().resolve("helm/values.yaml"));
      assertEquals(List.of(chart, values, -(chart + values)), sizes, "each file's size, then the sum");
      assertEquals(2, CommitExport.tree(git, head, "helm", Optional.of(target),
          CommitExport.Checks.of((file, size) -> { }, total -> { }), CommitExport.RELEASE_A_NEW_VERSION));
      assertTrue(Files.isRegularFile(target.resolve("Chart.yaml")));
      assertEquals(Files.readString(repo.dir().resolve("helm/values.yaml")), Files.readString(target.resolve("values.yaml")));
    }
  }

  /**
   * What the checks skip (a directory with all under it, a file) is neither size-checked nor
   * written nor counted nor refused: a link or a submodule under a skipped directory is never
   * looked at, as Helm never walks into an ignored directory; one outside it is refused.
   */
  @Test
  void whatIsSkippedIsNeitherCheckedNorWrittenNorRefused() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    repo.write("helm/docs/deep/a.txt", "a\n");
    repo.write("helm/docs/b.txt", "b\n");
    repo.write("helm/notes.tmp", "n\n");
    repo.commit("Files to skip");
    CommitExport.Skip skip = (path, directory) -> (directory && path.equals("docs")) || path.endsWith(".tmp");
    Path target = tmp.resolve("export/helm");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      List<String> checked = new ArrayList<>();
      assertEquals(2, CommitExport.tree(git, git.head().getId(), "helm", Optional.of(target),
          new CommitExport.Checks(skip, (file, size) -> checked.add(file), total -> { }), CommitExport.RELEASE_A_NEW_VERSION));
      assertEquals(List.of("helm/Chart.yaml", "helm/values.yaml"), checked);
      assertFalse(Files.exists(target.resolve("docs")));
      assertFalse(Files.exists(target.resolve("notes.tmp")));
    }

    Files.createSymbolicLink(repo.dir().resolve("helm/docs/link"), Path.of("/proc/self/environ"));
    Files.createSymbolicLink(repo.dir().resolve("helm/docs/gone"), Path.of("nothing-there"));
    repo.git("add", "helm");
    repo.git("update-index", "--add", "--cacheinfo", "160000," + repo.head() + ",helm/docs/sub");
    repo.git("commit", "-q", "-m", "Links and a submodule where all is skipped");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      assertEquals(2, CommitExport.tree(git, git.head().getId(), "helm", Optional.of(target),
          new CommitExport.Checks(skip, (file, size) -> { }, total -> { }), CommitExport.RELEASE_A_NEW_VERSION));
      assertFalse(Files.exists(target.resolve("docs")));
    }

    Files.createSymbolicLink(repo.dir().resolve("helm/link"), Path.of("/proc/self/environ"));
    repo.git("add", "helm");
    repo.git("commit", "-q", "-m", "A link outside what is skipped");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> CommitExport.tree(git, git.head().getId(), "helm",
          Optional.empty(), new CommitExport.Checks(skip, (file, size) -> { }, total -> { }), CommitExport.RELEASE_A_NEW_VERSION));
      assertEquals(ReleaseException.Kind.REFUSED, e.kind());
      assertTrue(e.getMessage().startsWith("helm/link in commit ") && e.getMessage().contains(" is a symlink: "), e.getMessage());
    }
  }

  /** The export empties its target first: a file left there by an earlier export (or put there) does not ship. */
  @Test
  void theExportEmptiesItsTargetFirst() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    Path target = tmp.resolve("export/helm");
    Files.createDirectories(target.resolve("templates"));
    Files.writeString(target.resolve("templates/stale.yaml"), "kind: Secret\n");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      CommitExport.tree(git, git.head().getId(), "helm", Optional.of(target),
          CommitExport.Checks.of((file, size) -> { }, total -> { }), CommitExport.RELEASE_A_NEW_VERSION);
    }
    assertFalse(Files.exists(target.resolve("templates/stale.yaml")));
    assertTrue(Files.isRegularFile(target.resolve("Chart.yaml")));
  }

  /** One file of a commit: a symlink there is refused, never read as the file (its bytes are the link's target). */
  @Test
  void aFileThatIsASymlinkIsRefused() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    Files.createSymbolicLink(repo.dir().resolve("helm/rules"), Path.of("../go.mod"));
    repo.git("add", "helm");
    repo.git("commit", "-q", "-m", "A link");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> CommitExport.file(git, git.head().getId(), "helm/rules",
          (file, size) -> { }, () -> ReleaseException.invalidInput("a directory"), CommitExport.RELEASE_A_NEW_VERSION));
      assertEquals(ReleaseException.Kind.REFUSED, e.kind());
      assertTrue(e.getMessage().startsWith("helm/rules in commit ") && e.getMessage().contains(" is a symlink: "), e.getMessage());
    }
  }
}
