package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.artifacts.Fixtures;
import dev.ackrelease.steps.io.GitEnvironment;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIT_DIR and GIT_WORK_TREE name the clone as they do for git: with the git directory moved away
 * from the work tree, prepare, tag and build-artifacts work on the repository they name; a
 * controller directory outside that work tree, or a GIT_DIR that is no repository, is bad input
 * with nothing written.
 */
class GitVariablesTest {

  @TempDir Path tmp;
  Path work;
  Path gitDir;
  Map<String, String> env;

  @BeforeEach
  void separatedClone() throws Exception {
    work = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("x"));
    Fixtures.gitInitAndCommit(work);
    Fixtures.git(work, "tag", "-a", "-m", "v1.0.4", "v1.0.4");
    gitDir = tmp.resolve("gd");
    Files.move(work.resolve(".git"), gitDir);
    env = Map.of("GIT_DIR", gitDir.toString(), "GIT_WORK_TREE", work.toString());
  }

  private String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", gitDir.toString(), "--work-tree", work.toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, null, 60).assertOk().stdout().strip();
  }

  @Test
  void prepareTagAndBuildArtifactsUseTheRepositoryTheVariablesName() {
    CliRun prepare = Cli.runWith(env, "prepare", "v1.0.5", "--service", "s3", "--controller-dir", work.toString(), "-q");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    assertEquals("release-v1.0.5", git("rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals("", git("status", "--porcelain"), "the release commit holds every written file");

    CliRun tag = Cli.runWith(env, "tag", "v1.0.5", "--controller-dir", work.toString());
    assertEquals(0, tag.exitCode(), tag::toString);
    assertEquals(git("rev-parse", "HEAD"), git("rev-parse", "v1.0.5^{commit}"));

    CliRun build = Cli.runWith(env, "build-artifacts", "--service", "s3", "--controller-dir", work.toString(), "-q");
    assertEquals(0, build.exitCode(), build::toString);
    assertEquals("", git("status", "--porcelain"), "the tag's version is what the files carry");
  }

  @Test
  void aControllerDirectoryOutsideTheWorkTreeOrAGitDirThatIsNoRepositoryIsBadInput() throws Exception {
    Path other = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("elsewhere"));
    CliRun outside = Cli.runWith(env, "tag", "v1.0.5", "--controller-dir", other.toString());
    assertEquals(2, outside.exitCode(), outside::toString);
    assertEquals("error: controller directory " + other + " is not in the work tree " + work + " that GIT_DIR=" + gitDir
        + " GIT_WORK_TREE=" + work + " gives git: pass --controller-dir " + work + ", or unset GIT_DIR GIT_WORK_TREE\n",
        outside.err());

    Path none = Files.createDirectories(tmp.resolve("not-a-repo"));
    CliRun bogus = Cli.runWith(Map.of("GIT_DIR", none.toString(), "GIT_WORK_TREE", work.toString()), "tag", "v1.0.5",
        "--controller-dir", work.toString());
    assertEquals(2, bogus.exitCode(), bogus::toString);
    assertEquals("error: GIT_DIR=" + none + " GIT_WORK_TREE=" + work + " does not name a git repository: point GIT_DIR at"
        + " the clone's git directory, or unset GIT_DIR GIT_WORK_TREE\n", bogus.err());
    assertEquals("v1.0.4", git("tag", "--list"), "nothing tagged");
    assertTrue(Files.exists(gitDir.resolve("HEAD")));
  }

  /**
   * verify, run in the work tree with no VERSION and no --service, finds the clone the variables
   * name, as the other commands do: it looked for a .git in the current directory, and with
   * GIT_DIR set asked for --service and VERSION.
   */
  @Test
  void verifyFindsTheCloneTheVariablesName() {
    assertEquals(Optional.empty(), VerifyCommand.cloneIn(work), "no .git in it or above, no GIT_DIR: no clone");
    for (Map<String, String> variables : List.of(env, Map.of("GIT_DIR", gitDir.toString()))) {
      GitEnvironment.use(variables);
      try {
        assertEquals(Optional.of(work), VerifyCommand.cloneIn(work), variables::toString);
      } finally {
        GitEnvironment.reset();
      }
    }
  }
}
