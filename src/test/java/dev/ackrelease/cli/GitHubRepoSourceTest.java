package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad repository is refused (exit 2) naming the setting it came from, whichever that is, and the
 * fix it names works when pasted: --github-repo wins over every other source.
 */
class GitHubRepoSourceTest {

  static final String FIX = "is not a GitHub repository (OWNER/NAME): pass --github-repo OWNER/NAME";

  @TempDir Path tmp;

  @Test
  void theErrorNamesTheVariableOrFileTheRepositoryCameFrom() throws Exception {
    try (GitFixture repo = SampleController.create(tmp, "s3")) {
      String dir = repo.dir().toString();
      CliRun ci = Cli.runWith(Map.of("GITHUB_REPOSITORY", "junk"), "notes", "v0.1.0", "--no-github", "--controller-dir", dir);
      assertEquals(2, ci.exitCode(), ci::toString);
      assertEquals("error: GITHUB_REPOSITORY 'junk' " + FIX + ", which comes before it, e.g. --github-repo"
          + " aws-controllers-k8s/s3-controller", ci.errorLine());

      CliRun variable = Cli.runWith(Map.of("ACK_RELEASE_GITHUB_REPO", "junk"), "notes", "v0.1.0", "--no-github", "--controller-dir", dir);
      assertEquals(2, variable.exitCode(), variable::toString);
      assertEquals("error: ACK_RELEASE_GITHUB_REPO: --github-repo 'junk' " + FIX + ", e.g. --github-repo"
          + " aws-controllers-k8s/s3-controller", variable.errorLine());

      CliRun pasted = Cli.runWith(Map.of("GITHUB_REPOSITORY", "junk"), "notes", "v0.1.0", "--no-github", "--controller-dir", dir,
          "--github-repo", "aws-controllers-k8s/s3-controller");
      assertEquals(0, pasted.exitCode(), pasted::toString);

      Files.writeString(repo.dir().resolve(".ack-release.yaml"), "github-repo: junk\n");
      CliRun file = Cli.runWith(Map.of(), "notes", "v0.1.0", "--no-github", "--controller-dir", dir);
      assertEquals(2, file.exitCode(), file::toString);
      assertEquals("error: " + repo.dir().resolve(".ack-release.yaml") + ":1: github-repo: --github-repo 'junk' " + FIX
          + ", e.g. --github-repo aws-controllers-k8s/s3-controller", file.errorLine());
    }
  }
}
