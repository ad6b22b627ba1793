package dev.ackrelease.cli;

import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Plan;
import dev.ackrelease.steps.prepare.PrepareRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prepare",
    header = PrepareCommand.HEADER,
    description = "The release commit in one step: refuses a dirty tree, creates the branch release-vX.Y.Z from HEAD, "
        + "runs build-artifacts and commits only the changed files as \"Release artifacts for release vX.Y.Z\". "
        + "When nothing changes it creates no branch and no commit.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release prepare v1.8.2 --service s3",
        "  ack-release prepare v1.9.0 --service s3 --controller-dir ../s3-controller \\",
        "      --branch release-s3-v1.9.0"})
final class PrepareCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Make the release commit on a release-vX.Y.Z branch.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin RegistryName registry;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The release, e.g. v1.8.2.")
  String version;

  @Option(names = "--service", required = true, paramLabel = "SERVICE", description = "The service alias, e.g. s3.")
  String service;

  @Option(names = "--branch", paramLabel = "NAME", description = "The release branch (default: release-VERSION).")
  String branch;

  @Option(names = "--image-repository", paramLabel = "REPO",
      description = "The controller image repository (default: <registry>/<service>-controller, from --registry).")
  String imageRepository;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    PrepareRelease.Result r = new PrepareRelease(printer).run(new PrepareRelease.Request(
        controller.given() ? controller.orCurrent() : null, Path.of("").toAbsolutePath(), service, version, branch,
        registry.imageRepository(imageRepository, service)));
    Plan plan = r.plan();
    String tag = plan.version().tag();
    if (r.committed()) {
      printer.line("Committed " + r.commit().substring(0, 7) + " \"" + r.message() + "\" on branch " + r.branch() + ":");
      ArtifactsOutput.printChanges(printer, plan);
      printer.line("Next: git push origin " + r.branch() + ", open the pull request, and once it is merged run"
          + " ack-release tag " + tag + " --push on the merged commit.");
    } else if (r.tagged()) {
      // The release is tagged already: tag would do nothing; what follows a tag is its publish.
      printer.line("The release artifacts in " + plan.controllerDir() + " already carry " + plan.version().plain()
          + " and HEAD is tagged " + tag + ": no branch created, nothing committed. Next: ack-release publish, which the"
          + " tag's CI job runs once the tag is pushed (ack-release tag " + tag + " --push).");
    } else {
      printer.line("The release artifacts in " + plan.controllerDir() + " already carry " + plan.version().plain()
          + ": no branch created, nothing committed. Next: ack-release tag " + tag + ".");
    }
    Map<String, Object> json = ArtifactsOutput.json(plan, r.committed());
    PublishedArtifact.Action action = r.committed() ? PublishedArtifact.Action.CREATED : PublishedArtifact.Action.ALREADY_PUBLISHED;
    json.put("action", action.text());
    List<Map<String, Object>> rows = ArtifactsOutput.rows(plan, r.committed());
    rows.add(PublishedArtifact.of("commit", r.committed() ? r.branch() : "HEAD", r.commit(), action, r.message()).toData());
    json.put("artifacts", rows);
    json.put("branch", r.committed() ? r.branch() : null);
    json.put("commit", r.commit());
    json.put("message", r.message());
    printer.json(json);
    return ExitCodes.OK;
  }
}
