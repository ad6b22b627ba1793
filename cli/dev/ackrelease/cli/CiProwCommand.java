package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ci.ProwJobs;
import dev.ackrelease.steps.fleet.Fleet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prow",
    header = "Print the Prow postsubmits that release controllers with ack-release.",
    description = "Prints, in the shape of test-infra's generated prow/jobs/jobs.yaml, for each controller its"
        + " <service>-post-submit (publish at a release tag vX.Y.Z, the stable chart on the stable branch) and its"
        + " update-ack-chart (the umbrella chart, every other listed controller cloned beside it), and ack-chart's"
        + " ack-chart-release: decorated, labelled with test-infra's presets, test-infra cloned beside the controller for"
        + " build_config.yaml's Go, resources on every job, unprivileged and non-root, AWS by the post-submit service"
        + " account's web identity. $${TEST_INFRA_ORG} and the other placeholders are test-infra's, substituted when Prow"
        + " loads the file. Nothing is written: the jobs go to stdout as YAML (--output json: the same jobs as JSON).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release ci prow --controllers s3,sns,ecr",
        "  ack-release ci prow --workspace ~/ack --image-version 0.2.0",
        "  ack-release ci prow --controllers s3 > ci/prow/jobs.yaml"})
final class CiProwCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(names = "--controllers", paramLabel = "S,S...",
      description = "The controllers, by service alias (s3,sns,ecr).")
  String controllers;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Every <service>-controller git clone in DIR, instead of --controllers.")
  Path workspace;

  @Option(names = "--image-repo", paramLabel = "REPO",
      description = "The repository of the CI image (default: $${PROW_IMAGES_REPO_URI}, test-infra's image_repo).")
  String imageRepo = ProwJobs.Image.DEFAULT_REPO;

  @Option(names = "--image-version", paramLabel = "X.Y.Z",
      description = "The CI image's version: its tag is ack-release-X.Y.Z (default: " + ProwJobs.Image.DEFAULT_VERSION + ").")
  String imageVersion = ProwJobs.Image.DEFAULT_VERSION;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    if ((controllers == null) == (workspace == null)) {
      throw ReleaseException.invalidInput("pass --controllers S,S... or --workspace DIR (one of them): e.g. ack-release ci prow"
          + " --controllers s3,sns");
    }
    ProwJobs.Image image = new ProwJobs.Image(imageRepo, imageVersion);
    List<String> services = controllers != null
        ? Arrays.stream(controllers.split(",", -1)).map(String::strip).toList()
        : Fleet.workspace(workspace).stream().map(Fleet.Target::service).toList();
    ProwJobs jobs = ProwJobs.of(services, image);
    printer.line(jobs.yaml().stripTrailing());
    printer.json(jobs.asMap());
    return ExitCodes.OK;
  }
}
