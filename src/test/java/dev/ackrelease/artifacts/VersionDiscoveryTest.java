package dev.ackrelease.artifacts;

import static dev.ackrelease.artifacts.Fixtures.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.artifacts.Fixtures.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --version, build-artifacts takes the newest release tag reachable from HEAD (git describe semantics). */
class VersionDiscoveryTest {

  @TempDir Path tmp;

  @Test
  void takesTheNewestReleaseTagReachableFromHead() {
    Path dir = Fixtures.copy(Fixtures.QUOTED_BEFORE, tmp);
    Fixtures.gitInitAndCommit(dir);
    git(dir, "tag", "-a", "v1.8.0", "-m", "v1.8.0");
    commit(dir, "README.md", "release 1.8.2\n");
    git(dir, "tag", "v1.8.2");
    commit(dir, "README.md", "next\n");
    git(dir, "tag", "-a", "v1.9.0-rc.1", "-m", "v1.9.0-rc.1");
    git(dir, "tag", "release-3");
    git(dir, "checkout", "-q", "-b", "side", "HEAD~2");
    commit(dir, "SIDE.md", "side\n");
    git(dir, "tag", "-a", "v2.0.0", "-m", "v2.0.0");
    git(dir, "checkout", "-q", "main");

    Run run = Fixtures.cli("build-artifacts", "-q", "--service", "s3", "--controller-dir", dir.toString(), "--output", "json");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\"version\" : \"1.8.2\""), run.out());
    assertTrue(run.out().contains("\"versionSource\" : \"tag v1.8.2, the newest reachable from HEAD\""), run.out());
    Map<String, byte[]> expected = Fixtures.tree(Fixtures.fixture(Fixtures.QUOTED_AFTER));
    expected.put("README.md", "next\n".getBytes());
    Fixtures.assertSameTree(expected, Fixtures.tree(dir));
  }

  @Test
  void withoutAReachableReleaseTagItAsksForTheVersion() {
    Path dir = Fixtures.copy(Fixtures.QUOTED_BEFORE, tmp);
    Fixtures.gitInitAndCommit(dir);
    git(dir, "tag", "-a", "v1.9.0-rc.1", "-m", "v1.9.0-rc.1");
    git(dir, "checkout", "-q", "-b", "side");
    commit(dir, "SIDE.md", "side\n");
    git(dir, "tag", "v2.0.0");
    git(dir, "checkout", "-q", "main");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = Fixtures.cli("build-artifacts", "-q", "--service", "s3", "--controller-dir", dir.toString());

    assertEquals(2, run.exitCode());
    assertEquals("error: no VERSION given and no release tag vX.Y.Z is reachable from HEAD in " + dir
        + ": pass the version, e.g. ack-release build-artifacts v1.2.3\n", run.err());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }

  private static void commit(Path dir, String file, String text) {
    Fixtures.write(dir.resolve(file), text);
    git(dir, "add", file);
    git(dir, "commit", "-q", "-m", "Change " + file);
  }
}
