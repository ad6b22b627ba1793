package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule for every file ack-release writes outside its work directories: a new path or an
 * existing regular file, never a link, device, FIFO, socket or directory, in an existing
 * directory, never a file git tracks nor one in a git directory; replaced atomically or appended
 * to; else exit 2 naming the path, with nothing written.
 */
class OutputFileTest {

  static final byte[] REPORT = "{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  static OutputFile report(Path p) {
    return OutputFile.option("--report", p);
  }

  /** The refusal: exit 2, one line naming the option, the path and why. */
  static ReleaseException refused(Path p, String why, Consumer<OutputFile> action) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> action.accept(report(p)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    assertTrue(e.getMessage().startsWith("cannot write --report " + p.toAbsolutePath() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  static List<String> names(Path dir) throws IOException {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void aNewPathIsWrittenAndNothingIsLeftBesideIt() throws IOException {
    Path p = tmp.resolve("report.json");

    report(p).write(REPORT);

    assertArrayEquals(REPORT, Files.readAllBytes(p));
    assertEquals(List.of("report.json"), names(tmp), "no temp file is left");
  }

  @Test
  void anExistingRegularFileIsReplacedByARenameNotRewrittenInPlace() throws IOException {
    Path p = Files.writeString(tmp.resolve("report.json"), "old report, longer than the new one\n");
    Path hardLink = Files.createLink(tmp.resolve("other-name"), p);
    Object before = inode(p);

    report(p).write(REPORT);

    assertArrayEquals(REPORT, Files.readAllBytes(p));
    assertNotEquals(before, inode(p), "a new file was renamed into place");
    assertEquals("old report, longer than the new one\n", Files.readString(hardLink), "the old file was never written to");
    assertEquals(List.of("other-name", "report.json"), names(tmp));
  }

  @Test
  void aSymlinkToAFileIsRefusedAndNeitherItNorItsTargetChanges() throws IOException {
    Path target = Files.writeString(tmp.resolve("precious.txt"), "keep me\n");
    Path link = Files.createSymbolicLink(tmp.resolve("report.json"), target);

    refused(link, "it is a symlink, and ack-release never writes through a link;", f -> f.write(REPORT));
    refused(link, "it is a symlink", f -> f.append(REPORT));

    assertTrue(Files.isSymbolicLink(link));
    assertEquals(target, Files.readSymbolicLink(link));
    assertEquals("keep me\n", Files.readString(target));
    assertEquals(List.of("precious.txt", "report.json"), names(tmp), "no temp file was made");
  }

  @Test
  void aDanglingSymlinkIsRefusedAndNothingAppearsWhereItPoints() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("report.json"), tmp.resolve("elsewhere.json"));

    refused(link, "it is a symlink", f -> f.write(REPORT));

    assertFalse(Files.exists(tmp.resolve("elsewhere.json")));
  }

  @Test
  void aDirectoryIsRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("out"));

    refused(dir, "it is a directory (an output file must not be a directory)", f -> f.write(REPORT));

    assertEquals(List.of(), names(dir));
  }

  @Test
  void devicesAreRefusedWithoutBeingOpened() {
    // Only checked: the rule stands before any write to the machine's own devices.
    refused(Path.of("/dev/null"), "it is a character device", OutputFile::check);
    refused(Path.of("/dev/full"), "it is a character device", OutputFile::check);
    assertTrue(Files.exists(Path.of("/dev/full")) && !Files.isRegularFile(Path.of("/dev/full")));
  }

  /** A device node (major 1 minor 7, as /dev/full) and a FIFO, made here: refused, never opened, never replaced. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"full|mknod|c 1 7|a character device", "fifo|mkfifo||a FIFO"})
  void aDeviceOrAFifoIsRefusedWithoutBeingOpenedAndStaysWhatItIs(String name, String make, String makeArgs, String type)
      throws IOException {
    Path node = tmp.resolve(name);
    List<String> command = new ArrayList<>(List.of(make, node.toString()));
    if (makeArgs != null) {
      command.addAll(List.of(makeArgs.split(" ")));
    }
    ProcessResult.run(command, null, 30).assertOk();

    // Opening a FIFO for writing blocks until a reader comes: the check must not open it.
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      refused(node, "it is " + type, f -> f.write(REPORT));
      refused(node, "it is " + type, f -> f.append(REPORT));
    });

    assertFalse(Files.isRegularFile(node, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of(name), names(tmp));
  }

  @Test
  void aSocketIsRefused() throws IOException {
    Path socket = tmp.resolve("socket");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      refused(socket, "it is a socket", f -> f.write(REPORT));
    }
  }

  @Test
  void theParentMustExistAndBeADirectory() throws IOException {
    refused(tmp.resolve("no/such/report.json"), "its directory " + tmp.resolve("no/such") + " does not exist", f -> f.write(REPORT));
    Path file = Files.writeString(tmp.resolve("file"), "x");
    refused(file.resolve("report.json"), "its parent " + file + " is not a directory", f -> f.write(REPORT));
    refused(tmp.resolve("."), "it does not name a file", OutputFile::check);

    assertEquals(List.of("file"), names(tmp), "no directory was created");
  }

  @Test
  void aFileGitTracksIsRefusedWhateverItsStateAndPath() throws IOException {
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0")) {
      Path chart = repo.dir().resolve("helm/Chart.yaml");
      byte[] before = Files.readAllBytes(chart);

      refused(chart, "git tracks it in " + repo.dir().toRealPath(), f -> f.write(REPORT));
      // Reached through a link to its directory, and with its work-tree copy deleted: still tracked.
      Path viaLink = Files.createSymbolicLink(tmp.resolve("helm-link"), repo.dir().resolve("helm"));
      refused(viaLink.resolve("Chart.yaml"), "git tracks it", f -> f.write(REPORT));
      assertArrayEquals(before, Files.readAllBytes(chart));
      Files.delete(repo.dir().resolve("helm/values.yaml"));
      refused(repo.dir().resolve("helm/values.yaml"), "git tracks it", f -> f.write(REPORT));
      assertFalse(Files.exists(repo.dir().resolve("helm/values.yaml")));
      // Added but not committed: git tracks it too.
      repo.write("staged.txt", "staged\n");
      repo.git("add", "staged.txt");
      refused(repo.dir().resolve("staged.txt"), "git tracks it", f -> f.write(REPORT));
      // The first entry of git's index (position 0) is tracked like any other.
      repo.write("!first.txt", "first\n");
      repo.git("add", "!first.txt");
      assertEquals("!first.txt", repo.git("ls-files").lines().findFirst().orElseThrow());
      refused(repo.dir().resolve("!first.txt"), "git tracks it", f -> f.write(REPORT));
      // An untracked file is the user's to replace.
      assertEquals(repo.dir().resolve("release.json"), report(repo.dir().resolve("release.json")).check());
      report(repo.dir().resolve("release.json")).write(REPORT);
      assertArrayEquals(REPORT, Files.readAllBytes(repo.dir().resolve("release.json")));
    }
  }

  @Test
  void theGitDirectoryIsNeverWritten() throws IOException {
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0")) {
      Path config = repo.dir().resolve(".git/config");
      byte[] before = Files.readAllBytes(config);

      refused(config, "it is inside the git directory", f -> f.write(REPORT));
      refused(repo.dir().resolve(".git/hooks/pre-commit"), "it is inside the git directory", f -> f.write(REPORT));
      refused(tmp.resolve(".git"), "it is git's own .git", f -> f.write(REPORT));

      assertArrayEquals(before, Files.readAllBytes(config));
      assertFalse(Files.exists(repo.dir().resolve(".git/hooks/pre-commit")));
    }
  }

  /** With the git directory moved away, GIT_DIR and GIT_WORK_TREE say which files git tracks and where its directory is. */
  @Test
  void theRepositoryGitsVariablesNameIsTheOneThatHoldsTheTarget() throws IOException {
    Path work = tmp.resolve("s3-controller");
    Path gitDir = tmp.resolve("gd");
    GitFixture.controller(work, "s3", "1.0.0").close();
    Files.move(work.resolve(".git"), gitDir);
    GitEnvironment.use(Map.of("GIT_DIR", gitDir.toString(), "GIT_WORK_TREE", work.toString()));
    try {
      refused(work.resolve("helm/Chart.yaml"), "git tracks it in " + work.toRealPath(), f -> f.write(REPORT));
      refused(gitDir.resolve("config"), "it is inside the git directory " + gitDir.toRealPath(), f -> f.write(REPORT));
      report(work.resolve("release.json")).write(REPORT);
      assertArrayEquals(REPORT, Files.readAllBytes(work.resolve("release.json")));
    } finally {
      GitEnvironment.reset();
    }
  }

  @Test
  void appendKeepsWhatIsThereAndCreatesANewFile() throws IOException {
    Path summary = Files.writeString(tmp.resolve("summary.md"), "### an earlier step\n");
    Object before = inode(summary);

    OutputFile.named("$GITHUB_STEP_SUMMARY", summary, "fix").append(REPORT);
    OutputFile.named("$GITHUB_STEP_SUMMARY", tmp.resolve("new.md"), "fix").append(REPORT);

    assertEquals("### an earlier step\n" + new String(REPORT, StandardCharsets.UTF_8), Files.readString(summary));
    assertEquals(before, inode(summary), "appended to the runner's own file, not replaced");
    assertArrayEquals(REPORT, Files.readAllBytes(tmp.resolve("new.md")));
  }

  @Test
  void aDirectoryTargetIsNewOrADirectoryAndHoldsNothingGitTracks() throws IOException {
    OutputFile.option("--oci-layout", tmp.resolve("new")).checkDirectory();
    OutputFile.option("--oci-layout", Files.createDirectories(tmp.resolve("empty"))).checkDirectory();
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("empty"));

    for (Path bad : List.of(file, link)) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> OutputFile.option("--oci-layout", bad).checkDirectory());
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("cannot write --oci-layout " + bad + ": it is a "), e.getMessage());
      assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
      assertEquals(bad.equals(link), e.getMessage().contains("never writes through a link"), e.getMessage());
    }
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0")) {
      for (Path tracked : List.of(repo.dir().resolve("helm"), repo.dir())) {
        ReleaseException e = assertThrows(ReleaseException.class, () -> OutputFile.option("--oci-layout", tracked).checkDirectory());
        assertTrue(e.getMessage().contains("it holds files git tracks in"), e.getMessage());
      }
      OutputFile.option("--oci-layout", repo.dir().resolve("layout")).checkDirectory();
    }
    // The work tree of a repository that tracks nothing holds nothing git tracks.
    try (GitFixture bare = GitFixture.init(tmp.resolve("no-commits"))) {
      assertEquals(bare.dir(), OutputFile.option("--oci-layout", bare.dir()).checkDirectory());
    }
    assertEquals(List.of("empty", "file", "link", "no-commits", "s3-controller"), names(tmp), "checking writes nothing");
  }
}
