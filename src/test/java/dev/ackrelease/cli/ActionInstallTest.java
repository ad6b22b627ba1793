package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CompositeAction;
import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * action.yml's install: its cache key, and a release that cannot be downloaded (one
 * {@code ::error::} line naming the URL and the fix, exit 2 for a release that is not there: a
 * version never released, a wrong download-url; 4 for a download that failed; nothing installed).
 * (The install of a real release, and a tampered one, are in SelfReleaseIT, which builds the archive.)
 */
class ActionInstallTest {

  @TempDir Path tmp;

  CompositeAction.Run install(String downloadUrl) throws IOException {
    return install(downloadUrl, tmp.resolve("runner"), new CompositeAction.Cache(tmp));
  }

  CompositeAction.Run install(String downloadUrl, Path runner, CompositeAction.Cache cache) throws IOException {
    return new CompositeAction(Path.of("action.yml")).run(Map.of("version", "9.9.9", "download-url", downloadUrl),
        Map.of("action_ref", "main", "action_repository", "aws-controllers-k8s/ack-release"), Map.of("HOME", tmp.toString()),
        Files.createDirectories(runner), cache);
  }

  /**
   * The cache key names the java as well as the version and the OS: the install leaves the
   * launcher's class-data archive beside the jar, which only that JVM can use (a runner image
   * with another JDK gets an entry of its own, not one whose archive the launcher makes again on
   * every job). The release is a stand-in archive whose launcher prints its version.
   */
  @Test
  void theCacheKeyNamesTheJava() throws IOException {
    Path assets = Files.createDirectories(tmp.resolve("releases/download/v9.9.9"));
    Path bin = Files.createDirectories(tmp.resolve("stage/ack-release-9.9.9/bin"));
    Files.writeString(bin.resolve("ack-release"), "#!/bin/sh\necho 'ack-release 9.9.9 (commit 0)'\n");
    ProcessResult.run(List.of("chmod", "755", bin.resolve("ack-release").toString()), null, 60).assertOk();
    ProcessResult.run(List.of("tar", "-czf", assets.resolve("ack-release-9.9.9.tar.gz").toString(), "-C",
        tmp.resolve("stage").toString(), "ack-release-9.9.9"), null, 60).assertOk();
    ProcessResult sum = ProcessResult.run(List.of("sha256sum", "ack-release-9.9.9.tar.gz"), assets.toFile(), 60).assertOk();
    Files.writeString(assets.resolve("SHA256SUMS"), sum.stdout());
    CompositeAction.Cache cache = new CompositeAction.Cache(Files.createDirectories(tmp.resolve("cache")));

    CompositeAction.Run run = install(tmp.resolve("releases/download").toUri().toString(), tmp.resolve("runner"), cache);

    assertTrue(run.ok(), run.failedStderr());
    assertTrue(cache.has("ack-release-9.9.9-Linux-java" + System.getProperty("java.runtime.version")), "the key names the java");
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
