package dev.ackrelease.cli;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.publish.PublishRelease;
import dev.ackrelease.steps.publish.PublishRequest;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.umbrella.PublishUmbrella;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of {@link PublishCommand} (and of plan) that are not one controller's: several services
 * in one run ({@code --service S,S...}, {@code --workspace}) and the umbrella chart
 * ({@code --chart-dir}), each with the options it cannot take refused before anything runs.
 */
final class PublishRuns {

  private PublishRuns() {}

  /** Many services in one run: the same per-service step for each, shared connections, one table and report. */
  static int fleet(PublishCommand command, Printer printer, Map<String, String> env, Retry.Policy retry) {
    FleetOptions fleetOptions = command.fleetOptions;
    fleetOptions.requireOneSource(command.service);
    if (command.controller.given()) {
      throw ReleaseException.invalidInput("--controller-dir names one clone: with several services use"
          + " --workspace DIR, or --service S,S... with the clones beside the current directory");
    }
    if (command.ociLayout != null) {
      throw ReleaseException.invalidInput("--oci-layout writes one image: pass it with a single --service");
    }
    if (command.binaries != null) {
      throw ReleaseException.invalidInput("--binary gives one controller's binaries: pass it with a single --service");
    }
    int n = fleetOptions.parallel();
    List<Fleet.Target> targets = fleetOptions.workspace != null ? Fleet.workspace(fleetOptions.workspace)
        : Fleet.services(command.service, Path.of("").toAbsolutePath());
    FleetSettings.requireSame(command.spec, targets);
    PublishRequest shared = sharedRequest(command, targets.get(0), env);
    printer.info(command.command() + " " + Counts.of(targets.size(), "service") + ", " + Math.min(n, targets.size()) + " at once: "
        + String.join(", ", targets.stream().map(Fleet.Target::service).toList()));
    Connections connections = new Connections(Log.serialized(printer), retry);
    List<Fleet.Outcome<PublishSummary>> outcomes = new Fleet(printer).run(targets, n, fleetOptions.failFast,
        (target, log) -> command.execute(new PublishRelease(log, retry, connections),
            shared.forService(target.controllerDir(), target.service())),
        failure -> failure instanceof PublishRelease.Failed f ? Optional.of(f.summary()) : Optional.empty());
    StepSummary.append(env, printer, command.command(), outcomes);
    return command.finishFleet(printer, outcomes, retry.retries());
  }

  /**
   * What every service of a fleet is given alike, made and checked once, before the first service
   * starts: the options read as a run reads them (--platforms, --registry and its access,
   * --build-config, --sign-key, --cache-dir) and those a run checks before its mode is decided
   * (--main-package, --image-user, --version-package, --go). A bad one is one line, exit 2, before
   * any service runs and with no report, as for a single service; not each service failing alike.
   */
  private static PublishRequest sharedRequest(PublishCommand command, Fleet.Target first, Map<String, String> env) {
    PublishRequest shared = command.request(first.controllerDir(), Optional.of(first.service()), env, true);
    PublishRelease.requireOptions(shared);
    if (command.command().equals("publish")) {
      PublishRelease.requireCache(shared);
    }
    return shared;
  }

  /** {@code --chart-dir}: the umbrella chart, packaged with its dependencies and pushed. */
  static int umbrella(PublishCommand command, Printer printer, Map<String, String> env, Retry.Policy retry) {
    if (command.fleet() || command.service != null || command.controller.given() || command.binaries != null
        || command.ociLayout != null) {
      throw ReleaseException.invalidInput("--chart-dir publishes the umbrella chart alone: drop --service,"
          + " --workspace, --controller-dir, --binary and --oci-layout");
    }
    if (!command.command().equals("publish")) {
      throw ReleaseException.invalidInput(command.command() + " does not take --chart-dir: run ack-release publish"
          + " --chart-dir DIR --dry-run to see what publishing the umbrella chart would do");
    }
    var published = new PublishUmbrella(printer, retry).run(new PublishUmbrella.Request(command.chartDir,
        command.registry.registry(), command.registry.authOptions(env),
        command.cacheDir != null ? command.cacheDir : DefaultCacheDir.of(env), command.dryRun));
    PublishSummary summary = new PublishSummary(published.chart(), "umbrella", published.version(),
        command.registry.registry().toString(), command.dryRun, List.of(published.row()), List.of(), false, null, Map.of(),
        retry.retries());
    command.report(printer, summary);
    return ExitCodes.OK;
  }
}
