package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildConfig;
import dev.ackrelease.steps.image.ControllerBinaries;
import dev.ackrelease.steps.image.GoBuild;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.PublishMode;
import dev.ackrelease.steps.publish.PublishRelease;
import dev.ackrelease.steps.publish.PublishSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "publish",
    header = "Push the image and chart of the release at HEAD (or the stable chart).",
    description = "Publish the release at HEAD: at a release tag vX.Y.Z, check the artifacts, build the controller "
        + "for each platform, push a multi-arch image (Jib) and the Helm chart (OCI), then verify both. On the stable "
        + "branch, push only the v<MAJOR>-stable chart. Anywhere else there is nothing to publish (exit 0). "
        + "Released tags are immutable: the same digest is skipped, a different one refused.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release publish                                    # in CI, at the tag",
        "  ack-release publish --dry-run --output json",
        "  ack-release publish --build-config ../test-infra/build_config.yaml   # ACK's Go and base image pins",
        "  ack-release publish --registry 127.0.0.1:5000/ack --insecure-registry 127.0.0.1:5000 --base-image scratch",
        "  ack-release publish --binary linux/amd64=bin/amd64,linux/arm64=bin/arm64 --report release.json"})
final class PublishCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin RegistryOptions registry;

  @Option(names = "--service", paramLabel = "S", description = "Service alias, e.g. s3 (default: from the controller dir).")
  String service;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
      description = "auto, release or stable (default: ${DEFAULT-VALUE}).")
  PublishMode.Requested mode;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Image platforms (default: ${DEFAULT-VALUE}).")
  String platforms;

  @Option(names = "--base-image", paramLabel = "REF",
      description = "Base image, or scratch; a repository without tag takes eks_distro_version from --build-config"
          + " (default: ACK's eks-distro minimal nonroot image, " + BaseImage.ACK_DEFAULT_REF + ").")
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

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Go and Jib caches and the work dir (default: $XDG_CACHE_HOME/ack-release or ~/.cache/ack-release).")
  Path cacheDir;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    requireWritableReport();
    Map<String, String> env = Environment.get();
    Retry.Policy retry = registry.retryPolicy(env);
    PublishRelease.Request request = new PublishRelease.Request(controller.orCurrent(), Optional.ofNullable(service),
        registry.registry(env), registry.authOptions(env), mode, Platform.parseList(platforms),
        binaries == null ? Map.of() : ControllerBinaries.parsePrebuilt(binaries), Optional.ofNullable(baseImage),
        buildConfig == null ? BuildConfig.NONE : BuildConfig.read(buildConfig), Optional.ofNullable(go), mainPackage,
        Optional.ofNullable(versionPackage), imageUser, dryRun, !noVerify, !noCreateRepositories,
        cacheDir != null ? cacheDir : defaultCacheDir(env), env, Optional.ofNullable(ociLayout));
    PublishSummary summary;
    try {
      summary = new PublishRelease(printer, retry).run(request);
    } catch (PublishRelease.Failed failed) {
      // The rows so far go to the report and the text table; in JSON mode they travel inside
      // the one error document Main prints, so stdout stays a single JSON value.
      if (report != null) {
        failed.summary().writeReport(report);
      }
      if (!printer.json()) {
        SummaryTable.print(printer, failed.summary());
      }
      throw failed;
    }
    report(printer, summary);
    return ExitCodes.OK;
  }

  private void report(Printer printer, PublishSummary summary) {
    if (report != null) {
      summary.writeReport(report);
    }
    SummaryTable.print(printer, summary);
  }

  /** A report that could not be written must stop the run before anything is pushed. */
  private void requireWritableReport() {
    if (report == null) {
      return;
    }
    Path dir = report.toAbsolutePath().getParent();
    if (!java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.isWritable(dir) || java.nio.file.Files.isDirectory(report)) {
      throw dev.ackrelease.steps.ReleaseException.invalidInput("cannot write the --report " + report
          + ": its directory must exist and be writable, and it must not be a directory; pass another --report path");
    }
  }

  static Path defaultCacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("ack-release");
  }
}
