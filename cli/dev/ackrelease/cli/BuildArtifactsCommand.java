package dev.ackrelease.cli;

import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.artifacts.BuildArtifacts;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Action;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Mode;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Plan;
import dev.ackrelease.steps.io.Counts;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build-artifacts",
    header = BuildArtifactsCommand.HEADER,
    description = "Put the release version into the controller repo's release artifacts: helm/Chart.yaml "
        + "(version, appVersion), helm/values.yaml (image.repository, image.tag), helm/templates/NOTES.txt and "
        + "config/controller/kustomization.yaml (image controller), changing no other byte. Renders a new chart "
        + "when the controller has no helm/ yet.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release build-artifacts v1.8.2 --service s3",
        "  # the newest release tag's version",
        "  ack-release build-artifacts --service s3 --dry-run",
        "  ack-release build-artifacts v1.8.2 --service s3 --check --output json"})
final class BuildArtifactsCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Write the release version into the chart, values, NOTES and kustomization.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin RegistryName registry;

  @Option(names = "--service", required = true, paramLabel = "SERVICE",
      description = "The service alias, e.g. s3 (the controller repo is <service>-controller).")
  String service;

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
      description = "The release, e.g. v1.8.2 (default: the newest release tag reachable from HEAD).")
  String version;

  @Option(names = "--version", paramLabel = "VERSION", hidden = true, description = VersionArgument.DEPRECATED)
  String versionOption;

  @Option(names = "--image-repository", paramLabel = "REPO",
      description = "The controller image repository (default: <registry>/<service>-controller, from --registry).")
  String imageRepository;

  @Option(names = "--check", description = "Change nothing; exit 5 listing each place that does not carry the version yet.")
  boolean check;

  @Option(names = "--dry-run", description = "Print the changes as a unified diff; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (check && dryRun) {
      throw ReleaseException.invalidInput("--check and --dry-run do not go together: pass one of them");
    }
    Printer printer = new Printer(spec, global);
    Mode mode = check ? Mode.CHECK : dryRun ? Mode.DRY_RUN : Mode.WRITE;
    BuildArtifacts.Result result = new BuildArtifacts(printer).run(new BuildArtifacts.Request(
        controller.given() ? controller.orCurrent() : null, Path.of("").toAbsolutePath(), service,
        VersionArgument.of(spec, version, versionOption),
        registry.imageRepository(imageRepository, service), mode));
    Plan plan = result.plan();
    printText(printer, result.action(), plan);
    Map<String, Object> json = ArtifactsOutput.json(plan, result.action() == Action.UPDATED || result.action() == Action.CREATED);
    json.put("action", (switch (result.action()) {
      case UPDATED -> PublishedArtifact.Action.UPDATED;
      case CREATED -> PublishedArtifact.Action.CREATED;
      case UP_TO_DATE, CHECK_PASSED -> PublishedArtifact.Action.ALREADY_PUBLISHED;
      case WOULD_CHANGE, CHECK_FAILED -> PublishedArtifact.Action.WOULD_UPDATE;
    }).text());
    json.put("dryRun", dryRun);
    if (result.action() == Action.CHECK_FAILED) {
      String error = Counts.of(plan.changes().size(), "release artifact place does", "release artifact places do")
          + " not carry " + plan.version().plain()
          + " and " + plan.imageRepository() + ": run ack-release build-artifacts " + plan.version().tag() + " --service "
          + plan.service() + " and commit the result";
      spec.commandLine().getErr().println(Echo.line("error: " + error));
      spec.commandLine().getErr().flush();
      json.put("ok", false);
      json.put("exitCode", ExitCodes.VERIFICATION);
      json.put("error", error);
      printer.json(json);
      return ExitCodes.VERIFICATION;
    }
    if (dryRun) {
      json.put("diff", plan.diff());
    }
    printer.json(json);
    return ExitCodes.OK;
  }

  private static void printText(Printer printer, Action action, Plan plan) {
    String version = plan.version().plain();
    switch (action) {
      case UP_TO_DATE -> printer.line("The release artifacts in " + plan.controllerDir() + " are up to date with "
          + version + ": nothing to do.");
      case CHECK_PASSED -> printer.line("All release artifacts in " + plan.controllerDir() + " carry " + version
          + " and " + plan.imageRepository() + ".");
      case CHECK_FAILED -> plan.changes().forEach(p -> printer.line(p.describe()));
      case WOULD_CHANGE -> {
        printer.line(plan.diff().stripTrailing());
        printer.line("Would write " + Counts.of(plan.files().size(), "file") + " for " + version
            + " (dry run: nothing written).");
      }
      case UPDATED, CREATED -> {
        printer.line("Release artifacts for " + version + " in " + plan.controllerDir() + ":");
        ArtifactsOutput.printChanges(printer, plan);
      }
    }
  }
}
