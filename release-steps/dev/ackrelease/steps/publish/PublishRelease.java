package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.artifacts.Place;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.chart.ChartMetadata;
import dev.ackrelease.steps.chart.HelmLimits;
import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.ecr.EcrPublicRepositories;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildConfig;
import dev.ackrelease.steps.image.BuildInfo;
import dev.ackrelease.steps.image.ControllerBinaries;
import dev.ackrelease.steps.image.GoBuild;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.supply.Builder;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.Sboms;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.supply.SpdxSbom;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code publish}: the postsubmit release, composed from the steps. Release mode checks the
 * repo's artifacts against the tag, authenticates, builds and pushes the image, then packages and
 * pushes the chart, then reads both back. Stable mode pushes only the {@code v<MAJOR>-stable}
 * chart. Each push follows the immutable-tag rule, so a re-run publishes only what is missing.
 */
public final class PublishRelease {

  /** Everything a publish run needs; {@code service} empty means "from the controller dir". */
  public record Request(Path controllerDir, Optional<String> service, Registry registry, RegistryAuthOptions auth,
      PublishMode.Requested mode, List<Platform> platforms, Map<Platform, Path> prebuilt, Optional<String> baseImage,
      BuildConfig pins, Optional<Path> go, String mainPackage, Optional<String> versionPackage, String imageUser,
      boolean dryRun, boolean verify, boolean createRepositories, Path cacheDir, Map<String, String> env,
      Optional<Path> ociLayout, Optional<SigningKey> signKey, boolean sbom) {}

  /** A failure after some artifacts were handled: the summary so far travels with it. */
  public static final class Failed extends ReleaseException {
    private final transient PublishSummary summary;

    Failed(ReleaseException cause, PublishSummary summary) {
      super(cause.kind(), cause.getMessage(), cause);
      this.summary = summary;
    }

    public PublishSummary summary() {
      return summary;
    }
  }

  private final Log log;
  private final Retry.Policy retry;

  private final Connections connections;
  private final boolean sharedConnections;

  public PublishRelease(Log log, Retry.Policy retry) {
    this(log, retry, null);
  }

  /**
   * A publish that uses {@code shared} connections (a fleet run: one authentication and one
   * session per registry for every service); null: its own.
   */
  public PublishRelease(Log log, Retry.Policy retry, Connections shared) {
    // Image and chart run side by side: their lines arrive whole, one at a time.
    this.log = Log.serialized(log);
    this.retry = retry;
    this.sharedConnections = shared != null;
    this.connections = shared != null ? shared : new Connections(this.log, retry);
  }

  /**
   * {@code plan}: publish's checks and decisions, without building or pushing: the mode, the
   * version and what publish would do with each artifact (one read of each tag; nothing is
   * written, not even to the cache).
   */
  public PublishSummary plan(Request r) {
    return withMode(r, false, (repo, dir, run) -> run.plan(repo, dir));
  }

  public PublishSummary run(Request r) {
    r.ociLayout().ifPresent(dev.ackrelease.steps.image.BuiltImage::requireExportTarget);
    return withMode(r, true, (repo, dir, run) -> run.publish(repo, dir));
  }

  /** What publish or plan does once the mode is known. */
  private interface Phase {
    PublishSummary apply(GitRepo repo, Path dir, Run run);
  }

  /**
   * The checks both publish and plan make first, then the mode (nothing to publish: the summary
   * says why); {@code phase} runs in a work directory of its own when {@code withWork} (runs side
   * by side on one --cache-dir never share one). A failure carries the rows so far.
   */
  private PublishSummary withMode(Request r, boolean withWork, Phase phase) {
    Path dir = r.controllerDir().toAbsolutePath().normalize();
    ControllerBinaries.requireValidPrebuilt(r.platforms(), r.prebuilt());
    GoBuild.requireMainPackage(r.mainPackage());
    String service = r.service().map(ReleaseArtifacts::requireService).orElseGet(() -> ControllerLocator.serviceOf(dir));
    try (GitRepo repo = GitRepo.open(dir)) {
      PublishMode mode = PublishMode.detect(repo, r.mode(), r.env());
      if (mode.kind() == PublishMode.Kind.NOTHING) {
        return PublishSummary.nothingToPublish(service, mode.reason());
      }
      ReleaseVersion version = mode.version().orElseThrow();
      boolean stable = mode.kind() == PublishMode.Kind.STABLE;
      log.info((stable ? "stable mode" : "release mode") + ": " + mode.reason());
      try (RunDirectory work = withWork ? RunDirectory.create(r.cacheDir(), service + "-" + version.plain()) : null) {
        Run run = new Run(r, service, version, stable, work);
        try {
          return phase.apply(repo, dir, run);
        } catch (ReleaseException e) {
          throw new Failed(e, run.summary(List.of(e.getMessage())));
        }
      }
    }
  }

  /** Deciding, building and pushing one artifact; the row says what happened. */
  private interface ArtifactStep {
    PublishedArtifact run();
  }

  /** Deciding the chart and, when it is to be pushed, packaging it. */
  private interface ChartStep {
    ChartDecision decide();
  }

  /** Already published (the row), or prepared for its push. */
  private record ChartDecision(Optional<PublishedArtifact> published, Optional<PublishChart.Prepared> prepared) {}

  /** One publish run: the rows so far, so a failure can still report them. */
  private final class Run {
    private final Request r;
    private final String service;
    private final ReleaseVersion version;
    private final boolean stable;
    private final List<PublishedArtifact> rows = new ArrayList<>();
    private final Map<String, String> build = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean verified;
    private Builder builder;

    private final RunDirectory work;
    /** The binaries the image step built this run (null: it built nothing), for the SBOM. */
    private volatile Map<Platform, Path> builtBinaries;

    Run(Request r, String service, ReleaseVersion version, boolean stable, RunDirectory work) {
      this.r = r;
      this.work = work;
      this.service = service;
      this.version = version;
      this.stable = stable;
    }

    /**
     * Everything decided before anything is built: the checked inputs of each artifact, the
     * connection to the registry, and (for publish) the chart's files exported from the commit.
     */
    private record Prepared(BuildInfo info, ObjectId chartCommit, Path chartDir, ImageRelease.Inputs inputs, String source,
        RegistryAccess access, RegistrySession session, BaseImage base, BuildInputs imageInputs, BuildInputs chartInputs,
        String chartName, String chartTag, PublishChart.Mode chartMode) {}

    private Prepared prepare(GitRepo repo, Path dir, boolean forPublish) {
      String imageRepository = r.registry().repositoryRef(ImageRelease.repositoryName(service));
      requireArtifactsMatch(dir, imageRepository);
      if (!stable) {
        repo.requireClean("publish " + version.tag());
      }
      BuildInfo info = BuildInfo.ofHead(repo, version);
      // The chart is packaged from the commit, not the work tree: only what was tagged and
      // reviewed ships, and a symlink in helm/ stops the run here, before anything is built.
      ObjectId chartCommit = stable ? repo.findTag(version).orElseThrow().commit() : repo.head().getId();
      Path chartDir = null;
      if (forPublish) {
        chartDir = workDir("chart-source").resolve("helm");
        int chartFiles = repo.exportTree(chartCommit, "helm", chartDir, HelmLimits::requireFile,
            total -> HelmLimits.requireChart("helm/", total));
        log.info("chart source: helm/ of commit " + chartCommit.abbreviate(12).name() + " (" + chartFiles + " files)");
      }
      ImageRelease.Inputs inputs = null;
      String baseRef = null;
      String source = null;
      if (!stable) {
        // Every build input is checked before anything is authenticated, built or pushed.
        boolean needsGo = r.platforms().stream().anyMatch(p -> !r.prebuilt().containsKey(p));
        inputs = ImageRelease.prepare(log, repo, needsGo, r.go(), r.env(), r.pins(), r.versionPackage(), r.imageUser());
        inputs.go().ifPresent(g -> build.put("goVersion", g.version().toolchainName()));
        baseRef = r.pins().baseImage(r.baseImage(), BaseImage.ACK_DEFAULT_REF);
        BaseImage.of(baseRef);
        build.put("baseImage", baseRef);
        log.info("base image: " + baseRef);
        source = sourceUrl(repo);
      }
      // Who runs the build, for the provenance: a variable that makes no URI stops the run here.
      builder = Builder.of(r.env());
      RegistryAccess access = connections.access(r.registry(), r.auth());
      RegistrySession session = connections.session(access);
      // A release writes its image and chart repositories: the first push checks that both take pushes.
      session.writesTogether(stable ? List.of(service + "-chart") : List.of(ImageRelease.repositoryName(service), service + "-chart"));
      BaseImage base = null;
      BuildInputs imageInputs = null;
      if (!stable) {
        if (forPublish && r.auth().isEcrPublic(r.registry()) && r.createRepositories()) {
          new EcrPublicRepositories(log, retry).ensureForService(r.auth().ecrPublicEndpoint(), r.auth().caFile(),
              r.registry().namespace(), service, r.dryRun());
        }
        base = baseImage(baseRef, access).resolve(log, retry);
        base.digest().ifPresent(d -> build.put("baseImageDigest", d));
        imageInputs = ImageRelease.buildInputs(repo.treeId(repo.head().getId(), "").orElseThrow(), info, source,
            r.platforms(), r.prebuilt(), r.mainPackage(), inputs, base);
      }
      PublishChart.Mode chartMode = stable ? PublishChart.Mode.STABLE : PublishChart.Mode.RELEASE;
      BuildInputs chartInputs = PublishChart.buildInputs(repo.treeId(chartCommit, "helm").orElseThrow(() ->
          ReleaseException.invalidInput("helm/ is not in commit " + chartCommit.abbreviate(12).name() + " ("
              + version.tag() + "): commit the chart (ack-release build-artifacts creates one)")), info.commitTime(), version, chartMode);
      return new Prepared(info, chartCommit, chartDir, inputs, source, access, session, base, imageInputs, chartInputs,
          service + "-chart", stable ? version.stableChartVersion() : version.plain(), chartMode);
    }

    /**
     * {@code plan}: what publish would do with each artifact, from one read of each tag and
     * nothing built: {@code push} (the tag is absent, or the stable chart would move),
     * {@code already published} (the registry records the same build inputs), {@code conflict}
     * (it records other inputs: publishing builds, then refuses unless the digest is the same),
     * {@code unknown until built} (published without the inputs annotation).
     */
    PublishSummary plan(GitRepo repo, Path dir) {
      Prepared p = prepare(repo, dir, false);
      if (!stable) {
        rows.add(planned(p.session(), "image", ImageRelease.repositoryName(service), version.plain(), p.imageInputs(), false));
      }
      rows.add(planned(p.session(), "chart", p.chartName(), p.chartTag(), p.chartInputs(), stable));
      return summary(List.of());
    }

    private PublishedArtifact planned(RegistrySession session, String kind, String name, String tag, BuildInputs inputs,
        boolean movable) {
      long start = System.nanoTime();
      int retriedBefore = session.retries(name);
      String ref = session.access().registry().ref(name, tag);
      Optional<RegistrySession.Fetched> published = session.manifest(name, tag);
      Action action;
      String detail;
      if (published.isEmpty()) {
        action = Action.PLAN_PUSH;
        detail = "the registry has no " + ref;
      } else {
        Optional<String> recorded = published.get().annotation(BuildInputs.ANNOTATION);
        if (recorded.equals(Optional.of(inputs.digest()))) {
          action = Action.ALREADY_PUBLISHED;
          detail = "the registry's " + kind + " records the same build inputs " + inputs.digest();
        } else if (movable) {
          action = Action.PLAN_PUSH;
          detail = "the stable tag moves to this build";
        } else if (recorded.isPresent()) {
          action = Action.CONFLICT;
          detail = "the registry's " + kind + " was built from other inputs (" + recorded.get() + ", this build "
              + inputs.digest() + "): publish would refuse unless the digests agree";
        } else {
          action = Action.UNKNOWN_UNTIL_BUILT;
          detail = "published without a record of its build inputs: publish builds it and compares digests";
        }
      }
      log.info(kind + " " + ref + ": " + action.text());
      return new PublishedArtifact(kind, ref, published.map(RegistrySession.Fetched::digest).orElse(null), action, 0,
          java.time.Duration.ofNanos(System.nanoTime() - start), detail).withTraffic(0, session.retries(name) - retriedBefore);
    }

    PublishSummary publish(GitRepo repo, Path dir) {
      Prepared p = prepare(repo, dir, true);
      BuildInfo info = p.info();
      Path chartDir = p.chartDir();
      ImageRelease.Inputs inputs = p.inputs();
      String source = p.source();
      RegistryAccess access = p.access();
      RegistrySession session = p.session();
      Optional<ArtifactStep> imageStep = Optional.empty();
      if (!stable) {
        BaseImage base = p.base();
        BuildInputs imageInputs = p.imageInputs();
        ImageRelease.Inputs imageBuild = inputs;
        String imageSource = source;
        imageStep = Optional.of(() -> {
          String imageName = ImageRelease.repositoryName(service);
          Optional<PublishedArtifact> same = publishedWithSameInputs(session, "image", imageName, version.plain(), imageInputs);
          if (same.isPresent()) {
            r.ociLayout().ifPresent(to -> log.info("nothing built, so no image layout written to " + to));
            return same.get();
          }
          ImageRelease.Result built = new ImageRelease(log, retry, Optional.of(session)).run(new ImageRelease.Request(dir, service,
              info, imageSource, r.platforms(), r.prebuilt(), r.mainPackage(), imageBuild, base, access, workDir("image"),
              r.cacheDir(), r.dryRun(), imageInputs));
          r.ociLayout().ifPresent(to -> log.info("image layout: " + built.image().exportTo(to)));
          builtBinaries = built.binaries();
          return built.artifact();
        });
      }
      String chartName = p.chartName();
      String chartTag = p.chartTag();
      PublishChart.Mode chartMode = p.chartMode();
      BuildInputs chartInputs = p.chartInputs();
      // The chart package stays after the run, beside the caches (written atomically: runs side by side write the same bytes).
      Path dist = distDir();
      DistFiles.require(r, dist, chartDir, chartTag, service, version, stable);
      PublishChart charts = new PublishChart(log, retry);
      // The chart is decided and packaged while the image is built and pushed (they are
      // independent work), but pushed only once the image is published: a chart must never
      // name an image that is not there.
      ChartStep chartStep = () -> {
        Optional<PublishedArtifact> sameChart = publishedWithSameInputs(session, "chart", chartName, chartTag, chartInputs);
        if (sameChart.isPresent()) {
          return new ChartDecision(sameChart, Optional.empty());
        }
        return new ChartDecision(Optional.empty(), Optional.of(charts.prepare(new PublishChart.Request(chartDir,
            info.commitTime(), version, chartMode, access, r.dryRun(), Optional.of(dist), chartInputs, Optional.of(session)))));
      };
      ChartDecision chart = sideBySide(imageStep, chartStep);
      if (chart.published().isPresent()) {
        add(chart.published().get());
      } else {
        PublishChart.Result pushed = charts.publish(chart.prepared().orElseThrow());
        pushed.packageFile().ifPresent(f -> log.info("chart package: " + f));
        add(pushed.published().artifact());
      }

      // The image's SPDX SBOM, for a signed release or when asked (--sbom): from the binaries
      // built this run, or read back out of the registry when nothing was built.
      Optional<PublishedArtifact> imageRow = rows.stream().filter(x -> x.kind().equals("image") && x.digest() != null).findFirst();
      if (!stable && imageRow.isPresent() && (r.sbom() || r.signKey().isPresent())) {
        String imageName = ImageRelease.repositoryName(service);
        String indexDigest = imageRow.get().digest();
        List<SpdxSbom.Binary> binaries = builtBinaries == null ? List.of()
            : r.platforms().stream().filter(builtBinaries::containsKey)
                .map(pl -> new SpdxSbom.Binary(pl.toString(), builtBinaries.get(pl))).toList();
        Optional<byte[]> license = inputs == null ? Optional.empty() : inputs.files().stream()
            .filter(f -> f.name().equals("LICENSE")).map(ImageBuilder.ImageFile::content).findFirst();
        add(new Sboms(log).attach(session, imageName, new SpdxSbom.Subject(r.registry().repositoryRef(imageName), indexDigest,
            service, version.plain(), info.commit(), sourceOrDefault(source), info.commitTime(), license, binaries,
            Optional.ofNullable(build.get("baseImage")).filter(b -> !b.equals("scratch")),
            Optional.ofNullable(build.get("baseImageDigest"))), r.signKey().map(SigningKey::publicKey),
            workDir("sbom-binaries"), distDir(), r.dryRun()));
      }
      // Signed once published: the image index, the chart manifest and the SBOM, in cosign's
      // format, and SLSA provenance naming the image and the chart, signed, next to each.
      r.signKey().ifPresent(key -> {
        CosignSignatures signatures = new CosignSignatures(log);
        List<PublishedArtifact> published = rows.stream().filter(row -> row.digest() != null
            && (row.kind().equals("image") || row.kind().equals("chart"))).toList();
        rows.stream().filter(row -> row.kind().equals("sbom") && row.digest() != null).findFirst().ifPresent(sbom ->
            add(signatures.sign(session, ImageRelease.repositoryName(service), sbom.digest(), key, r.dryRun())));
        List<Provenance.Subject> subjects = new ArrayList<>();
        for (PublishedArtifact row : published) {
          String name = row.kind().equals("image") ? ImageRelease.repositoryName(service) : chartName;
          add(signatures.sign(session, name, row.digest(), key, r.dryRun()));
          subjects.add(new Provenance.Subject(r.registry().repositoryRef(name), row.digest()));
        }
        byte[] statement = Provenance.statement(subjects, new Provenance.Build(service, version.tag(), r.registry().toString(),
            r.platforms().stream().map(Object::toString).toList(), stable ? "stable" : "release", sourceOrDefault(source),
            info.commit(), Optional.ofNullable(build.get("baseImage")), Optional.ofNullable(build.get("baseImageDigest")),
            Optional.ofNullable(build.get("goVersion")), stable ? Optional.empty() : Optional.of(r.mainPackage())), builder);
        Provenance provenance = new Provenance(log);
        Supplier<byte[]> envelope = Provenance.signedOnce(statement, key);
        for (PublishedArtifact row : published) {
          add(provenance.attach(session, row.kind().equals("image") ? ImageRelease.repositoryName(service) : chartName,
              row.digest(), statement, envelope, key, r.dryRun()));
        }
      });
      if (r.verify() && !r.dryRun()) {
        // The image must carry the release's commit: a tag published earlier from another commit is not this release.
        warnings.addAll(new VerifyRelease(log, retry).run(new VerifyRelease.Request(session, service, version, r.platforms(),
            stable, r.signKey().map(SigningKey::publicKey), Optional.of(new VerifyRelease.Source(p.chartCommit().name(),
                "the tag " + version.tag())), false)).warnings());
        verified = true;
        log.info("verified " + version.tag() + " in " + r.registry());
      }
      List<String> wouldRefuse = rows.stream().filter(a -> a.action() == Action.WOULD_REFUSE)
          .map(a -> a.ref() + ": " + a.detail()).toList();
      if (!wouldRefuse.isEmpty()) {
        throw ReleaseException.refused("dry run: publishing would be refused for " + String.join("; ", wouldRefuse));
      }
      return summary(List.of());
    }

    /**
     * Runs the image step (if any) and the chart's decision side by side, through the one
     * session. The image's row is added first; a failure of either is rethrown after both have
     * finished (the image's first), so the summary holds what was published.
     */
    private ChartDecision sideBySide(Optional<ArtifactStep> image, ChartStep chart) {
      if (image.isEmpty()) {
        return chart.decide();
      }
      record Outcome(Object value, ReleaseException failure) {}
      List<Outcome> outcomes;
      try {
        outcomes = dev.ackrelease.steps.io.Parallel.map(List.<java.util.concurrent.Callable<?>>of(image.get()::run, chart::decide), step -> {
          try {
            return new Outcome(step.call(), null);
          } catch (ReleaseException e) {
            return new Outcome(null, e);
          }
        });
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "a publish step failed unexpectedly: " + e, e);
      }
      if (outcomes.get(0).value() instanceof PublishedArtifact row) {
        add(row);
      }
      for (Outcome o : outcomes) {
        if (o.failure() != null) {
          throw o.failure();
        }
      }
      return (ChartDecision) outcomes.get(1).value();
    }

    /**
     * The row for an artifact whose tag already holds what these inputs build (one request:
     * the tag's manifest or index, whose build-inputs annotation is compared); empty when the tag
     * is absent, was published without the annotation, or from other inputs: then it is built and
     * its digest decides, as always.
     */
    private Optional<PublishedArtifact> publishedWithSameInputs(RegistrySession session, String kind, String name, String tag,
        BuildInputs inputs) {
      long start = System.nanoTime();
      int retriedBefore = session.retries(name);
      Optional<RegistrySession.Fetched> published = session.manifest(name, tag);
      if (published.isEmpty() || !published.get().annotation(BuildInputs.ANNOTATION).equals(Optional.of(inputs.digest()))) {
        return Optional.empty();
      }
      String ref = session.access().registry().ref(name, tag);
      log.info(ref + " was built from the same inputs (" + inputs.digest().substring(0, 19) + "...): already published,"
          + " nothing to build");
      return Optional.of(new PublishedArtifact(kind, ref, published.get().digest(),
          r.dryRun() ? Action.WOULD_SKIP : Action.ALREADY_PUBLISHED, 0, java.time.Duration.ofNanos(System.nanoTime() - start),
          "the registry's " + kind + " records the same build inputs " + inputs.digest()).withTraffic(0, session.retries(name) - retriedBefore));
    }

    private void add(PublishedArtifact artifact) {
      rows.add(artifact);
    }

    PublishSummary summary(List<String> problems) {
      return new PublishSummary(service, stable ? "stable" : "release", version.tag(), r.registry().toString(), r.dryRun(),
          List.copyOf(rows), problems, verified, null, Map.copyOf(build),
          // Shared connections count every service's retries together: a service reports its own rows'.
          sharedConnections ? rows.stream().mapToInt(PublishedArtifact::retries).sum() : retry.retries(), warnings);
    }

    /** All five places and the chart name must agree with the release before anything is built or pushed. */
    private void requireArtifactsMatch(Path dir, String imageRepository) {
      List<Place> differences = ReleaseArtifacts.check(dir, service, version, imageRepository);
      if (!differences.isEmpty()) {
        throw ReleaseException.verification("the release artifacts do not match " + version.tag() + " ("
            + differences.stream().map(Place::describe).collect(Collectors.joining("; "))
            + "): run ack-release build-artifacts --service " + service + " --version " + version.tag()
            + " --image-repository " + imageRepository + " and release from that commit");
      }
    }

    /**
     * The {@code org.opencontainers.image.source} label: from the release commit's
     * {@code helm/Chart.yaml} ({@code sources}, else {@code home}), else ACK's convention. Never
     * from git remotes: Prow clones have none, a maintainer's clone has one, and the digest
     * must not depend on which clone builds it.
     */
    private String sourceUrl(GitRepo repo) {
      return repo.fileAtHead("helm/Chart.yaml")
          .flatMap(bytes -> ChartMetadata.parse(bytes, "helm/Chart.yaml at HEAD").sourceUrl())
          .orElse("https://github.com/aws-controllers-k8s/" + ImageRelease.repositoryName(service));
    }

    /** The source URL of the SBOM and provenance: the chart's, else ACK's convention (stable mode reads none). */
    private String sourceOrDefault(String source) {
      return source != null ? source : "https://github.com/aws-controllers-k8s/" + ImageRelease.repositoryName(service);
    }

    private BaseImage baseImage(String ref, RegistryAccess target) {
      if (ref.equals(BaseImage.SCRATCH_REF)) {
        return BaseImage.SCRATCH;
      }
      // The host alone: a repository path Docker allows (a--b, a__b) need not be a --registry namespace.
      Registry baseRegistry = Registry.parse(BaseImage.of(ref).registryHost());
      if (baseRegistry.host().equals(target.registry().host())) {
        return BaseImage.of(ref, target);
      }
      if (r.auth().isEcrPublic(baseRegistry)) {
        // ECR Public serves pulls anonymously too: a token only raises the rate limit, so a
        // release to another registry does not need AWS credentials for the base image.
        try {
          return BaseImage.of(ref, connections.access(baseRegistry, r.auth()));
        } catch (ReleaseException e) {
          log.info("no ECR Public token for the base image (" + e.getMessage() + "); pulling it anonymously");
          return BaseImage.of(ref, new RegistryAccess(baseRegistry, Optional.empty(),
              r.auth().isInsecure(baseRegistry), r.auth().caFile()));
        }
      }
      return BaseImage.of(ref, connections.access(baseRegistry, r.auth()));
    }

    private Path distDir() {
      Path d = r.cacheDir().toAbsolutePath().normalize().resolve("dist");
      try {
        Files.createDirectories(d);
        return d;
      } catch (IOException e) {
        throw RunDirectory.localFailure(e, d);
      }
    }

    private Path workDir(String name) {
      return work.resolve(name);
    }
  }
}
