package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.umbrella.PushTarget;
import dev.ackrelease.steps.umbrella.UmbrellaUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "umbrella",
    header = UmbrellaCommand.HEADER,
    description = "The rules of ACK's update-chart.sh: every controller clone in --workspace whose chart is GA (major"
        + " version >= 1) is added to, or upgraded in, the umbrella chart's dependencies (name, alias, version, repository,"
        + " condition; values.yaml gets <alias>: {enabled: false}), kept sorted by name; the chart's version is bumped by"
        + " the largest change (a new dependency is a minor change). Only the changed lines are written; Chart.lock is"
        + " rewritten as helm dependency update would. A changed dependency must be in the registry: --await waits for it,"
        + " otherwise exit 5. --commit commits \"Updating chart dependencies\", --tag tags X.Y.Z, --push pushes both to"
        + " --remote, or to --push-url on a clone with no remote (a Prow clone), with the token from GITHUB_TOKEN (a push"
        + " rejected because another update landed first is applied again on top of it). Whatever can refuse (an existing"
        + " tag, no git identity, a detached HEAD with --push) is checked before anything is written.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release umbrella --chart-dir ack-chart --workspace ~/ack",
        "  ack-release umbrella --chart-dir ack-chart --workspace ~/ack \\",
        "      --await --commit --tag --push",
        "  GITHUB_TOKEN=... ack-release umbrella --chart-dir . --workspace .. \\",
        "      --await --commit --tag --push \\",
        "      --push-url https://github.com/aws-controllers-k8s/ack-chart.git"})
final class UmbrellaCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Bring ACK's umbrella chart up to the controllers of a workspace.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RegistryOptions registry;
  @Mixin ProgressOptions progress;

  @Option(names = "--chart-dir", paramLabel = "DIR", required = true, description = "The umbrella chart (ack-chart's clone).")
  Path chartDir;

  @Option(names = "--workspace", paramLabel = "DIR", required = true,
      description = "The directory holding the <service>-controller clones.")
  Path workspace;

  @Option(names = "--await", description = "Wait for a changed dependency's chart to be in the registry (else exit 5).")
  boolean await;

  @Option(names = "--await-timeout", paramLabel = "DURATION", defaultValue = "10m",
      description = "How long --await waits for each chart (default: ${DEFAULT-VALUE}).")
  String awaitTimeout;

  @Option(names = "--commit", description = "Commit the change: \"Updating chart dependencies\".")
  boolean commit;

  @Option(names = "--tag", description = "Tag the commit X.Y.Z, the new chart version (needs --commit).")
  boolean tag;

  @Option(names = "--push", description = "Push the branch and the tag (needs --commit).")
  boolean push;

  @Option(names = "--remote", paramLabel = "NAME", description = "The remote to push to (default: origin).")
  String remote;

  @Option(names = "--push-url", paramLabel = "URL",
      description = "Push to this URL instead of a remote (from its variable or a settings file: when there is a push), e.g."
          + " on a Prow clone, which has no"
          + " remote; written nowhere, without credentials: the token comes from GITHUB_TOKEN.")
  String pushUrl;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    Map<String, String> env = Environment.get();
    // --push-url on the command line is the run's; from ACK_RELEASE_PUSH_URL or a settings file it is where a push goes
    // when there is one (a Prow job's environment names it for every run).
    boolean flag = spec.commandLine().getParseResult().hasMatchedOption("--push-url");
    PushTarget pushTarget = flag || pushUrl == null ? PushTarget.choose(remote, pushUrl, push, Map.of())
        : PushTarget.choose(remote, null, push, Map.of(PushTarget.ENV, pushUrl));
    Retry.Policy retry = registry.retryPolicy(env);
    Registry target = registry.registry();
    Connections connections = new Connections(printer, retry);
    var options = registry.authOptions(env);
    // Authenticated on the first look-up of a changed dependency, never before the inputs are checked.
    UmbrellaUpdate.Result r = new UmbrellaUpdate(printer, retry).run(new UmbrellaUpdate.Request(chartDir, workspace,
        () -> connections.session(connections.readAccess(target, options)), "oci://" + target, await, Retry.parseDuration(awaitTimeout, "--await-timeout"), commit,
        tag, push, pushTarget, env));
    if (r.edits().isEmpty()) {
      printer.line(r.chart() + " " + r.from() + ": nothing to update" + (r.skipped() == 0 ? "" : " (" + r.skippedClones() + ")")
          + r.commit().filter(c -> r.pushed()).map(c -> "; pushed " + c.substring(0, 12) + r.tag().map(t -> ", tagged " + t)
          .orElse("") + ", an earlier run's commit, to " + pushTarget).orElse("") + ".");
    } else {
      printer.line(r.chart() + " " + r.from() + " -> " + r.to() + ":");
      r.edits().forEach(e -> printer.line("  " + e.describe()));
      r.commit().ifPresent(c -> printer.line("committed " + c.substring(0, 12) + r.tag().map(t -> ", tagged " + t).orElse("")
          + (r.pushed() ? ", pushed to " + pushTarget : "")));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("chart", r.chart());
    json.put("from", r.from());
    json.put("to", r.to());
    List<Map<String, Object>> edits = r.edits().stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dependency", e.chartName());
      m.put("from", e.from().orElse(null));
      m.put("to", e.to());
      m.put("change", e.from().isEmpty() ? "new" : e.change().name().toLowerCase());
      return m;
    }).toList();
    json.put("edits", edits);
    json.put("commit", r.commit().orElse(null));
    json.put("tag", r.tag().orElse(null));
    json.put("pushed", r.pushed());
    List<Map<String, Object>> rows = new ArrayList<>();
    r.edits().forEach(e -> rows.add(PublishedArtifact.of("dependency", e.chartName() + ":" + e.to(), null, e.from().isEmpty()
        ? PublishedArtifact.Action.CREATED : PublishedArtifact.Action.UPDATED, e.describe()).toData()));
    String where = r.pushed() ? "pushed" : "in the local clone";
    r.commit().ifPresent(c -> rows.add(PublishedArtifact.of("commit", r.chart() + " " + r.to(), c, PublishedArtifact.Action.CREATED,
        where).toData()));
    r.tag().ifPresent(t -> rows.add(PublishedArtifact.of("tag", t, r.commit().orElse(null), PublishedArtifact.Action.CREATED,
        where).toData()));
    json.put("artifacts", rows);
    printer.json(json);
    return ExitCodes.OK;
  }

}
