package dev.ackrelease.cli;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.VerifyRelease;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.io.GitEnvironment;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.publish.PublishMode;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.supply.SigningKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "verify",
    header = VerifyCommand.HEADER,
    description = "Read a release back from the registry: the image index has every platform and each config carries "
        + "the version label; the chart pulls, its Chart.yaml carries the version and its values image resolves to "
        + "that index. Exit 5 with the list of what is wrong.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release verify v1.8.2 --service s3",
        "  # the v1-stable chart",
        "  ack-release verify v1.8.2 --service s3 --stable",
        "  ack-release verify v0.1.0 --service s3 --registry 127.0.0.1:5000/ack \\",
        "      --insecure-registry 127.0.0.1:5000"})
final class VerifyCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Read a published release back from the registry and check it.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RegistryOptions registry;
  @Mixin ProgressOptions progress;

  @Option(names = "--service", paramLabel = "S[,S...]", description = "Service alias, e.g. s3; several, comma-separated (default: in the"
      + " controller's clone, its service).")
  String service;

  /** With --workspace, each clone is verified at the release tag at its HEAD (or VERSION). */
  @Mixin FleetOptions fleetOptions;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the result as JSON to FILE (the document of --output json; a failed"
      + " check's too, with its exit code and error).")
  Path report;

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The release, e.g. v1.8.2 (default: in the"
      + " controller's clone or with --workspace, the release tag at HEAD).")
  String version;

  @Option(names = "--version", paramLabel = "VERSION", hidden = true, description = VersionArgument.DEPRECATED)
  String versionOption;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Platforms the image index must have (default: ${DEFAULT-VALUE}).")
  String platforms;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "Also check a cosign-format signature by this PEM public key over the image index and the chart.")
  Path publicKey;

  @Option(names = "--stable", description = "Check the v<MAJOR>-stable chart of this release instead of its own chart.")
  boolean stable;

  @Mixin ControllerDirOption controller;

  @Option(names = "--strict", description = "With --public-key: also fail (exit 5) on a signature or attestation layer"
      + " that the key does not verify or that signs another digest, beside a good one (a warning otherwise, as cosign"
      + " accepts one good signature).")
  boolean strict;

  @Option(names = "--no-source-check", description = "Outside a clone of the controller, or to check the registry alone: do"
      + " not compare the image's revision label with the release tag's commit in the clone (the current directory when it"
      + " is <service>-controller, or --controller-dir).")
  boolean noSourceCheck;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    fleetOptions.requireParallel();
    version = VersionArgument.of(spec, version, versionOption);
    if (report != null) {
      OutputFile.option("--report", report).check(); // before anything is read: see OutputFile
    }
    if (fleetOptions.many(service)) {
      return fleet(printer);
    }
    Map<String, String> env = Environment.get();
    if (service == null || version == null) {
      // In the controller's clone (or --controller-dir), the release at HEAD, as publish and plan find it there.
      Path dir = cloneHere().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "verify needs"
          + " --service S and VERSION (or --workspace DIR), or to run in the controller's clone at its release"
          + " tag: e.g. ack-release verify v1.2.3 --service s3"));
      service = service != null ? service : ControllerLocator.serviceOf(dir);
      ReleaseArtifacts.requireService(service);
      version = version != null ? version : releaseAtHead(new Fleet.Target(service, dir), env).tag();
    }
    ReleaseVersion release = ReleaseVersion.parseTag(version);
    ReleaseArtifacts.requireService(service);
    List<Platform> expected = Platform.parseList(platforms);
    Retry.Policy retry = registry.retryPolicy(env);
    Connections connections = new Connections(printer, retry);
    RegistryAccess access;
    VerifyRelease.Result r;
    try {
      access = connections.readAccess(registry.registry(), registry.authOptions(env));
      Optional<VerifyRelease.Source> source = noSourceCheck ? Optional.empty()
          : ControllerLocator.cloneAt(controller.controllerDir, Path.of(""), service).map(dir -> VerifyRelease.Source.of(dir, release));
      r = new VerifyRelease(printer, retry)
          .run(new VerifyRelease.Request(connections.session(access), service, release, expected, stable,
              Optional.ofNullable(publicKey).map(SigningKey::publicKey), source, strict));
    } catch (ReleaseException e) {
      throw failed(e, release);
    }
    String chartTag = stable ? release.stableChartVersion() : release.plain();
    printer.line("Verified " + service + " " + release.tag() + " in " + access.registry() + ":");
    printer.line("  image " + access.registry().ref(service + "-controller", release.plain()) + " " + r.imageDigest() + " " + expected);
    printer.line("  chart " + access.registry().ref(service + "-chart", chartTag) + " " + r.chartDigest());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("service", service);
    json.put("version", release.plain());
    json.put("tag", release.tag());
    json.put("artifacts", List.of(
        PublishedArtifact.of("image", access.registry().ref(service + "-controller", release.plain()), r.imageDigest(),
            PublishedArtifact.Action.VERIFIED, "every platform of " + expected + " carries the version label").toData(),
        PublishedArtifact.of("chart", access.registry().ref(service + "-chart", chartTag), r.chartDigest(),
            PublishedArtifact.Action.VERIFIED, "its version and its image resolve to the release").toData()));
    json.put("warnings", r.warnings());
    r.warnings().forEach(w -> printer.line("  warning: " + w));
    if (report != null) {
      FleetOutput.writeReport(report, OutputDocument.of("verify", json));
    }
    printer.json(json);
    return ExitCodes.OK;
  }

  /**
   * Writes a failed check's --report, when given, as publish does for one service: ok false, the
   * exit code and error line stderr says, the service and release, no rows. None for bad input (exit 2).
   */
  private ReleaseException failed(ReleaseException e, ReleaseVersion release) {
    if (report != null) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("service", service);
      fields.put("version", release.plain());
      fields.put("tag", release.tag());
      fields.put("artifacts", List.of());
      Map<String, Object> doc = FailureDocument.of(spec.commandLine(), "verify", e, fields);
      if (!doc.get("exitCode").equals(ExitCodes.USAGE)) {
        FleetOutput.writeReport(report, doc);
      }
    }
    return e;
  }

  /** Many services: each verified through the run's one session, one table and document, the most severe exit code. */
  private int fleet(Printer printer) {
    fleetOptions.requireOneSource(service);
    if (fleetOptions.workspace == null && version == null) {
      throw ReleaseException.invalidInput("--service S,S... needs VERSION, the release to verify: e.g. ack-release verify v1.2.3 --service s3,sns");
    }
    Optional<ReleaseVersion> release = Optional.ofNullable(version).map(ReleaseVersion::parseTag);
    List<Platform> expected = Platform.parseList(platforms);
    int n = fleetOptions.parallel();
    Map<String, String> env = Environment.get();
    Retry.Policy retry = registry.retryPolicy(env);
    List<Fleet.Target> targets = fleetOptions.workspace != null
        ? Fleet.workspace(fleetOptions.workspace)
        : Fleet.named(service);
    FleetSettings.requireSame(spec, targets);
    Connections connections = new Connections(Log.serialized(printer), retry);
    RegistryAccess access = connections.readAccess(registry.registry(), registry.authOptions(env));
    RegistrySession session = connections.session(access);
    Optional<PublicKey> key = Optional.ofNullable(publicKey).map(SigningKey::publicKey);
    List<Fleet.Outcome<PublishSummary>> outcomes = new Fleet(printer).run(targets, n, fleetOptions.failFast, (target, log) -> {
      ReleaseVersion v = release.orElseGet(() -> releaseAtHead(target, env));
      long start = System.nanoTime();
      Optional<VerifyRelease.Source> source = noSourceCheck || target.controllerDir() == null ? Optional.empty()
          : Optional.of(VerifyRelease.Source.of(target.controllerDir(), v));
      VerifyRelease.Result r = new VerifyRelease(log, retry).run(new VerifyRelease.Request(session, target.service(), v,
          expected, stable, key, source, strict));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String chartTag = stable ? v.stableChartVersion() : v.plain();
      List<PublishedArtifact> rows = List.of(
          new PublishedArtifact("image", access.registry().ref(target.service() + "-controller", v.plain()), r.imageDigest(),
              PublishedArtifact.Action.VERIFIED, 0, took, "every platform of " + expected + " carries the version label"),
          new PublishedArtifact("chart", access.registry().ref(target.service() + "-chart", chartTag), r.chartDigest(),
              PublishedArtifact.Action.VERIFIED, 0, took, "its version and its image resolve to the release"));
      log.info("verified " + v.tag());
      return new PublishSummary(target.service(), stable ? "stable" : "release", v.tag(), access.registry().toString(), false,
          rows, List.of(), true, null, Map.of(), 0, r.warnings());
    }, failure -> Optional.empty());
    return FleetOutput.print(printer, spec.commandLine(), "verify", outcomes, retry.retries(), report);
  }

  /** {@code --controller-dir}, else the working directory when it is a clone whose service can be told. */
  private Optional<Path> cloneHere() {
    return controller.given() ? Optional.of(controller.orCurrent()) : cloneIn(Path.of("").toAbsolutePath());
  }

  /**
   * {@code dir}, when it is a controller's clone as the other commands find one: git has a
   * repository for it (GIT_DIR and GIT_WORK_TREE, else a .git here or above: {@link GitEnvironment},
   * as {@link GitRepo#open} looks) and it tells its service.
   */
  static Optional<Path> cloneIn(Path dir) {
    try {
      return GitEnvironment.find(dir).builder().getGitDir() == null ? Optional.empty()
          : Optional.of(dir).filter(d -> !ControllerLocator.serviceOf(d).isEmpty());
    } catch (ReleaseException e) {
      return Optional.empty();
    }
  }

  /** The release tag at the clone's HEAD: what its publish would release. */
  private static ReleaseVersion releaseAtHead(Fleet.Target target, Map<String, String> env) {
    try (GitRepo repo = GitRepo.open(target.controllerDir())) {
      PublishMode mode = PublishMode.detect(repo, PublishMode.Requested.AUTO, env);
      return mode.version().orElseThrow(() -> ReleaseException.invalidInput("no release tag at HEAD of "
          + target.controllerDir() + " (" + mode.reason() + "): pass the version, e.g. ack-release verify v1.2.3"));
    }
  }
}
