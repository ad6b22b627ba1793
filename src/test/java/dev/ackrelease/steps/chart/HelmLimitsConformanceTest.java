package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size limit against real Helm (helm-java): helm/helm pkg/chart/v2/loader/directory.go
 * {@code LoadDir} skips what {@code rules.Ignore} ignores (pkg/ignore/rules.go, the chart's
 * .helmignore) before it refuses a file over {@code archive.MaxDecompressedFileSize}, so
 * {@code helm package} takes a chart whose 6 MiB file is ignored and fails on one that is not.
 * {@link CommittedChart} decides the same for the same chart committed.
 */
class HelmLimitsConformanceTest {

  @TempDir Path tmp;

  @Test
  void aLargeFileIsRefusedExactlyWhenHelmPackageRefusesIt() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "docs/\n");
    HelmLimitsTest.zeros(repo.dir().resolve("helm/docs/big.bin"), 6L << 20);
    repo.commit("A large file .helmignore ignores");

    helmPackage(repo.dir().resolve("helm"), "ignored");
    assertEquals(3, check(repo), "Chart.yaml, values.yaml, .helmignore");

    repo.write("helm/.helmignore", "# docs/ no longer ignored\n");
    repo.commit("Not ignored any more");

    Exception helm = assertThrows(Exception.class, () -> helmPackage(repo.dir().resolve("helm"), "not-ignored"));
    assertTrue(String.valueOf(helm.getMessage()).contains("chart file \"big.bin\" is larger than the maximum file size 5242880"),
        String.valueOf(helm.getMessage()));
    ReleaseException ours = assertThrows(ReleaseException.class, () -> check(repo));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, ours.kind());
    assertTrue(ours.getMessage().startsWith("chart file helm/docs/big.bin is 6.0 MiB, over Helm's limit"), ours.getMessage());
  }

  private static int check(GitFixture repo) {
    try (GitRepo git = GitRepo.open(repo.dir())) {
      return CommittedChart.export(git, git.head().getId(), "helm", Optional.empty(), "helm/", CommitExport.RELEASE_A_NEW_VERSION)
          .files();
    }
  }

  private void helmPackage(Path chart, String out) throws Exception {
    new Helm(chart).packageIt().withDestination(Files.createDirectories(tmp.resolve(out))).call();
  }
}
