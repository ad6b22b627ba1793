package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.supply.Sboms;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.kinds.Release;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The files publish keeps in {@code <cache>/dist} (the chart package; the SBOM of a signed
 * release or with {@code --sbom}), checked against {@link OutputFile}'s rule once the chart is
 * exported and before anything is built or pushed: a link or a device found there stops the run
 * before the image is pushed, not after. A dry run writes neither.
 */
final class DistFiles {

  private DistFiles() {}

  static void require(Release r) {
    if (r.dryRun()) {
      return;
    }
    // The packages stay after the run, beside the caches (written atomically: runs side by side write the same bytes).
    try {
      Files.createDirectories(r.files().dist());
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, r.files().dist());
    }
    r.chart().dir().ifPresent(dir -> PublishChart.packageFile(dir, r.files().dist(), r.chart().tag()).check());
    if (!r.stable() && r.supply().wantsSbom()) {
      Sboms.file(r.files().dist(), r.service(), r.version().plain()).check();
    }
  }
}
