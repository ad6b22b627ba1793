package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symlinks and submodules under a chart's .helmignore, against real Helm (helm-java) on a
 * checkout of the same commit ack-release packages from its tree. Helm's walk is helm/helm
 * internal/sympath/walk.go {@code symwalk} feeding pkg/chart/v2/loader/directory.go
 * {@code LoadDir}'s walk function, which consults pkg/ignore/rules.go {@code Rules.Ignore}
 * before it looks at a file's type. Each test names the upstream function its rule follows;
 * where ack-release keeps a stricter refusal on purpose the test says so and why.
 */
class HelmIgnoreLinksConformanceTest {

  private static final String THEN = CommitExport.RELEASE_A_NEW_VERSION;

  @TempDir Path tmp;

  /**
   * helm/helm pkg/chart/v2/loader/directory.go LoadDir: an ignored directory returns
   * {@code filepath.SkipDir} and internal/sympath/walk.go symwalk never lists it, so nothing
   * under it is looked at: not a link out of the repo, not one that resolves to nothing, not a
   * submodule. The package is the one of the same chart without that directory, byte for byte.
   */
  @Test
  void anIgnoredDirectoryIsSkippedWithWhateverItHolds() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "vendor/\n");
    repo.write("helm/vendor/kept-out.txt", "x\n");
    repo.commit("A .helmignore");
    byte[] without = ours(repo);

    link(repo, "helm/vendor/out", tmp.resolve("outside.txt").toString());
    Files.writeString(tmp.resolve("outside.txt"), "outside the repo\n");
    link(repo, "helm/vendor/gone", "no-such-file");
    repo.git("add", "helm");
    submodule(repo, "helm/vendor/sub");
    commit(repo, "Links and a submodule under an ignored directory");
    Files.writeString(Files.createDirectories(repo.dir().resolve("helm/vendor/sub")).resolve("README.md"), "checked out\n");

    assertEquals(helmFiles(repo), files(ours(repo)), "the files helm package keeps");
    assertArrayEquals(without, ours(repo), "the same package as without the links");
  }

  /**
   * helm/helm internal/sympath/walk.go symwalk: a symlink is resolved ({@code EvalSymlinks},
   * {@code os.Lstat}) and LoadDir's walk is handed the target's type, then skips what
   * {@code Rules.Ignore} ignores before it reads anything: a link ignored by name, one to a
   * directory ignored by a rule for directories (it is a directory to Helm), one out of the repo
   * ignored whatever it points at.
   */
  @Test
  void anIgnoredSymlinkIsSkippedAsHelmSkipsItsTarget() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("docs/guide.md", "# guide\n");
    repo.write("helm/.helmignore", "*.link\ndocs/\nhost\n");
    repo.commit("A .helmignore");
    byte[] without = ours(repo);

    link(repo, "helm/go.link", "../go.mod");
    link(repo, "helm/docs", "../docs");
    Files.writeString(tmp.resolve("hostname"), "outside the repo\n");
    link(repo, "helm/host", tmp.resolve("hostname").toString());
    repo.git("add", "helm");
    commit(repo, "Ignored links");

    assertEquals(helmFiles(repo), files(ours(repo)), "the files helm package keeps");
    assertArrayEquals(without, ours(repo), "the same package as without the links");
  }

  /**
   * helm/helm internal/sympath/walk.go symwalk: {@code filepath.EvalSymlinks} runs before
   * LoadDir's walk consults .helmignore, so a link that resolves to nothing (a missing target, a
   * loop) fails helm package ignored or not ("error evaluating symlink"); ack-release refuses it
   * (exit 3), deciding from the commit alone.
   */
  @Test
  void anIgnoredSymlinkThatResolvesToNothingIsRefusedAsHelmFailsOnIt() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "*.link\n");
    repo.commit("A .helmignore");
    link(repo, "helm/gone.link", "missing.txt");
    repo.git("add", "helm");
    assertRefusedAsHelmFails(repo, "gone.link", commit(repo, "A link to nothing"));

    repo.git("rm", "-q", "helm/gone.link");
    link(repo, "helm/a.link", "b.link");
    link(repo, "helm/b.link", "a.link");
    repo.git("add", "helm");
    assertRefusedAsHelmFails(repo, "a.link", commit(repo, "A loop"));
  }

  private void assertRefusedAsHelmFails(GitFixture repo, String link, String commit) {
    Exception helm = assertThrows(Exception.class, () -> helmFiles(repo));
    assertTrue(String.valueOf(helm.getMessage()).contains("error evaluating symlink"), String.valueOf(helm.getMessage()));
    ReleaseException e = assertThrows(ReleaseException.class, () -> ours(repo));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertEquals("helm/" + link + " in commit " + commit + " is a symlink that resolves to nothing in the commit, which helm package"
        + " fails on even though .helmignore ignores it (error evaluating symlink): remove it, commit, " + THEN, e.getMessage());
  }

  /**
   * helm/helm pkg/chart/v2/loader/directory.go LoadDir on a checkout: a submodule is a
   * directory there, so a rule for directories ignores it and {@code filepath.SkipDir} skips its
   * checkout; ack-release skips the gitlink.
   */
  @Test
  void anIgnoredSubmoduleIsSkippedAsTheDirectoryHelmSees() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "sub/\n");
    repo.commit("A .helmignore");
    byte[] without = ours(repo);
    submodule(repo, "helm/sub");
    commit(repo, "A submodule");
    Files.writeString(Files.createDirectories(repo.dir().resolve("helm/sub")).resolve("README.md"), "checked out\n");

    assertEquals(helmFiles(repo), files(ours(repo)), "the files helm package keeps");
    assertArrayEquals(without, ours(repo), "the same package as without the submodule");
  }

  /**
   * Where ack-release stays stricter than Helm, on purpose. helm/helm internal/sympath/walk.go
   * symwalk follows a link .helmignore does not ignore and packages what it points at (logging
   * that "symlinks can be used for nefarious reasons"); LoadDir reads a submodule's checkout.
   * Neither is a function of the commit (the target may be outside the repo, a checkout with
   * {@code core.symlinks=false} holds the link's text, a submodule may not be checked out), so
   * ack-release refuses both (exit 3). A link out of the repo ignored only by a rule for
   * directories is refused too: its type is the machine's, never looked at.
   */
  @Test
  void aSymlinkOrSubmoduleHelmWouldReadIsRefused() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.write("helm/.helmignore", "cache/\nconf/\n"); // conf/ ignores a directory, and conf is a link to a file
    repo.commit("A .helmignore");
    link(repo, "helm/conf", "../go.mod");
    repo.git("add", "helm");
    String commit = commit(repo, "A link helm follows");
    assertEquals(Files.readString(repo.dir().resolve("go.mod")), helmFiles(repo).get("s3-chart/conf"), "helm follows it");
    assertEquals("helm/conf in commit " + commit + " is a symlink: a chart ships only committed files; replace it with the file"
        + " itself, commit, " + THEN, assertThrows(ReleaseException.class, () -> ours(repo)).getMessage());

    repo.git("rm", "-q", "helm/conf");
    submodule(repo, "helm/lib");
    commit = commit(repo, "A submodule helm reads");
    Files.writeString(Files.createDirectories(repo.dir().resolve("helm/lib")).resolve("README.md"), "checked out\n");
    assertTrue(helmFiles(repo).containsKey("s3-chart/lib/README.md"), "helm reads the checkout");
    assertTrue(assertThrows(ReleaseException.class, () -> ours(repo)).getMessage().startsWith("helm/lib in commit " + commit
        + " is a submodule: "));

    repo.git("rm", "-q", "--cached", "helm/lib");
    Files.delete(repo.dir().resolve("helm/lib/README.md"));
    Files.delete(repo.dir().resolve("helm/lib"));
    Files.createDirectories(tmp.resolve("outside-dir"));
    link(repo, "helm/cache", tmp.resolve("outside-dir").toString());
    repo.git("add", "helm/cache");
    commit = commit(repo, "A link out of the repo");
    assertTrue(helmFiles(repo).keySet().stream().noneMatch(f -> f.contains("cache")), "helm finds a directory there, and skips it");
    assertTrue(assertThrows(ReleaseException.class, () -> ours(repo)).getMessage().startsWith("helm/cache in commit " + commit
        + " is a symlink to a path outside the commit, so whether"));
  }

  /** Commits the index with the git CLI; the new commit's abbreviated id, as messages name it. */
  private static String commit(GitFixture repo, String message) {
    repo.git("commit", "-q", "-m", message);
    return repo.head().substring(0, 12);
  }

  private static void link(GitFixture repo, String path, String target) throws Exception {
    Path at = repo.dir().resolve(path);
    Files.createDirectories(at.getParent());
    Files.createSymbolicLink(at, Path.of(target));
  }

  /** A gitlink at {@code path} in the index (a submodule's commit; the submodule itself is not needed). */
  private static void submodule(GitFixture repo, String path) {
    repo.git("update-index", "--add", "--cacheinfo", "160000," + repo.head() + "," + path);
  }

  /** ack-release's package of HEAD: its helm/ exported from the commit, then packaged with the commit's rules. */
  private byte[] ours(GitFixture repo) {
    Path target = tmp.resolve("export/helm");
    try (GitRepo git = GitRepo.open(repo.dir())) {
      CommittedChart.Exported exported = CommittedChart.export(git, git.head().getId(), "helm", Optional.of(target), "helm/", THEN);
      return new ChartPackager(Log.NONE).pack(new ChartPackager.Request(target, Instant.EPOCH, Optional.empty(),
          Optional.of(exported.ignore()))).tgz();
    }
  }

  /** {@code helm package} of the checkout's helm/: its {@link #files}. */
  private Map<String, String> helmFiles(GitFixture repo) throws Exception {
    Path dest = Files.createDirectories(tmp.resolve("helm-out"));
    new Helm(repo.dir().resolve("helm")).packageIt().withDestination(dest).call();
    Path tgz = dest.resolve("s3-chart-1.0.0.tgz");
    byte[] bytes = Files.readAllBytes(tgz);
    Files.delete(tgz);
    return files(bytes);
  }

  /**
   * Each file's bytes (as ISO-8859-1 text) by name, but Chart.yaml's: helm-java's Helm 3 writes
   * it anew from its metadata (yaml.Marshal), where ack-release keeps the committed file.
   */
  private static Map<String, String> files(byte[] tgz) {
    Map<String, String> files = new TreeMap<>();
    TarGz.read(tgz).files().forEach((name, data) -> files.put(name, name.endsWith("/Chart.yaml") ? ""
        : new String(data, StandardCharsets.ISO_8859_1)));
    return files;
  }
}
