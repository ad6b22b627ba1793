package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.graph.Graph;
import dev.ackrelease.steps.graph.Results;
import dev.ackrelease.steps.graph.Step;
import dev.ackrelease.steps.image.BuiltImage;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.kinds.ArtifactKind;
import dev.ackrelease.steps.kinds.ChartKind;
import dev.ackrelease.steps.kinds.Decision;
import dev.ackrelease.steps.kinds.GitHubReleaseKind;
import dev.ackrelease.steps.kinds.ImageKind;
import dev.ackrelease.steps.kinds.Ledger;
import dev.ackrelease.steps.kinds.ProvenanceKind;
import dev.ackrelease.steps.kinds.Release;
import dev.ackrelease.steps.kinds.SbomKind;
import dev.ackrelease.steps.kinds.SignatureKind;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The publish graph of a mode, the one place that knows the order (as Jib's StepsRunner): what
 * each kind needs and what waits for what. Every graph starts with {@code check-inputs}; then
 * <ul>
 *   <li>{@link #plan}: each kind's decision, and no more;</li>
 *   <li>{@link #release}: image and chart side by side (the chart is packaged while the image
 *       builds), the chart pushed only after the image (a chart never names a missing image),
 *       then the SBOM, the signatures and the attestations, and the read-back last;</li>
 *   <li>{@link #stable}: the {@code v<MAJOR>-stable} chart alone, then its signature, its
 *       attestation and the read-back;</li>
 *   <li>a dry run is the same graph with every push replaced by a "would" step and no read-back.</li>
 * </ul>
 * Which supply-chain steps are there follows the request (an SBOM with a key or {@code --sbom},
 * signatures and provenance with a key), so the shape is known before anything runs.
 */
final class PublishGraph {

  /** What the graph's steps need from outside: the checked release (the first step's value) and the ledger. */
  record Wiring(Supplier<Release> check, Ledger ledger, boolean dryRun, boolean verify, boolean sbom, boolean sign,
      boolean ociLayout, Verify verifier) {}

  /** The read-back at the end; its warnings go to the report. */
  interface Verify {
    List<String> run(Release r);
  }

  private final ImageKind image;
  private final ChartKind chart;
  private final SbomKind sbom;
  private final SignatureKind signatures;
  private final ProvenanceKind provenance;
  private final Log log;
  private Optional<GitHubReleaseKind> github = Optional.empty();

  PublishGraph(Log log, Retry.Policy retry) {
    this.log = log;
    this.image = new ImageKind(log, retry);
    this.chart = new ChartKind(log, retry);
    this.sbom = new SbomKind(log);
    this.signatures = new SignatureKind(log);
    this.provenance = new ProvenanceKind(log);
  }

  /** A release also makes the tag's GitHub release, the last step before the read-back. */
  PublishGraph withGitHubRelease(GitHubReleaseKind kind) {
    this.github = Optional.of(kind);
    return this;
  }

  /** {@code plan}: what publish would do with each artifact, from one read of each tag; nothing is built. */
  Graph plan(Wiring w, boolean stable) {
    Graph g = new Graph();
    Step<Release> release = g.add("check-inputs", r -> w.check().get());
    if (!stable) {
      g.add("decide-image", List.of(release), r -> record(w, image.decide(r.get(release)).rows()));
    }
    g.add("decide-chart", List.of(release), r -> record(w, chart.decide(r.get(release)).rows()));
    return g;
  }

  /** {@code publish} in release mode (or its dry run). */
  Graph release(Wiring w) {
    Graph g = new Graph();
    Step<Release> release = g.add("check-inputs", r -> w.check().get());
    Step<Decision> decideImage = g.add("decide-image", List.of(release), r -> image.decide(r.get(release)));
    Step<Decision> decideChart = g.add("decide-chart", List.of(release), r -> chart.decide(r.get(release)));
    Step<Optional<Map<Platform, Path>>> binaries = g.add("build-binaries", List.of(release, decideImage),
        r -> r.get(decideImage).build() ? Optional.of(image.binaries(r.get(release))) : Optional.empty());
    Step<Optional<BuiltImage>> built = g.add("build-image", List.of(binaries),
        r -> r.get(binaries).map(b -> image.image(r.get(release), b, r.get(decideImage))));
    List<Step<?>> beforeImagePush = new ArrayList<>(List.of(built));
    if (w.ociLayout()) {
      beforeImagePush.add(g.add("write-oci-layout", List.of(built), r -> {
        Path to = r.get(release).image().orElseThrow().ociLayout().orElseThrow();
        r.get(built).ifPresentOrElse(i -> log.info("image layout: " + i.exportTo(to)),
            () -> log.info("nothing built, so no image layout written to " + to));
        return to;
      }));
    }
    Step<List<PublishedArtifact>> pushImage = g.add(push(w, "image"), beforeImagePush,
        r -> record(w, r.get(built).map(i -> image.push(r.get(release), new ImageKind.Built(r.get(binaries).orElseThrow(), i)))
            .orElseGet(() -> r.get(decideImage).rows())));
    Step<List<PublishedArtifact>> pushChart = chartSteps(g, w, release, decideChart, List.of(pushImage));
    List<Step<List<PublishedArtifact>>> signed = new ArrayList<>(List.of(pushImage, pushChart));
    if (w.sbom() || w.sign()) {
      Step<SbomKind.Input> sbomInput = g.add("describe-image", List.of(pushImage, binaries),
          r -> new SbomKind.Input(r.get(release), single(r.get(pushImage)), r.get(binaries).orElse(Map.of())));
      signed.add(0, kind(g, w, sbom, sbomInput));
    }
    supplyChain(g, w, release, signed, github);
    return g;
  }

  /** {@code publish} on the stable branch: only the moving {@code v<MAJOR>-stable} chart. */
  Graph stable(Wiring w) {
    Graph g = new Graph();
    Step<Release> release = g.add("check-inputs", r -> w.check().get());
    Step<Decision> decideChart = g.add("decide-chart", List.of(release), r -> chart.decide(r.get(release)));
    supplyChain(g, w, release, List.of(chartSteps(g, w, release, decideChart, List.of())), Optional.empty());
    return g;
  }

  /** The chart packaged once decided (beside the image's build), pushed after {@code after} (the image). */
  private Step<List<PublishedArtifact>> chartSteps(Graph g, Wiring w, Step<Release> release, Step<Decision> decideChart,
      List<Step<?>> after) {
    Step<Optional<PublishChart.Prepared>> packaged = g.add("package-chart", List.of(release, decideChart),
        r -> r.get(decideChart).build() ? Optional.of(chart.build(r.get(release))) : Optional.empty());
    List<Step<?>> needs = new ArrayList<>(List.of(packaged));
    needs.addAll(after);
    return g.add(push(w, "chart"), needs,
        r -> record(w, r.get(packaged).map(p -> chart.push(r.get(release), p)).orElseGet(() -> r.get(decideChart).rows())));
  }

  /**
   * After the pushes: signatures of everything pushed ({@code subjects}: the SBOM first, then
   * the image and the chart), provenance naming the image and the chart, then the read-back.
   */
  private void supplyChain(Graph g, Wiring w, Step<Release> release, List<Step<List<PublishedArtifact>>> subjects,
      Optional<GitHubReleaseKind> githubRelease) {
    List<Step<?>> last = new ArrayList<>(subjects);
    if (w.sign()) {
      Step<SignatureKind.Input> toSign = g.add("choose-signed", List.copyOf(subjects),
          r -> new SignatureKind.Input(r.get(release), rowsOf(r, subjects)));
      Step<List<PublishedArtifact>> signed = kind(g, w, signatures, toSign);
      // After the signatures, not beside them: both write to the image's repository, and each
      // row counts what its repository received while it was pushed.
      List<Step<List<PublishedArtifact>>> attested = subjects.stream().filter(s -> !s.name().endsWith("sbom")).toList();
      List<Step<?>> beforeAttest = new ArrayList<>(attested);
      beforeAttest.add(signed);
      Step<ProvenanceKind.Input> toAttest = g.add("choose-attested", beforeAttest,
          r -> new ProvenanceKind.Input(r.get(release), rowsOf(r, attested)));
      last.add(signed);
      last.add(kind(g, w, provenance, toAttest));
    }
    if (githubRelease.isPresent()) {
      List<Step<?>> pushed = List.copyOf(last);
      Step<GitHubReleaseKind.Input> released = g.add("choose-released", pushed,
          r -> new GitHubReleaseKind.Input(r.get(release), w.ledger().rows()));
      last = new ArrayList<>(List.of(kind(g, w, githubRelease.get(), released)));
    }
    if (w.verify() && !w.dryRun()) {
      g.add("verify", last, r -> w.verifier().run(r.get(release)));
    }
  }

  /** A supply-chain kind's three steps: decide, build, push (or would-push). */
  private <I, B> Step<List<PublishedArtifact>> kind(Graph g, Wiring w, ArtifactKind<I, B> kind, Step<I> input) {
    Step<Decision> decide = g.add("decide-" + kind.name(), List.of(input), r -> kind.decide(r.get(input)));
    Step<Optional<B>> build = g.add("build-" + kind.name(), List.of(decide),
        r -> r.get(decide).build() ? Optional.of(kind.build(r.get(input))) : Optional.empty());
    return g.add(push(w, kind.name()), List.of(build),
        r -> record(w, r.get(build).map(b -> kind.push(r.get(input), b)).orElseGet(() -> r.get(decide).rows())));
  }

  private static List<PublishedArtifact> rowsOf(Results r, List<Step<List<PublishedArtifact>>> steps) {
    List<PublishedArtifact> rows = new ArrayList<>();
    steps.forEach(s -> rows.addAll(r.get(s)));
    return rows;
  }

  private static String push(Wiring w, String kind) {
    return (w.dryRun() ? "would-push-" : "push-") + kind;
  }

  private static PublishedArtifact single(List<PublishedArtifact> rows) {
    return rows.get(0);
  }

  private static List<PublishedArtifact> record(Wiring w, List<PublishedArtifact> rows) {
    w.ledger().add(rows);
    return rows;
  }
}
