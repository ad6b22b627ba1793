package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildConfig;
import dev.ackrelease.steps.image.BuiltImage;
import dev.ackrelease.steps.image.ControllerBinaries;
import dev.ackrelease.steps.image.GoBuild;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.PublishMode;
import dev.ackrelease.steps.publish.PublishRelease;
import dev.ackrelease.steps.publish.PublishRequest;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.kinds.GitHubReleaseKind;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "publish",
    header = PublishCommand.HEADER,
    description = "Publish the release at HEAD: at a release tag vX.Y.Z, check the artifacts, build the controller "
        + "for each platform, push a multi-arch image (Jib) and the Helm chart (OCI), then verify both. On the stable "
        + "branch, push only the v<MAJOR>-stable chart. Anywhere else there is nothing to publish (exit 0). "
        + "Released tags are immutable: the same digest is skipped, a different one refused.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # in CI, at the tag",
        "  ack-release publish",
        "  ack-release publish --dry-run --output json",
        "  # ACK's Go and base image pins",
        "  ack-release publish --build-config ../test-infra/build_config.yaml",
        "  ack-release publish --registry 127.0.0.1:5000/ack \\",
        "      --insecure-registry 127.0.0.1:5000 --base-image scratch",
        "  ack-release publish --binary linux/amd64=bin/amd64,linux/arm64=bin/arm64 \\",
        "      --report release.json"})
class PublishCommand implements Callable<Integer>, OptionWords {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Push the image and chart of the release at HEAD (or the stable chart).";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin RegistryOptions registry;
  @Mixin ProgressOptions progress;

  @Option(names = "--service", paramLabel = "S[,S...]",
      description = "Service alias, e.g. s3 (default: from the controller dir); several, comma-separated, release each"
          + " from its clone beside the current directory (../<service>-controller), in one run.")
  String service;

  @CommandLine.Mixin FleetOptions fleetOptions;

  @Option(names = "--sign-key", paramLabel = "REF",
      description = "Sign the image index and the chart in cosign's format with this key: a PEM file with an ECDSA P-256"
          + " private key (PKCS#8), or awskms:///<key-id|alias/name|arn>.")
  String signKey;

  @Option(names = "--sbom", description = "Attach the image's SPDX 2.3 SBOM (sha256-<hex>.sbom); always done with --sign-key.")
  boolean sbom;

  @Option(names = "--chart-dir", paramLabel = "DIR",
      description = "Publish the umbrella chart in DIR (ack-chart's clone, at its X.Y.Z tag) with its dependencies pulled"
          + " from the registry into charts/, as helm package --dependency-update does.")
  Path chartDir;

  /** The modes as help writes them (picocli would complete the enum's upper-case names). */
  static final class ModeNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("auto", "release", "stable").iterator();
    }
  }

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto", completionCandidates = ModeNames.class,
      description = "auto, release or stable (default: ${DEFAULT-VALUE}).")
  PublishMode.Requested mode;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Image platforms (default: ${DEFAULT-VALUE}).")
  String platforms;

  /**
   * --base-image's default in help: the reference whole (99 characters) fits no 80-column page, so
   * its parts, and where it is shown whole ({@link ConfigCommand}).
   */
  static final String BASE_IMAGE_DEFAULT = "ACK's eks-distro minimal nonroot image, " + BuildConfig.EKS_DISTRO_IMAGE
      + " in " + BuildConfig.EKS_DISTRO_NAMESPACE + ", tag " + BaseImage.ACK_DEFAULT_TAG
      + "; ack-release config publish shows it whole";

  @Option(names = "--base-image", paramLabel = "REF",
      description = "Base image, or scratch; a repository without tag takes eks_distro_version from --build-config,"
          + " else the tag latest (default: " + BASE_IMAGE_DEFAULT + ").")
  String baseImage;

  @Option(names = "--build-config", paramLabel = "FILE",
      description = "ACK test-infra's build_config.yaml: go_version must match the Go used, eks_distro_version tags the base image.")
  Path buildConfig;

  @Option(names = "--go", paramLabel = "PATH", description = "The go binary to build with (default: go on PATH).")
  Path go;

  @Option(names = "--image-user", paramLabel = "USER", defaultValue = ImageBuilder.DEFAULT_USER,
      description = "The image's USER (default: ${DEFAULT-VALUE}, as ACK's Dockerfile).")
  String imageUser;

  @Option(names = "--binary", paramLabel = "PLATFORM=PATH[,...]",
      description = "Prebuilt controller binaries instead of go build, e.g. linux/amd64=bin/controller-amd64.")
  String binaries;

  @Option(names = "--main-package", paramLabel = "PKG", defaultValue = GoBuild.DEFAULT_MAIN_PACKAGE,
      description = "The Go main package (default: ${DEFAULT-VALUE}).")
  String mainPackage;

  @Option(names = "--version-package", paramLabel = "PKG",
      description = "Package whose GitVersion, GitCommit, BuildDate the ldflags set (default: <module from go.mod>/pkg/version).")
  String versionPackage;

  @Option(names = "--dry-run", description = "Build and compute every digest, read the registry, push nothing.")
  boolean dryRun;

  @Option(names = "--no-verify", negatable = false, description = "Skip reading the release back after pushing.")
  boolean noVerify;

  @Option(names = "--no-create-repositories", description = "Do not create missing ECR Public repositories.")
  boolean noCreateRepositories;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path report;

  @Option(names = "--oci-layout", paramLabel = "DIR",
      description = "Also write the built image as an OCI image layout to DIR (as ko's --oci-layout-path), e.g. to scan it.")
  Path ociLayout;

  @Option(names = "--github-release", description = "In release mode, also make the GitHub release of the tag (as"
      + " ack-release github-release does) after the pushes, before the read-back; needs GITHUB_TOKEN (or GH_TOKEN).")
  boolean githubRelease;

  @Mixin GitHubOptions github;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Go and Jib caches and the work dir (default: $XDG_CACHE_HOME/ack-release or ~/.cache/ack-release).")
  Path cacheDir;

  /**
   * publish's --progress has bars: its builds and uploads (plan's words replace these, so its
   * --progress keeps the option's own description: it builds and uploads nothing).
   */
  @Override
  public Map<String, String> optionWords() {
    return Map.of("--progress", ProgressOptions.TRANSFERS);
  }

  /** The publish of one service (plan overrides it: the same inputs, decided without building). */
  PublishSummary execute(PublishRelease steps, PublishRequest request) {
    return steps.run(request);
  }

  /** The command's name in reports. */
  String command() {
    return "publish";
  }

  /** Prints one service's summary (plan prints its own). */
  void print(Printer printer, PublishSummary summary) {
    SummaryTable.print(printer, summary);
  }

  PublishRequest request(Path dir, Optional<String> serviceName, Map<String, String> env, boolean oneOfMany) {
    return new PublishRequest(
        new PublishRequest.Source(dir, serviceName, mode, env),
        new PublishRequest.Target(registry.registry(), registry.authOptions(env), !noCreateRepositories),
        new PublishRequest.Build(Platform.parseList(platforms), binaries == null ? Map.of() : ControllerBinaries.parsePrebuilt(binaries),
            // --base-image (or ACK_RELEASE_BASE_IMAGE, as ko's KO_DEFAULTBASEIMAGE), else the --build-config pin.
            Optional.ofNullable(baseImage),
            buildConfig == null ? BuildConfig.NONE : BuildConfig.read(buildConfig), Optional.ofNullable(go), mainPackage,
            Optional.ofNullable(versionPackage), imageUser),
        new PublishRequest.Signing(SigningKey.fromOption(Optional.ofNullable(signKey), env), sbom),
        new PublishRequest.Run(dryRun, !noVerify, cacheDir != null ? cacheDir : DefaultCacheDir.of(env),
            oneOfMany ? Optional.empty() : Optional.ofNullable(ociLayout)));
  }

  boolean fleet() {
    return fleetOptions.many(service);
  }

  /** Prints a fleet run's table, document and report; the exit code is the most severe. */
  int finishFleet(Printer printer, List<Fleet.Outcome<PublishSummary>> outcomes, int retries) {
    return FleetOutput.print(printer, spec.commandLine(), command(), outcomes, retries, report);
  }

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    fleetOptions.requireParallel();
    Map<String, String> env = Environment.get();
    requireWritableOutputs(env);
    // Checked with the other options, before the mode is read and whatever the mode: a malformed
    // reference is exit 2 before any other refusal, build or push (the build config's tag is checked as it is read).
    Optional.ofNullable(baseImage).ifPresent(BaseImage::of);
    Retry.Policy retry = registry.retryPolicy(env);
    if (githubRelease && (chartDir != null || fleet() || !command().equals("publish"))) {
      throw ReleaseException.invalidInput("--github-release makes one controller's GitHub release: pass it"
          + " to ack-release publish of a single controller (or run ack-release github-release VERSION after publishing)");
    }
    if (chartDir != null) {
      return PublishRuns.umbrella(this, printer, env, retry);
    }
    if (fleet()) {
      return PublishRuns.fleet(this, printer, env, retry);
    }
    PublishRequest request = request(controller.orCurrent(), Optional.ofNullable(service), env, false);
    PublishRelease steps = new PublishRelease(printer, retry);
    if (githubRelease) {
      steps.withGitHubRelease(githubRelease(env, request));
    }
    PublishSummary summary;
    try {
      summary = execute(steps, request);
    } catch (PublishRelease.Failed failed) {
      // The rows so far go to the report and the text table; in JSON mode they travel inside
      // the one error document Main prints, so stdout stays a single JSON value.
      ReleaseException stopped = failure(failed);
      if (!printer.json()) {
        print(printer, failed.summary());
      }
      StepSummary.append(env, printer, command(), List.of(new Fleet.Outcome<>(new Fleet.Target(failed.summary().service(),
          request.source().controllerDir()), Optional.of(failed.summary()), Optional.of(failed), false)));
      throw stopped;
    }
    report(printer, summary);
    StepSummary.append(env, printer, command(), List.of(new Fleet.Outcome<>(new Fleet.Target(summary.service(),
        request.source().controllerDir()), Optional.of(summary), Optional.empty(), false)));
    return ExitCodes.OK;
  }

  /** Writes a failed run's --report, when given (its summary so far, ok false, the exit code and error line; none for bad input, exit 2), and returns the failure. */
  ReleaseException failure(PublishRelease.Failed failed) {
    if (report != null) {
      Map<String, Object> doc = FailureDocument.of(spec.commandLine(), command(), failed, failed.summary().toData());
      if (!doc.get("exitCode").equals(ExitCodes.USAGE)) {
        FleetOutput.writeReport(report, doc);
      }
    }
    return failed;
  }

  /** Writes --report, when given, and prints the summary. */
  void report(Printer printer, PublishSummary summary) {
    if (report != null) {
      summary.writeReport(report, command());
    }
    print(printer, summary);
  }

  /**
   * Every file the run would write outside its cache (--report, --oci-layout, $GITHUB_STEP_SUMMARY)
   * is checked against {@link OutputFile}'s rule before the run does anything: one that could not
   * be written stops it before anything is pushed.
   */
  private void requireWritableOutputs(Map<String, String> env) {
    if (report != null) {
      OutputFile.option("--report", report).check();
    }
    if (ociLayout != null) {
      BuiltImage.requireExportTarget(ociLayout);
    }
    StepSummary.requireWritable(env);
  }

  /** Where --github-release goes, checked before anything runs: the token, the API URL, the repository. */
  private GitHubReleaseKind.Config githubRelease(Map<String, String> env, PublishRequest request) {
    GitHubToken token = GitHubToken.require(env, "publish --github-release");
    Path dir = request.source().controllerDir();
    String svc = request.source().service().orElseGet(() -> ControllerLocator.serviceOf(dir.toAbsolutePath().normalize()));
    try (GitRepo repo = GitRepo.open(dir)) {
      return new GitHubReleaseKind.Config(github.target(env, repo, svc), token, false);
    }
  }
}
