package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.AwaitRelease;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Duration;
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

@Command(name = "await",
    header = AwaitCommand.HEADER,
    customSynopsis = "ack-release await [OPTIONS] VERSION",
    description = "Returns as soon as the release's image index and chart (or, with --chart-only, its chart) are in the"
        + " registry and verify as 'verify' checks them, looking again with backoff (1 s doubling to 30 s). Exit 0, or 5"
        + " when --timeout passes, naming what is missing. Replaces the polling loops of release jobs.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release await v1.2.3 --service s3 --timeout 10m",
        "  ack-release await v1.2.3 --service s3 --chart-only \\",
        "      --registry 127.0.0.1:5000/ack --insecure-registry 127.0.0.1:5000"})
final class AwaitCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Wait until a release is in the registry and verifies.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RegistryOptions registry;
  @Mixin ProgressOptions progress;

  @Option(names = "--service", paramLabel = "S", required = true, description = "Service alias, e.g. s3.")
  String service;

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The release, e.g. v1.8.2. [required]")
  String version;

  @Option(names = "--version", paramLabel = "VERSION", hidden = true, description = VersionArgument.DEPRECATED)
  String versionOption;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Platforms the image index must have (default: ${DEFAULT-VALUE}).")
  String platforms;

  @Option(names = "--chart-only", description = "Wait for the chart alone (an umbrella chart needs only its dependencies' charts).")
  boolean chartOnly;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      description = "How long to wait, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    ReleaseVersion release = ReleaseVersion.parseTag(VersionArgument.required(spec, version, versionOption));
    ReleaseArtifacts.requireService(service);
    List<Platform> expected = Platform.parseList(platforms);
    Duration limit = Retry.parseDuration(timeout, "--timeout");
    Map<String, String> env = Environment.get();
    // --timeout bounds the whole wait: one look-up's retries (--retry-timeout, 5m by default) end by then too.
    Retry.Policy retry = registry.retryPolicy(env).within(limit);
    Connections connections = new Connections(printer, retry);
    RegistryAccess access = connections.readAccess(registry.registry(), registry.authOptions(env));
    AwaitRelease.Result r = new AwaitRelease(printer, retry).run(new AwaitRelease.Request(connections.session(access), service,
        release, expected, chartOnly, limit));
    printer.line(service + " " + release.tag() + " is in " + access.registry() + " and verifies (after " + r.looks()
        + (r.looks() == 1 ? " look):" : " looks):"));
    r.imageDigest().ifPresent(d -> printer.line("  image " + access.registry().ref(service + "-controller", release.plain()) + " " + d));
    printer.line("  chart " + access.registry().ref(service + "-chart", release.plain()) + " " + r.chartDigest());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("service", service);
    json.put("version", release.plain());
    json.put("tag", release.tag());
    json.put("looks", r.looks());
    List<Map<String, Object>> rows = new ArrayList<>();
    r.imageDigest().ifPresent(d -> rows.add(PublishedArtifact.of("image", access.registry().ref(service + "-controller",
        release.plain()), d, PublishedArtifact.Action.VERIFIED, "in the registry and verified").toData()));
    rows.add(PublishedArtifact.of("chart", access.registry().ref(service + "-chart", release.plain()), r.chartDigest(),
        PublishedArtifact.Action.VERIFIED, "in the registry and verified").toData());
    json.put("artifacts", rows);
    printer.json(json);
    return ExitCodes.OK;
  }
}
