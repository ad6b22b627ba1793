package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.VerifyRelease;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.auth.RegistryAuth;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify",
    header = "Read a published release back from the registry and check it.",
    description = "Read a release back from the registry: the image index has every platform and each config carries "
        + "the version label; the chart pulls, its Chart.yaml carries the version and its values image resolves to "
        + "that index. Exit 5 with the list of what is wrong.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release verify --service s3 --version v1.8.2",
        "  ack-release verify --service s3 --version v1.8.2 --stable   # the v1-stable chart",
        "  ack-release verify --service s3 --version v0.1.0 --registry 127.0.0.1:5000/ack --insecure-registry 127.0.0.1:5000"})
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RegistryOptions registry;

  @Option(names = "--service", paramLabel = "S", required = true, description = "Service alias, e.g. s3.")
  String service;

  @Option(names = "--version", paramLabel = "vX.Y.Z", required = true, description = "The release, e.g. v1.8.2.")
  String version;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Platforms the image index must have (default: ${DEFAULT-VALUE}).")
  String platforms;

  @Option(names = "--stable", description = "Check the v<MAJOR>-stable chart of this release instead of its own chart.")
  boolean stable;

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    ReleaseVersion release = ReleaseVersion.parseTag(version);
    ReleaseArtifacts.requireService(service);
    List<Platform> expected = Platform.parseList(platforms);
    Map<String, String> env = Environment.get();
    Retry.Policy retry = registry.retryPolicy(env);
    RegistryAccess access = new RegistryAuth(printer, retry).authenticate(registry.registry(env), registry.authOptions(env));
    VerifyRelease.Result r = new VerifyRelease(printer, retry)
        .run(new VerifyRelease.Request(new RegistrySession(access, printer, retry), service, release, expected, stable));
    String chartTag = stable ? release.stableChartVersion() : release.plain();
    printer.line("Verified " + service + " " + release.tag() + " in " + access.registry() + ":");
    printer.line("  image " + access.registry().ref(service + "-controller", release.plain()) + " " + r.imageDigest() + " " + expected);
    printer.line("  chart " + access.registry().ref(service + "-chart", chartTag) + " " + r.chartDigest());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("service", service);
    json.put("version", release.tag());
    json.put("image", Map.of("ref", access.registry().ref(service + "-controller", release.plain()), "digest", r.imageDigest()));
    json.put("chart", Map.of("ref", access.registry().ref(service + "-chart", chartTag), "digest", r.chartDigest()));
    printer.json(json);
    return ExitCodes.OK;
  }
}
