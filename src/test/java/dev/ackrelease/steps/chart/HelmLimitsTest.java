package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's own chart limits (helm/helm pkg/chart/loader/archive/archive.go MaxDecompressedFileSize
 * and MaxDecompressedChartSize) are applied to helm/ of the release commit from the object
 * database, before any blob is read: a chart Helm would refuse to install is exit 2 and nothing
 * is exported (a 300 MB file was JGit's LargeObjectException, exit 1). What the commit's
 * .helmignore ignores does not count and is not exported, as pkg/chart/v2/loader/directory.go
 * LoadDir skips it before its size check (HelmLimitsConformanceTest runs real Helm on it).
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
      return CommittedChart.export(git, git.head().getId(), "helm", Optional.of(target), "helm/", CommitExport.RELEASE_A_NEW_VERSION)
          .files();
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
    assertTrue(e.getMessage().contains("helm/files/big.bin is 5242881 bytes, over Helm's limit of 5242880 bytes per file"),
        e.getMessage());
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

    // What the .helmignore leaves out of the package does not count towards the limit.
    repo.write("helm/.helmignore", "part-1[89].bin\n");
    repo.commit("Two parts left out");
    assertEquals(22, export(repo, target), "exactly-the-limit.bin, 18 parts, Chart.yaml, values.yaml, .helmignore");
  }

  /**
   * A file over 5 MiB that the commit's .helmignore ignores (a directory rule, a file rule,
   * Helm's default templates/.?*) is neither checked nor exported; the rest is.
   */
  /** Sizes that read the same in MiB to a tenth are given in bytes; others in MiB. */
  @Test
  void aSizeAndItsLimitNeverReadTheSame() {
    assertEquals(List.of("5242881 bytes", "5242880 bytes"), List.of(HelmLimits.sizes(HelmLimits.MAX_FILE + 1, HelmLimits.MAX_FILE)));
    assertEquals(List.of("5.1 MiB", "5.0 MiB"), List.of(HelmLimits.sizes(HelmLimits.MAX_FILE + 100_000, HelmLimits.MAX_FILE)));
    ReleaseException e = assertThrows(ReleaseException.class, () -> HelmLimits.requireChart("helm/", HelmLimits.MAX_CHART + 1));
    assertEquals("the chart helm/ holds 104857601 bytes of files, over Helm's limit of 104857600 bytes (helm install would refuse"
        + " it): keep large files out of helm/", e.getMessage());
  }

  @Test
  void whatTheHelmignoreIgnoresIsNeitherCheckedNorExported() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "docs/\n*.iso\n");
    zeros(repo.dir().resolve("helm/docs/big.bin"), HelmLimits.MAX_FILE + 1);
    zeros(repo.dir().resolve("helm/files/image.iso"), HelmLimits.MAX_FILE + 1);
    zeros(repo.dir().resolve("helm/templates/.cache"), HelmLimits.MAX_FILE + 1);
    repo.write("helm/files/kept.txt", "kept\n");
    repo.commit("Large files Helm ignores");
    Path target = tmp.resolve("export");

    assertEquals(4, export(repo, target), "Chart.yaml, values.yaml, .helmignore, files/kept.txt");

    assertTrue(Files.isRegularFile(target.resolve("files/kept.txt")));
    assertTrue(Files.isRegularFile(target.resolve(".helmignore")));
    for (String ignored : List.of("docs", "files/image.iso", "templates/.cache")) {
      assertFalse(Files.exists(target.resolve(ignored)), ignored + " is not exported");
    }
  }

  /** Files the .helmignore does not ignore are checked as before: a 6 MiB file beside an ignored one is exit 2. */
  @Test
  void aFileTheHelmignoreDoesNotIgnoreIsStillRefused() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "docs/\n");
    zeros(repo.dir().resolve("helm/docs/big.bin"), HelmLimits.MAX_FILE + 1);
    zeros(repo.dir().resolve("helm/files/docs.bin"), 6L << 20);
    repo.commit("One ignored, one not");
    Path target = tmp.resolve("export");

    ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, target));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("chart file helm/files/docs.bin is 6.0 MiB, over Helm's limit"), e.getMessage());
    assertFalse(Files.exists(target), "nothing exported");
  }

  /** The .helmignore that decides is the commit's: one only in the work tree ignores nothing, one changed there changes nothing. */
  @Test
  void theHelmignoreIsTheCommitsNotTheWorkTrees() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    zeros(repo.dir().resolve("helm/docs/big.bin"), HelmLimits.MAX_FILE + 1);
    repo.commit("A large file");
    repo.write("helm/.helmignore", "docs/\n"); // not committed
    ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, tmp.resolve("a")));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());

    repo.commit("Ignore it");
    repo.write("helm/.helmignore", "# nothing ignored\n"); // not committed
    assertEquals(3, export(repo, tmp.resolve("b")));
    assertEquals("docs/\n", Files.readString(tmp.resolve("b/.helmignore")), "the commit's .helmignore is exported");
  }

  /**
   * A .helmignore Helm cannot read fails helm package: each is exit 2 naming it (a directory, a
   * malformed rule, a line of 64 KiB, a file over 5 MiB read from the object database without
   * loading it), a symlink exit 3 as any other; a rule built for a backtracking matcher answers
   * at once. None is exit 1.
   */
  @Test
  void aHostileHelmignoreIsRefusedNeverABug() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    Path target = tmp.resolve("export");
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("[\n", "rule '[' is not a valid glob");
    invalid.put("*.a\n" + "b".repeat(70_000) + "\n", "line 2 is 64 KiB or longer");
    invalid.put("x".repeat((int) HelmLimits.MAX_FILE + 1), "chart file helm/.helmignore is");
    for (Map.Entry<String, String> rules : invalid.entrySet()) {
      repo.write("helm/.helmignore", rules.getKey());
      RevCommit c = repo.commit("A .helmignore Helm cannot read");
      ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, target));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
      String where = rules.getValue().startsWith("chart file") ? "" : "helm/.helmignore of commit " + c.abbreviate(12).name() + ": ";
      assertTrue(e.getMessage().startsWith(where + rules.getValue()), e.getMessage());
    }

    Files.delete(repo.dir().resolve("helm/.helmignore"));
    repo.write("helm/.helmignore/rules", "docs/\n");
    RevCommit dir = repo.commit("A directory named .helmignore");
    ReleaseException e = assertThrows(ReleaseException.class, () -> export(repo, target));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("helm/.helmignore of commit " + dir.abbreviate(12).name() + " is a directory, which helm package cannot read as its"
        + " ignore file: remove it, commit, and release a new version", e.getMessage());

    repo.git("rm", "-q", "-r", "helm/.helmignore");
    Files.createSymbolicLink(repo.dir().resolve("helm/.helmignore"), Path.of("../go.mod"));
    repo.git("add", "helm");
    repo.git("commit", "-q", "-m", "link");
    e = assertThrows(ReleaseException.class, () -> export(repo, target));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().startsWith("helm/.helmignore in commit "), e.getMessage());

    repo.git("rm", "-q", "helm/.helmignore");
    repo.write("helm/.helmignore", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n");
    repo.write("helm/files/" + "a".repeat(200), "x\n");
    repo.commit("A rule to backtrack on");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(4, export(repo, target)));
  }
}
