package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The GitHub commands take the time-outs publish takes, described alike (as bounding every remote
 * request, not "registry" ones), and honour them: a GitHub that accepts the connection and never
 * answers ends the run in seconds (exit 4), not after the 60 s default.
 */
class GitHubTimeoutsTest {

  static final String TOKEN = "ghp_timeoutsTestTokenNotReal000000000000";

  @TempDir Path tmp;

  @Test
  void everyGitHubCommandTakesPublishsTimeOutsWithTheSameWords() {
    for (String name : List.of("--retry-timeout", "--request-timeout")) {
      OptionSpec publish = HelpTest.spec("publish").findOption(name);
      assertNotNull(publish, "publish takes " + name);
      String words = String.join(" ", publish.description());
      assertFalse(words.contains("registry request") || words.contains("registry operation"),
          name + " bounds every remote call, not only a registry's: " + words);
      for (String command : List.of("notes", "release-pr", "github-release")) {
        OptionSpec option = HelpTest.spec(command).findOption(name);
        assertNotNull(option, command + " takes " + name + " (its GitHub calls honour it)");
        assertEquals(words, String.join(" ", option.description()), command + " describes " + name + " as publish does");
      }
    }
  }

  @Test
  void aGitHubThatNeverAnswersEndsNotesAndReleasePrWithinTheirTimeOuts() throws IOException {
    try (GitFixture repo = SampleController.create(tmp, "s3");
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      repo.git("remote", "add", "origin", "https://github.com/aws-controllers-k8s/s3-controller.git");
      String api = "http://127.0.0.1:" + silent.getLocalPort();
      List<String> common = List.of("--controller-dir", repo.dir().toString(), "--service", "s3", "--github-api-url", api,
          "--github-repo", "aws-controllers-k8s/s3-controller", "--request-timeout", "1s", "--retry-timeout", "2s");
      for (List<String> command : List.of(List.of("notes", "v0.1.0"), List.of("release-pr", "--bump", "patch"))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(common);
        long start = System.nanoTime();
        CliRun run = Cli.runWith(Map.of("GITHUB_TOKEN", TOKEN, "ACK_RELEASE_RETRY_ATTEMPTS", "2"), args.toArray(String[]::new));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(4, run.exitCode(), () -> args + ": " + run);
        assertTrue(seconds < 20, args + " took " + seconds + " s with --request-timeout 1s --retry-timeout 2s: " + run);
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("error: ")).count(), () -> "one error line: " + run);
        assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN), run::toString);
      }
    }
  }
}
