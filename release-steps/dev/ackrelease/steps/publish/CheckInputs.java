package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.artifacts.Place;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.chart.ChartMetadata;
import dev.ackrelease.steps.chart.CommittedChart;
import dev.ackrelease.steps.chart.PublishChart;
import dev.ackrelease.steps.ecr.EcrPublicRepositories;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildInfo;
import dev.ackrelease.steps.image.ControllerLayers;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.kinds.ImageKind;
import dev.ackrelease.steps.kinds.Release;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.Builder;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The first step of every publish graph: every input checked and resolved before anything is
 * built or pushed (the five release places against the tag, a clean tree, the chart exported
 * from the commit and within Helm's limits, the Go toolchain, the image user, the base image by
 * digest, who runs the build, the files kept in dist), then the registry session. Its value, the
 * {@link Release}, is all the kinds read.
 */
final class CheckInputs {

  private final Log log;
  private final Retry.Policy retry;
  private final Connections connections;

  CheckInputs(Log log, Retry.Policy retry, Connections connections) {
    this.log = log;
    this.retry = retry;
    this.connections = connections;
  }

  /** {@code work}: the run's own directory (absent for plan, which writes nothing: it checks the chart and exports nothing). */
  Release check(PublishRequest q, GitRepo repo, String service, ReleaseVersion version, boolean stable, Optional<Path> work) {
    // The cheap refusals first: a run that is refused says so before any image input is read.
    String imageName = ImageRelease.repositoryName(service);
    requireArtifactsMatch(repo.workTree(), service, version, q.target().registry().repositoryRef(imageName));
    if (!stable) {
      WorkTreeStatus.requireClean(repo, "publish " + version.tag());
    }
    BuildInfo info = BuildInfo.ofHead(repo, version);
    Optional<ImageInputs> image = stable ? Optional.empty() : Optional.of(imageInputs(q, repo));
    // The layers of binaries given start compressing now, beside the rest of the checks (the chart's
    // export, the base image's digest, the registry): that reads the binaries and the commit's
    // files, and pushes nothing.
    Optional<ControllerLayers> layers = image.isPresent() ? startLayers(q, image.get(), info, work) : Optional.empty();
    try {
      return check(q, repo, service, imageName, version, stable, work, info, image, layers);
    } catch (RuntimeException e) {
      layers.ifPresent(ControllerLayers::cancel);
      throw e;
    }
  }

  private Release check(PublishRequest q, GitRepo repo, String service, String imageName, ReleaseVersion version, boolean stable,
      Optional<Path> work, BuildInfo info, Optional<ImageInputs> image, Optional<ControllerLayers> layers) {
    Path dir = repo.workTree();
    // The chart is packaged from the commit, not the work tree: only what was tagged and
    // reviewed ships, and a symlink in helm/ stops the run here, before anything is built. plan
    // checks the same tree the same way and writes nothing.
    ObjectId chartCommit = stable ? ReleaseTags.find(repo, version).orElseThrow().commit() : repo.head().getId();
    String chartTree = CommitExport.treeId(repo, chartCommit, "helm").orElseThrow(() -> ReleaseException.invalidInput("helm/ is not in"
        + " commit " + chartCommit.abbreviate(12).name() + " (" + version.tag() + "): commit the chart (ack-release"
        + " build-artifacts creates one)"));
    Optional<Path> chartDir = work.map(w -> w.resolve("chart-source").resolve("helm"));
    CommittedChart.Exported exported = CommittedChart.export(repo, chartCommit, "helm", chartDir, "helm/",
        CommitExport.RELEASE_A_NEW_VERSION);
    log.detail("chart source: helm/ of commit " + chartCommit.abbreviate(12).name() + " ("
        + Counts.of(exported.files(), "file") + (chartDir.isPresent() ? ")" : ", checked)"));
    String source = stable ? defaultSource(service) : CommitExport.fileAtHead(repo, "helm/Chart.yaml")
        .flatMap(bytes -> ChartMetadata.parse(bytes, "helm/Chart.yaml at HEAD").sourceUrl()).orElse(defaultSource(service));
    // Who runs the build, for the provenance: a variable that makes no URI stops the run here.
    Builder builder = Builder.of(q.source().env());
    // plan and a dry run only read: they fetch no credentials a public registry does not ask for.
    boolean writes = work.isPresent() && !q.run().dryRun();
    RegistryAccess access = writes ? connections.access(q.target().registry(), q.target().auth())
        : connections.readAccess(q.target().registry(), q.target().auth());
    RegistrySession session = connections.session(access);
    String chartName = service + "-chart";
    // A release writes its image and chart repositories: the first push checks that both take pushes.
    session.writesTogether(stable ? List.of(chartName) : List.of(imageName, chartName));
    Optional<Release.ImagePlan> imagePlan = Optional.empty();
    if (image.isPresent()) {
      if (work.isPresent() && q.target().auth().isEcrPublic(q.target().registry()) && q.target().createRepositories()) {
        new EcrPublicRepositories(log, retry).ensureForService(q.target().auth().ecrPublicEndpoint(), q.target().auth().caFile(),
            q.target().auth().systemRoots(), q.target().registry().namespace(), service, q.run().dryRun());
      }
      BaseImage base = new BaseImageAccess(log, retry, connections, q.target().auth()).resolve(image.get().baseRef(), access);
      BuildInputs inputs = ImageRelease.buildInputs(CommitExport.treeId(repo, repo.head().getId(), "").orElseThrow(), info, source,
          q.build().platforms(), q.build().prebuilt(), q.build().mainPackage(), image.get().inputs(), base);
      imagePlan = Optional.of(new Release.ImagePlan(q.build().prebuilt(), q.build().mainPackage(), image.get().inputs(), base,
          image.get().baseRef(), inputs, q.run().ociLayout(), layers));
    }
    PublishChart.Mode chartMode = stable ? PublishChart.Mode.STABLE : PublishChart.Mode.RELEASE;
    Release.ChartPlan chart = new Release.ChartPlan(chartDir, exported.ignore(), chartName, stable ? version.stableChartVersion() : version.plain(),
        chartMode, PublishChart.buildInputs(chartTree, info.commitTime(), version, chartMode));
    Path cache = q.run().cacheDir().toAbsolutePath().normalize();
    Release release = new Release(service, version, stable, q.run().dryRun(), q.target().registry(), session,
        q.build().platforms(), new Release.Source(dir, info, chartCommit.name(), source), imagePlan, chart,
        new Release.Supply(q.signing().key(), q.signing().sbom(), builder),
        new Release.Files(work.orElse(null), cache, cache.resolve(CacheLayout.DIST)));
    work.ifPresent(w -> DistFiles.require(release));
    return release;
  }

  /** What the image is built from, checked: the Go toolchain and version package, the user, the files; the base as named. */
  private record ImageInputs(ImageRelease.Inputs inputs, String baseRef) {}

  /**
   * Starts compressing the layer of each binary given ({@code --binary}) into the run's cache, when
   * this run may push (not plan, not a dry run); the image build takes them up.
   */
  private Optional<ControllerLayers> startLayers(PublishRequest q, ImageInputs image, BuildInfo info, Optional<Path> work) {
    if (work.isEmpty() || q.run().dryRun() || q.build().prebuilt().isEmpty()) {
      return Optional.empty();
    }
    Map<Platform, Path> binaries = q.build().prebuilt(); // checked by PublishRelease
    Path cache = q.run().cacheDir().toAbsolutePath().normalize();
    log.detail("compressing the image layers of " + binaries.keySet() + " while the inputs are checked");
    try {
      return Optional.of(ControllerLayers.stage(image.inputs().files(), info.commitTime(), ImageKind.filesDir(work.get()), cache)
          .startAll(binaries));
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, cache);
    }
  }

  private ImageInputs imageInputs(PublishRequest q, GitRepo repo) {
    PublishRequest.Build b = q.build();
    boolean needsGo = b.platforms().stream().anyMatch(p -> !b.prebuilt().containsKey(p));
    ImageRelease.Inputs inputs = ImageRelease.prepare(log, repo, needsGo, b.go(), q.source().env(), b.pins(),
        b.versionPackage(), b.imageUser());
    String baseRef = b.pins().baseImage(b.baseImage(), BaseImage.ACK_DEFAULT_REF);
    BaseImage.of(baseRef);
    log.detail("base image: " + baseRef);
    return new ImageInputs(inputs, baseRef);
  }

  static String defaultSource(String service) {
    return "https://github.com/aws-controllers-k8s/" + ImageRelease.repositoryName(service);
  }

  /** All five places and the chart name must agree with the release before anything is built or pushed. */
  private static void requireArtifactsMatch(Path dir, String service, ReleaseVersion version, String imageRepository) {
    List<Place> differences = ReleaseArtifacts.check(dir, service, version, imageRepository);
    if (!differences.isEmpty()) {
      // A tag does not move: where the artifacts name another registry, the run's --registry is the likelier mistake;
      // else their fix is a release commit of the next version (found by a new-user trial: "release from that commit" at a tag).
      throw ReleaseException.verification("the release artifacts do not match " + version.tag() + " ("
          + differences.stream().map(Place::describe).collect(Collectors.joining("; ")) + "): if they name the registry"
          + " to publish to, pass that --registry; else make a release commit that carries it (ack-release build-artifacts "
          + version.tag() + " --service " + ShellWords.word(service) + " --image-repository " + ShellWords.word(imageRepository)
          + ShellWords.controllerDirOption(dir) + ", then commit) and release it under a new version, as the tag "
          + version.tag() + " does not move");
    }
  }
}
