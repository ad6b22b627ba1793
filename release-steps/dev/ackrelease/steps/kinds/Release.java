package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.chart.HelmIgnore;
import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildInfo;
import dev.ackrelease.steps.image.ControllerLayers;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.Builder;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One release as the kinds see it, every input checked and resolved before anything is built
 * or pushed: who and what (service, version, mode), where (the registry and the run's session),
 * what it is built from (the release commit, the platforms, and per kind its plan), how it is signed, and where
 * local files go. Made once per run by publish's first step; read-only afterwards.
 */
public record Release(String service, ReleaseVersion version, boolean stable, boolean dryRun, Registry registry,
    RegistrySession session, List<Platform> platforms, Source source, Optional<ImagePlan> image, ChartPlan chart,
    Supply supply, Files files) {

  /** The commit released, the one the chart is packaged from, and the source URL of the labels, SBOM and provenance. */
  public record Source(Path controllerDir, BuildInfo info, String chartCommit, String url) {}

  /**
   * How the image is built: binaries given, the checked inputs, the resolved base, the build
   * inputs recorded, and the layers of the binaries given, compressing since the checks began.
   */
  public record ImagePlan(Map<Platform, Path> prebuilt, String mainPackage, ImageRelease.Inputs inputs,
      BaseImage base, String baseRef, BuildInputs buildInputs, Optional<Path> ociLayout, Optional<ControllerLayers> layers) {}

  /**
   * How the chart is packaged: from {@code dir} (exported from the commit; absent for plan) with
   * the commit's .helmignore rules the export applied, name, tag, mode, build inputs.
   */
  public record ChartPlan(Optional<Path> dir, HelmIgnore ignore, String name, String tag, PublishChart.Mode mode,
      BuildInputs buildInputs) {}

  /** The supply chain asked for: a signing key, an SBOM without one, and who runs the build (for provenance). */
  public record Supply(Optional<SigningKey> key, boolean sbom, Builder builder) {

    /** Whether the image gets an SBOM: with a key (signed releases always carry one), or when asked. */
    public boolean wantsSbom() {
      return sbom || key.isPresent();
    }
  }

  /** Where the run's files go: its own work directory, the caches, and the packages kept in {@code dist}. */
  public record Files(Path work, Path cacheDir, Path dist) {}

  public String imageName() {
    return ImageRelease.repositoryName(service);
  }

  /** The repository name of {@code kind}'s artifacts: the image's for the image and its SBOM, else the chart's. */
  public String repositoryOf(String kind) {
    return kind.equals("chart") ? chart.name() : imageName();
  }

  /** What the image was built from, for the report and the supply chain: Go, the base as given and its digest. */
  public Map<String, String> buildFacts() {
    Map<String, String> facts = new LinkedHashMap<>();
    image.ifPresent(i -> {
      i.inputs().go().ifPresent(g -> facts.put("goVersion", g.version().toolchainName()));
      facts.put("baseImage", i.baseRef());
      i.base().digest().ifPresent(d -> facts.put("baseImageDigest", d));
    });
    return facts;
  }
}
