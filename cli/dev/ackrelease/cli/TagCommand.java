package dev.ackrelease.cli;

import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.tag.TagRelease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tag",
    header = TagCommand.HEADER,
    description = "Create the annotated release tag vMAJOR.MINOR.PATCH at HEAD. Refuses a dirty tree, "
        + "a tag that exists elsewhere, a version that is not the next one, and a repo whose helm/ chart "
        + "and image tag do not carry the version yet.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release tag v0.1.0",
        "  ack-release tag v1.9.0 --controller-dir ../s3-controller --push",
        "  ack-release tag v2.0.0 --allow-major --dry-run --output json"})
final class TagCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Create the annotated release tag at HEAD, optionally push it.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin TimeoutOptions timeouts;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The release tag, e.g. v1.8.2.")
  String version;

  @Option(names = "--push", description = "Push the tag (only the tag) to the remote.")
  boolean push;

  @Option(names = "--remote", paramLabel = "NAME", defaultValue = "origin",
      description = "The remote for --push (default: ${DEFAULT-VALUE}).")
  String remote;

  @Option(names = "--allow-major", description = "Allow the next major version.")
  boolean allowMajor;

  @Option(names = "--dry-run", description = "Check everything and say what would happen; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    Map<String, String> env = Environment.get();
    TagRelease.Result r = new TagRelease(printer, timeouts.retryPolicy(env), env)
        .run(new TagRelease.Request(controller.orCurrent(), version, push, remote, allowMajor, dryRun));
    String commit = r.commit().substring(0, 7);
    // One sentence of what this run did: the push is said once, as it happened (pushed, or already there).
    switch (r.action()) {
      case CREATED -> printer.line("Tagged " + r.tag() + " at " + commit + switch (r.push()) {
        case PUSHED -> " and pushed it to " + r.remote() + ".";
        case ALREADY_THERE -> "; " + r.remote() + " already has it.";
        case NONE -> ".";
      });
      case ALREADY_TAGGED -> printer.line(switch (r.push()) {
        case PUSHED -> r.tag() + " was already tagged at " + commit + "; pushed it to " + r.remote() + ".";
        case ALREADY_THERE -> r.tag() + " is already tagged at " + commit + " and on " + r.remote() + ": nothing to do.";
        case NONE -> r.tag() + " is already tagged at " + commit + ": nothing to do.";
      });
      case WOULD_CREATE -> printer.line("Would tag " + r.tag() + " at " + commit
          + (push ? " and push it to " + remote : "") + " (dry run: nothing changed).");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("tag", r.tag());
    json.put("version", r.version());
    json.put("commit", r.commit());
    PublishedArtifact.Action action = switch (r.action()) {
      case CREATED -> PublishedArtifact.Action.CREATED;
      case ALREADY_TAGGED -> PublishedArtifact.Action.ALREADY_PUBLISHED;
      case WOULD_CREATE -> PublishedArtifact.Action.WOULD_CREATE;
    };
    json.put("action", action.text());
    json.put("artifacts", List.of(PublishedArtifact.of("tag", r.tag(), r.commit(), action, switch (r.push()) {
      case PUSHED -> "pushed to " + r.remote();
      case ALREADY_THERE -> "already on " + r.remote();
      case NONE -> "in the local repository";
    }).toData()));
    json.put("pushed", r.pushed());
    json.put("remote", r.remote());
    json.put("previousRelease", r.previousRelease());
    json.put("dryRun", dryRun);
    printer.json(json);
    return ExitCodes.OK;
  }
}
