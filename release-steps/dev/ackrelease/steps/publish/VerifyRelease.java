package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.ChartInspector;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.image.ImageLabels;
import dev.ackrelease.steps.image.ImageInspector;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Findings;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.Sboms;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a release back from the registry, through the run's session (what the run already read
 * is not fetched again): the image index has every platform and each config
 * carries the version label (and, when the source is at hand, the revision label names the
 * release's commit); the chart pulls, its Chart.yaml carries the version, and its values image
 * resolves to that index. With a public key: the signatures, the SBOM (one layer, describing the
 * image's binaries by SHA-256) and the provenance (naming the image and the chart). Every
 * problem is collected, then reported in one failure.
 */
public final class VerifyRelease {

  /**
   * What to read back; {@code stable} checks the {@code v<MAJOR>-stable} chart instead of the
   * release chart; {@code revision}: the commit the release's source names (its tag in a clone),
   * which the image's revision label must carry; {@code strict}: warnings (other layers beside a good signature) fail too.
   */
  public record Request(RegistrySession session, String service, ReleaseVersion version, List<Platform> platforms,
      boolean stable, Optional<PublicKey> publicKey, Optional<Source> revision, boolean strict) {

    /** Without signatures or source to check. */
    public Request(RegistrySession session, String service, ReleaseVersion version, List<Platform> platforms, boolean stable) {
      this(session, service, version, platforms, stable, Optional.empty(), Optional.empty(), false);
    }
  }

  /** The release's commit in a clone, and where it was read (for the message). */
  public record Source(String commit, String where) {

    /**
     * The commit of {@code version}'s tag in the clone at {@code dir} (HEAD when the clone has no
     * such tag): what the published image must have been built from.
     */
    public static Source of(Path dir, ReleaseVersion version) {
      try (GitRepo repo = GitRepo.open(dir)) {
        Optional<ReleaseTag> tag = ReleaseTags.find(repo, version);
        return tag.map(t -> new Source(t.commit().name(), "the tag " + version.tag() + " in " + dir))
            .orElseGet(() -> new Source(repo.head().getId().name(), "HEAD of " + dir + " (it has no tag " + version.tag() + ")"));
      }
    }
  }

  /**
   * What was found: the image index digest and the chart manifest digest, and the warnings
   * (signature and attestation layers beside the good ones that the key does not verify or that
   * sign another digest).
   */
  public record Result(String imageDigest, String chartDigest, List<String> warnings) {}

  private final ImageInspector images;
  private final ChartInspector charts;

  private final CosignSignatures signatures;
  private final Provenance provenance;

  private final Log log;

  public VerifyRelease(Log log, Retry.Policy retry) {
    this.log = log;
    this.provenance = new Provenance(log);
    this.signatures = new CosignSignatures(log);
    this.images = new ImageInspector(log, retry);
    this.charts = new ChartInspector(log, retry);
  }

  public Result run(Request r) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String imageName = ImageRelease.repositoryName(r.service());
    String imageRepository = r.session().access().registry().repositoryRef(imageName);
    String version = r.version().plain();

    Optional<String> imageDigest = Optional.empty();
    try {
      ImageInspector.InspectedImage image = images.verify(r.session(), imageName, version, r.platforms(), version);
      imageDigest = Optional.of(image.digest());
      r.revision().ifPresent(source -> problems.addAll(revisionProblems(image, source)));
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
    // With a public key: a signature by it over each digest found (cosign's .sig layout), the
    // SBOM of the image, and provenance naming what the run that published it built.
    if (r.publicKey().isPresent()) {
      PublicKey key = r.publicKey().get();
      String chartRepository = r.session().access().registry().repositoryRef(chartName);
      Optional<Provenance.Subject> imageSubject = imageDigest.map(d -> new Provenance.Subject(imageRepository, d));
      Optional<Provenance.Subject> chartSubject = Optional.ofNullable(chartDigest).map(d -> new Provenance.Subject(chartRepository, d));
      // A release run attests the image and its chart together; a stable run only the stable chart.
      List<Provenance.Subject> release = r.stable() ? List.of() : Stream.of(imageSubject, chartSubject).flatMap(Optional::stream).toList();
      Findings found = Findings.none();
      if (imageDigest.isPresent()) {
        String d = imageDigest.get();
        found = found.and(signatures.verify(r.session(), imageName, d, key))
            .and(provenance.verify(r.session(), imageName, d, key, release))
            .and(new Sboms(log).verify(r.session(), imageName, d, key));
      }
      if (chartDigest != null) {
        found = found.and(signatures.verify(r.session(), chartName, chartDigest, key))
            .and(provenance.verify(r.session(), chartName, chartDigest, key, release));
      }
      problems.addAll(found.problems());
      warnings.addAll(found.warnings());
      warnings.forEach(w -> log.info("warning: " + w));
      if (r.strict() && !warnings.isEmpty()) {
        problems.addAll(warnings.stream().map(w -> w + " (--strict)").toList());
      }
    }
    if (!problems.isEmpty()) {
      throw ReleaseException.verification(String.join(" | ", problems));
    }
    return new Result(imageDigest.orElseThrow(), chartDigest, List.copyOf(warnings));
  }

  /** Each platform's revision label must name the release's commit. */
  private static List<String> revisionProblems(ImageInspector.InspectedImage image, Source source) {
    List<String> problems = new ArrayList<>();
    for (ImageInspector.InspectedPlatform p : image.platforms()) {
      String revision = p.labels().getOrDefault(ImageLabels.REVISION, "");
      if (!revision.equals(source.commit())) {
        problems.add(p.platform() + " of " + image.ref() + " was built from " + (revision.isEmpty() ? "an unknown commit (no "
            + ImageLabels.REVISION + " label)" : "commit " + revision) + " but " + source.where() + " is "
            + source.commit() + ": the registry holds another build of this version (pass --no-source-check to verify"
            + " the registry alone)");
      }
    }
    return problems;
  }
}
