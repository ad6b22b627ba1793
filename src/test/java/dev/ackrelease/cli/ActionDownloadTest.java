package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CompositeAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * action.yml's install step when the release cannot be downloaded: one {@code ::error::} line
 * naming the URL and the fix, exit 2 for a release that is not there (a version never released, a
 * wrong download-url), 4 for a download that failed, and nothing installed. (The install of a
 * real release, and a tampered one, are in SelfReleaseIT, which builds the archive.)
 */
class ActionDownloadTest {

  @TempDir Path tmp;

  CompositeAction.Run install(String downloadUrl) throws IOException {
    return new CompositeAction(Path.of("action.yml")).run(Map.of("version", "9.9.9", "download-url", downloadUrl),
        Map.of("action_ref", "main", "action_repository", "aws-controllers-k8s/ack-release"), Map.of("HOME", tmp.toString()),
        Files.createDirectories(tmp.resolve("runner")), new CompositeAction.Cache(tmp));
  }

  @Test
  void aVersionWithNoReleaseIsBadInputNamingTheUrl() throws IOException {
    Path releases = Files.createDirectories(tmp.resolve("releases/download"));

    CompositeAction.Run run = install(releases.toUri().toString());

    assertEquals(2, run.failedStep(), "the install step");
    assertEquals(2, run.exitCode(), run.failedStderr());
    String url = releases.toUri() + "v9.9.9/SHA256SUMS";
    assertEquals("::error::" + url + " is not there: no release v9.9.9 at that download-url; set with: version: to a released version (X.Y.Z)",
        run.failedStderr().strip());
    assertFalse(Files.exists(tmp.resolve("runner/tool-cache/ack-release/9.9.9")), "nothing installed");
  }

  @Test
  void aDownloadThatFailsIsARemoteFailure() throws IOException {
    CompositeAction.Run run = install("http://127.0.0.1:1/releases/download");

    assertEquals(2, run.failedStep(), "the install step");
    assertEquals(4, run.exitCode(), run.failedStderr());
    String err = run.failedStderr().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("::error::could not download http://127.0.0.1:1/releases/download/v9.9.9/SHA256SUMS (curl: (7) "),
        err);
    assertTrue(err.endsWith("): nothing was installed; run the job again"), err);
    assertFalse(Files.exists(tmp.resolve("runner/tool-cache/ack-release/9.9.9")), "nothing installed");
  }
}
