package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.git.BranchPush;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.releasepr.ReleaseBump;
import dev.ackrelease.steps.releasepr.ReleasePullRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "release-pr",
    header = ReleasePrCommand.HEADER,
    description = "The next version by ACK's policy (--bump, or the release/minor and release/patch labels of the pull requests"
        + " merged since the last release tag), the release commit on release-vX.Y.Z (as prepare makes it), pushed, and one"
        + " pull request \"Release artifacts for release vX.Y.Z\" with the notes: opened, or updated when it is open already."
        + " An open release pull request of an older version is closed with a comment naming the new one. Needs GITHUB_TOKEN"
        + " (or GH_TOKEN).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # after a labelled pull request is merged (CI)",
        "  ack-release release-pr --service s3 --from-labels",
        "  ack-release release-pr --service s3 --bump patch"})
final class ReleasePrCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Open (or update) the pull request of the next release.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin GitHubOptions github;
  @Mixin TimeoutOptions timeouts;

  @Option(names = "--service", required = true, paramLabel = "SERVICE", description = "The service alias, e.g. s3.")
  String service;

  @Option(names = "--bump", paramLabel = "patch|minor", description = "The release: the next patch or minor version.")
  String bump;

  @Option(names = "--from-labels", description = "Decide the bump from the release/minor and release/patch labels of the pull"
      + " requests merged since the last release tag (none: nothing to release, exit 0).")
  boolean fromLabels;


  @Option(names = "--base", paramLabel = "BRANCH", description = "The branch the pull request goes into (default: the current"
      + " branch; needed on a detached HEAD).")
  String base;

  @Option(names = "--image-repository", paramLabel = "REPO",
      description = "The controller image repository (default: <service>-controller in public.ecr.aws/aws-controllers-k8s).")
  String imageRepository;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    Map<String, String> env = Environment.get();
    Optional<ReleaseBump> asked = Optional.ofNullable(bump).map(ReleaseBump::parse);
    if (asked.isPresent() == fromLabels) {
      throw new CommandLine.ParameterException(spec.commandLine(), "release-pr takes one of --bump patch|minor and"
          + " --from-labels: pass exactly one");
    }
    Path dir = ControllerLocator.locate(controller.controllerDir, Path.of(""), service);
    Retry.Policy retry = timeouts.retryPolicy(env);
    GitHubToken token = GitHubToken.require(env, "release-pr");
    GitHubTarget target;
    try (GitRepo repo = GitRepo.open(dir)) {
      target = github.target(env, repo, service);
    }
    ReleasePullRequest.Result r = new ReleasePullRequest(printer, new GitHubClient(target, token, retry, printer),
        (repo, name) -> new BranchPush(repo, name, printer, retry, env))
        .run(new ReleasePullRequest.Request(dir, service, asked, fromLabels, github.remote, Optional.ofNullable(base), imageRepository));
    if (r.action().equals("nothing")) {
      printer.line(Character.toUpperCase(r.reason().charAt(0)) + r.reason().substring(1) + ".");
    } else {
      String verb = switch (r.action()) {
        case "created" -> "Opened";
        case "updated" -> "Updated";
        default -> "Kept";
      };
      printer.line(verb + " release pull request #" + r.number() + " for " + r.version() + " (" + r.bump() + "): " + r.url());
      printer.line("  branch " + r.branch() + " at " + r.commit().substring(0, 7) + (r.pushed() ? " (pushed to " + github.remote + ")"
          : " (already on " + github.remote + ")"));
      r.closed().forEach(n -> printer.line("  closed #" + n + ": superseded by #" + r.number()));
      printer.line("Next: once it is merged, ack-release tag " + r.version() + " --push on the merge commit.");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("action", r.action());
    json.put("reason", r.reason());
    json.put("version", r.version() == null ? null : r.version().replaceFirst("^v", ""));
    json.put("tag", r.version());
    json.put("previous", r.previous().orElse(null));
    json.put("bump", r.bump());
    json.put("branch", r.branch());
    json.put("commit", r.commit());
    json.put("pushed", r.pushed());
    json.put("number", r.number() == 0 ? null : r.number());
    json.put("url", r.url());
    json.put("closed", r.closed());
    json.put("notes", r.notes().toData());
    printer.json(json);
    return ExitCodes.OK;
  }
}
