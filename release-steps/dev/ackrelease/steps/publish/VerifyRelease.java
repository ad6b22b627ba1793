package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.ChartInspector;
import dev.ackrelease.steps.image.ImageInspector;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a release back from the registry, through the run's session (what the run already read
 * is not fetched again): the image index has every platform and each config
 * carries the version label; the chart pulls, its Chart.yaml carries the version, and its values
 * image resolves to that index. Every problem is collected, then reported in one failure.
 */
public final class VerifyRelease {

  /** What to read back; {@code stable} checks the {@code v<MAJOR>-stable} chart instead of the release chart. */
  public record Request(RegistrySession session, String service, ReleaseVersion version, List<Platform> platforms,
      boolean stable, Optional<java.security.PublicKey> publicKey) {

    /** Without signatures to check. */
    public Request(RegistrySession session, String service, ReleaseVersion version, List<Platform> platforms, boolean stable) {
      this(session, service, version, platforms, stable, Optional.empty());
    }
  }

  /** What was found: the image index digest and the chart manifest digest. */
  public record Result(String imageDigest, String chartDigest) {}

  private final ImageInspector images;
  private final ChartInspector charts;

  private final dev.ackrelease.steps.supply.CosignSignatures signatures;
  private final dev.ackrelease.steps.supply.Provenance provenance;

  private final Log log;

  public VerifyRelease(Log log, Retry.Policy retry) {
    this.log = log;
    this.provenance = new dev.ackrelease.steps.supply.Provenance(log);
    this.signatures = new dev.ackrelease.steps.supply.CosignSignatures(log);
    this.images = new ImageInspector(log, retry);
    this.charts = new ChartInspector(log, retry);
  }

  public Result run(Request r) {
    List<String> problems = new ArrayList<>();
    String imageName = ImageRelease.repositoryName(r.service());
    String imageRepository = r.session().access().registry().repositoryRef(imageName);
    String version = r.version().plain();

    Optional<String> imageDigest = Optional.empty();
    try {
      imageDigest = Optional.of(images.verify(r.session(), imageName, version, r.platforms(), version).digest());
    } catch (ReleaseException e) {
      if (e.kind() != ReleaseException.Kind.VERIFICATION) {
        throw e;
      }
      problems.add(e.getMessage());
    }

    String chartName = r.service() + "-chart";
    ChartInspector.Expectation expected = r.stable()
        ? ChartInspector.Expectation.stable(chartName, r.version().stableChartVersion(), version, imageRepository, imageDigest)
        : ChartInspector.Expectation.release(chartName, version, imageRepository, imageDigest);
    String chartDigest = null;
    try {
      chartDigest = charts.verify(r.session(), expected).manifestDigest();
    } catch (ReleaseException e) {
      if (e.kind() != ReleaseException.Kind.VERIFICATION) {
        throw e;
      }
      problems.add(e.getMessage());
    }
    // With a public key: a signature by it over each digest found (cosign's .sig layout).
    if (r.publicKey().isPresent()) {
      imageDigest.ifPresent(d -> problems.addAll(signatures.verify(r.session(), imageName, d, r.publicKey().get())));
      imageDigest.ifPresent(d -> problems.addAll(provenance.verify(r.session(), imageName, d, r.publicKey().get())));
      imageDigest.ifPresent(d -> problems.addAll(new dev.ackrelease.steps.supply.Sboms(log).verify(r.session(), imageName, d,
          r.publicKey().get())));
      if (chartDigest != null) {
        problems.addAll(signatures.verify(r.session(), chartName, chartDigest, r.publicKey().get()));
        problems.addAll(provenance.verify(r.session(), chartName, chartDigest, r.publicKey().get()));
      }
    }
    if (!problems.isEmpty()) {
      throw ReleaseException.verification(String.join(" | ", problems));
    }
    return new Result(imageDigest.orElseThrow(), chartDigest);
  }
}
