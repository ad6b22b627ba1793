package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Step 5 of publish: package the chart of the working tree and push it. A release pushes
 * {@code <chart>:<version>} (immutable). Stable mode packages with chart version
 * {@code v<MAJOR>-stable} (in the package only), first checks that the image the chart deploys
 * exists (exit 5 if not), and pushes the movable {@code <chart>:v<MAJOR>-stable}.
 */
public final class PublishChart {

  public enum Mode { RELEASE, STABLE }

  /**
   * The chart directory ({@code helm/}), the commit time stamped on the package and manifest, the
   * release version (for stable: the newest release tag), where to push, and where to also write
   * the .tgz (optional; not written in a dry run); the chart's .helmignore rules when its export
   * read them ({@link ChartPackager.Request#ignore}).
   */
  public record Request(Path chartDir, Instant commitTime, ReleaseVersion release, Mode mode, RegistryAccess access,
      boolean dryRun, Optional<Path> outputDir, BuildInputs buildInputs, Optional<RegistrySession> session,
      Optional<HelmIgnore> ignore) {
    public Request {
      outputDir = outputDir == null ? Optional.empty() : outputDir;
      ignore = ignore == null ? Optional.empty() : ignore;
    }

    /** Without build inputs recorded. */
    public Request(Path chartDir, Instant commitTime, ReleaseVersion release, Mode mode, RegistryAccess access,
        boolean dryRun, Optional<Path> outputDir) {
      this(chartDir, commitTime, release, mode, access, dryRun, outputDir, null, Optional.empty(), Optional.empty());
    }
  }

  /**
   * The packager's format, part of the build inputs: bumped whenever the same tree and time
   * would package other bytes (2: Helm's tar and gzip headers), so a re-run never takes a chart
   * packaged the old way for "already published". A test pins what each format packages.
   */
  public static final String INPUTS_FORMAT = "ack-release/chart-inputs/2";

  /**
   * Everything the published chart is made from: the tree of {@code helm/} in the commit it is
   * packaged from, the commit time stamped on it, the release, the mode (and so the chart
   * version), and the packager's format. Its digest is recorded on the chart manifest.
   */
  public static BuildInputs buildInputs(String helmTree, Instant commitTime, ReleaseVersion release, Mode mode) {
    Map<String, Object> d = new TreeMap<>();
    d.put("format", INPUTS_FORMAT);
    d.put("helmTree", helmTree);
    d.put("commitTime", commitTime.toString());
    d.put("release", release.plain());
    d.put("mode", mode.name().toLowerCase(Locale.ROOT));
    d.put("chartVersion", mode == Mode.STABLE ? release.stableChartVersion() : release.plain());
    return BuildInputs.of(d);
  }

  /** The package, the push outcome, the .tgz file if one was written, and the image checked in stable mode. */
  public record Result(PackagedChart chart, ChartPublisher.Result published, Optional<Path> packageFile,
      Optional<String> checkedImageDigest) {}

  private final ChartPackager packager;
  private final ChartPublisher publisher;
  private final ChartInspector inspector;

  public PublishChart(Log log, Retry.Policy retry) {
    this.packager = new ChartPackager(log);
    this.publisher = new ChartPublisher(log, retry);
    this.inspector = new ChartInspector(log, retry);
  }

  public Result run(Request request) {
    return publish(prepare(request));
  }

  /** A packaged chart and the push that publishes it, checked and ready; nothing is pushed yet. */
  public record Prepared(PackagedChart chart, ChartPublisher.Request push, Optional<Path> packageFile,
      Optional<String> checkedImageDigest) {}

  /** Packages and checks the chart (in stable mode, that the image it names exists); pushes nothing. */
  public Prepared prepare(Request request) {
    boolean stable = request.mode() == Mode.STABLE;
    Optional<String> version = stable ? Optional.of(request.release().stableChartVersion()) : Optional.empty();
    PackagedChart chart = packager.pack(new ChartPackager.Request(request.chartDir(), request.commitTime(), version,
        request.ignore()));
    if (!stable && !chart.version().equals(request.release().plain())) {
      throw ReleaseException.verification(request.chartDir().resolve("Chart.yaml") + " has version " + chart.version()
          + ", not the release " + request.release().plain() + ": run ack-release tag to update the release artifacts");
    }
    Optional<Path> file = request.dryRun() ? Optional.empty() : request.outputDir().map(chart::writeTo);
    Optional<String> imageDigest = Optional.empty();
    ChartPublisher.Request push;
    if (stable) {
      ChartImage image = ChartArchive.read(chart.tgz(), chart.fileName()).image(chart.fileName());
      imageDigest = Optional.of(inspector.requireImage(request.access(), image, chart.fileName()));
      push = ChartPublisher.Request.stable(request.access(), chart, request.dryRun());
    } else {
      push = ChartPublisher.Request.release(request.access(), chart, request.dryRun());
    }
    if (request.buildInputs() != null) {
      push = push.withBuildInputs(request.buildInputs().digest());
    }
    if (request.session().isPresent()) {
      push = push.withSession(request.session().get());
    }
    return new Prepared(chart, push, file, imageDigest);
  }

  /**
   * The package file {@link #prepare} writes into {@code outputDir} for the chart in {@code
   * chartDir} at {@code chartVersion}, so a caller can check it before anything is pushed.
   */
  public static OutputFile packageFile(Path chartDir, Path outputDir, String chartVersion) {
    String name = ChartMetadata.parse(ChartSource.read(chartDir, "Chart.yaml"), chartDir.resolve("Chart.yaml").toString()).name();
    return PackagedChart.file(outputDir, name, chartVersion);
  }

  /** Pushes a prepared chart under the immutable-tag rule. */
  public Result publish(Prepared prepared) {
    return new Result(prepared.chart(), publisher.publish(prepared.push()), prepared.packageFile(), prepared.checkedImageDigest());
  }
}
