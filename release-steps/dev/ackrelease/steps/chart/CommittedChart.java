package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A chart directory of a commit checked against Helm's limits as Helm applies them, and
 * exported: helm/helm pkg/chart/v2/loader/directory.go {@code LoadDir} reads the chart's
 * {@code .helmignore}, skips what it ignores (an ignored directory with all under it) and only
 * then refuses a file over {@code MaxDecompressedFileSize}; {@code helm package} never packs an
 * ignored file, so the {@code MaxDecompressedChartSize} that {@code helm install} applies to the
 * package never counts it. The {@code .helmignore} is the one of the same commit, never the work
 * tree's. What it ignores is neither checked nor exported, a symlink or submodule included when
 * Helm would skip it on a checkout (CommitExport's {@code TreeLinks}: a link by its target's type
 * in the commit, never followed); every other file is checked as before.
 */
public final class CommittedChart {

  private CommittedChart() {}

  /**
   * What an export kept: the number of files, and the {@code .helmignore} rules it applied, read
   * from the commit once, for the packaging of the exported tree ({@link ChartPackager.Request#ignore}).
   */
  public record Exported(int files, HelmIgnore ignore) {}

  /**
   * Checks {@code dir} of {@code commit} ({@code ""} for the repository's root) and writes what
   * Helm would read of it to {@code target}, or with no target only checks it, writing nothing.
   * {@code chart} names the chart in the total's message ("helm/"); a refused entry's fix ends
   * with {@code then}, as {@link CommitExport#tree}'s. A {@code .helmignore} Helm cannot read (a
   * directory, a malformed rule, a line of 64 KiB) is exit 2, as {@code helm package} fails on
   * it. Returns the number of files kept and the rules applied.
   */
  public static Exported export(GitRepo repo, ObjectId commit, String dir, Optional<Path> target, String chart, String then) {
    String file = dir.isEmpty() ? HelmIgnore.FILE_NAME : dir + "/" + HelmIgnore.FILE_NAME;
    String source = file + " of commit " + commit.abbreviate(12).name();
    byte[] rules = CommitExport.file(repo, commit, file, HelmLimits::requireFile, () -> ReleaseException.invalidInput(source
        + " is a directory, which helm package cannot read as its ignore file: remove it, commit, " + then), then).orElse(new byte[0]);
    HelmIgnore ignore = HelmIgnore.parse(rules, source);
    int files = CommitExport.tree(repo, commit, dir, target,
        new CommitExport.Checks(ignore::ignores, HelmLimits::requireFile, total -> HelmLimits.requireChart(chart, total)), then);
    return new Exported(files, ignore);
  }
}
