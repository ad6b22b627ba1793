package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.supply.Sboms;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;

/**
 * The files publish keeps in {@code <cache>/dist} (the chart package; the SBOM of a signed
 * release or with {@code --sbom}), checked against {@link OutputFile}'s rule once the chart is
 * exported and before anything is built or pushed: a link or a device found there stops the run
 * before the image is pushed, not after. A dry run writes neither.
 */
final class DistFiles {

  private DistFiles() {}

  static void require(PublishRelease.Request r, Path dist, Path chartDir, String chartVersion, String service,
      ReleaseVersion version, boolean stable) {
    if (r.dryRun()) {
      return;
    }
    PublishChart.packageFile(chartDir, dist, chartVersion).check();
    if (!stable && (r.sbom() || r.signKey().isPresent())) {
      Sboms.file(dist, service, version.plain()).check();
    }
  }
}
