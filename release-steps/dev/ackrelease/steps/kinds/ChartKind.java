package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.List;
import java.util.Optional;

/**
 * The Helm chart: packaged reproducibly from {@code helm/} of the release commit (in stable mode
 * at {@code v<MAJOR>-stable}, after checking that the image it names is there), pushed as Helm's
 * OCI artifact under the immutable-tag rule (the stable tag moves on purpose). The package file
 * is kept in {@code dist}.
 */
public final class ChartKind implements ArtifactKind<Release, PublishChart.Prepared> {

  private final Log log;
  private final PublishChart charts;

  public ChartKind(Log log, Retry.Policy retry) {
    this.log = log;
    this.charts = new PublishChart(log, retry);
  }

  @Override
  public String name() {
    return "chart";
  }

  @Override
  public Decision decide(Release r) {
    return BuildInputsDecision.decide(log, r.session(), name(), r.chart().name(), r.chart().tag(), r.chart().buildInputs(),
        r.stable(), r.dryRun());
  }

  /** Packages and checks the chart; nothing is pushed (a chart waits for the image it names). */
  @Override
  public PublishChart.Prepared build(Release r) {
    Release.ChartPlan c = r.chart();
    return charts.prepare(new PublishChart.Request(c.dir().orElseThrow(() -> new IllegalStateException("no chart exported")),
        r.source().info().commitTime(), r.version(), c.mode(), r.session().access(), r.dryRun(), Optional.of(r.files().dist()),
        c.buildInputs(), Optional.of(r.session()), Optional.of(c.ignore())));
  }

  @Override
  public List<PublishedArtifact> push(Release r, PublishChart.Prepared prepared) {
    PublishChart.Result pushed = charts.publish(prepared);
    pushed.packageFile().ifPresent(f -> log.detail("chart package: " + f));
    return List.of(pushed.published().artifact());
  }
}
