package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's own chart limits (helm/helm pkg/chart/loader/archive/archive.go MaxDecompressedFileSize
 * and MaxDecompressedChartSize) are applied to helm/ of the release commit from the object
 * database, before any blob is read: a chart Helm would refuse to install is exit 2 and nothing
 * is exported (a 300 MB file was JGit's LargeObjectException, exit 1).
 */
class HelmLimitsTest {

  @TempDir Path tmp;

  static void zeros(Path file, long bytes) throws Exception {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] block = new byte[1 << 20];
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  int export(GitFixture repo, Path target) {
    try (GitRepo git = GitRepo.open(repo.dir())) {
      return CommitExport.tree(git, git.head().getId(), "helm", Optional.of(target), HelmLimits::requireFile,
          total -> HelmLimits.requireChart("helm/", total), CommitExport.RELEASE_A_NEW_VERSION);
    }
  }

  @Test
  void aFileOverFiveMibIsRefusedBeforeAnythingIsExported() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    zeros(repo.dir().resolve("helm/files/big.bin"), HelmLimits.MAX_FILE + 1);
    repo.commit("A large file");
    Path target = tmp.resolve("export");

    ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, target));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("helm/files/big.bin is 5.0 MiB, over Helm's limit of 5.0 MiB per file"), e.getMessage());
    assertFalse(Files.exists(target), "nothing exported");
  }

  @Test
  void filesOverOneHundredMibTogetherAreRefusedAndAtTheLimitsTheChartExports() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    zeros(repo.dir().resolve("helm/files/exactly-the-limit.bin"), HelmLimits.MAX_FILE);
    repo.commit("A file at the limit");
    assertEquals(3, export(repo, tmp.resolve("ok")), "a file of exactly 5 MiB is within Helm's limit");
    for (int i = 0; i < 20; i++) {
      zeros(repo.dir().resolve("helm/files/part-" + i + ".bin"), HelmLimits.MAX_FILE);
    }
    repo.commit("Too much altogether");
    Path target = tmp.resolve("export");

    ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, target));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("over Helm's limit of 100.0 MiB"), e.getMessage());
    assertFalse(Files.exists(target));
  }
}
