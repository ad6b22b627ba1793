package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.publish.PublishRelease;
import dev.ackrelease.steps.publish.PublishRequest;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code plan}: publish's checks and decisions for one service or many, nothing built or pushed.
 * It takes every option publish takes, so a CI job plans with the command line it publishes with.
 */
@Command(name = "plan",
    header = PlanCommand.HEADER,
    description = "For each service: the mode (release, stable or nothing) and why, the version, and for each artifact"
        + " what publish would do: push, unchanged (already published: the registry records the same build inputs), conflict"
        + " (it records other inputs: publish would build, then refuse unless the digests agree) or unknown until built"
        + " (published without a record of its inputs). A conflict is exit 3, as publish would refuse, with the plan"
        + " printed all the same (--output json: the whole plan, with ok false). One read of each tag; nothing is"
        + " written. Takes every option of publish. --output github-matrix prints the JSON a GitHub Actions"
        + " strategy.matrix takes (fromJson): the services with work to do.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # in the controller's clone",
        "  ack-release plan",
        "  ack-release plan --workspace ~/ack --output json",
        "  # prints {\"include\":[{\"service\":\"s3\",...}]}",
        "  ack-release plan --workspace ~/ack --output github-matrix"})
final class PlanCommand extends PublishCommand {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Show what publish would do, without building or pushing.";

  /**
   * plan takes publish's options, so a job plans with the command line it publishes with; those
   * that say what publish builds, pushes or writes do nothing here, or are refused, and say so.
   */
  @Override
  public Map<String, String> optionWords() {
    return Map.of(
        "--dry-run", "Taken as publish takes it; plan builds and pushes nothing either way.",
        "--no-verify", "Taken as publish takes it; plan pushes nothing, so reads nothing back.",
        "--oci-layout", "Taken as publish takes it (DIR is checked as publish checks it); plan builds no image,"
            + " so writes nothing to DIR.",
        "--report", "Also write the plan as JSON to FILE.",
        "--sign-key", "Taken as publish takes it (the key is checked); plan signs nothing.",
        "--sbom", "Taken as publish takes it; plan attaches nothing.",
        "--no-create-repositories", "Taken as publish takes it; plan creates no repository either way.",
        "--github-release", "Refused by plan (exit 2): publish's option, to make the GitHub release after publishing.",
        "--chart-dir", "Refused by plan (exit 2): to see what publishing the umbrella chart would do, run ack-release"
            + " publish --chart-dir DIR --dry-run.");
  }

  @Override
  PublishSummary execute(PublishRelease steps, PublishRequest request) {
    return steps.plan(request);
  }

  @Override
  String command() {
    return "plan";
  }

  /**
   * A plan that predicts a refusal (a conflict) stops with exit 3 as publish would, and its
   * document (stdout with --output json, and --report) is still the whole plan: the plan's fields
   * with ok false, the exit code and the error line, so a reader of a successful plan reads it too.
   */
  @Override
  ReleaseException failure(PublishRelease.Failed failed) {
    if (!failed.predicted()) {
      return super.failure(failed);
    }
    Map<String, Object> doc = FailureDocument.of(spec.commandLine(), command(), failed, failed.summary().toData());
    if (report != null) {
      FleetOutput.writeReport(report, doc);
    }
    return new FleetOutput.Failure(failed.kind(), failed.getMessage(), failed, doc);
  }

  @Override
  void print(Printer printer, PublishSummary summary) {
    printer.matrix(matrix(List.of(summary)));
    printer.json(summary.toData());
    if (summary.artifacts().isEmpty()) {
      if (summary.reason() != null) {
        printer.line("Nothing to publish for " + summary.service() + ": " + summary.reason() + ".");
      }
      return;
    }
    printer.line("Plan for " + summary.service() + " " + summary.version() + " (" + summary.mode() + ") in " + summary.registry() + ":");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ARTIFACT", "REF", "ACTION", "PUBLISHED DIGEST", "WHY"});
    for (PublishedArtifact a : summary.artifacts()) {
      rows.add(new String[] {a.kind(), TableLayout.relative(a.ref(), summary.registry()), a.action().text(),
          a.digest() == null ? "-" : a.digest(), a.detail()});
    }
    FleetOutput.printTable(printer, rows);
  }

  @Override
  int finishFleet(Printer printer, List<Fleet.Outcome<PublishSummary>> outcomes, int retries) {
    printer.matrix(matrix(outcomes.stream().flatMap(o -> o.failure().isEmpty() ? o.result().stream() : Stream.empty())
        .toList()));
    return super.finishFleet(printer, outcomes, retries);
  }

  /**
   * plan's --output also takes github-matrix: its option is the one every command has (a mixin),
   * rebuilt here with the third format in its values, its help and its error for another value, in its place
   * among the options.
   */
  static void withMatrixFormat(CommandLine plan) {
    CommandSpec spec = plan.getCommandSpec();
    List<String> formats = Stream.concat(GlobalOptions.FORMATS.stream(), Stream.of("github-matrix")).toList();
    OptionWords.replace(spec, OptionSpec.builder(spec.findOption("--output"))
        .completionCandidates(formats).converters(new GlobalOptions.FormatConverter(formats))
        .description("Result format on stdout: text, json or github-matrix (the JSON a GitHub Actions matrix takes,"
            + " {\"include\":[...]}; default: text).").build());
  }

  /**
   * The services with work to do (an artifact to push, or one only a build can decide), as a
   * GitHub Actions matrix: {@code {"include":[{"service":"s3","version":"1.2.3","tag":"v1.2.3","mode":"release"}]}}.
   */
  static Map<String, Object> matrix(List<PublishSummary> plans) {
    List<Map<String, String>> include = new ArrayList<>();
    for (PublishSummary p : plans) {
      boolean work = p.artifacts().stream().anyMatch(a -> a.action() == PublishedArtifact.Action.PLAN_PUSH
          || a.action() == PublishedArtifact.Action.UNKNOWN_UNTIL_BUILT);
      if (work) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("service", p.service());
        String tag = Optional.ofNullable(p.version()).orElse("");
        entry.put("version", tag.replaceFirst("^v", ""));
        entry.put("tag", tag);
        entry.put("mode", p.mode());
        include.add(entry);
      }
    }
    return Map.of("include", include);
  }
}
