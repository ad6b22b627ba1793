package dev.ackrelease.testing;

import com.marcnuri.helm.Helm;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Helm (helm-java's embedded Helm) in a child JVM whose HOME and Helm directories are a
 * temp dir, so pulls from a registry never write the user's Helm cache or registry config.
 */
public final class HelmProcess {

  private HelmProcess() {}

  /** {@code helm template <chart> --version <version> --plain-http}; the rendered manifests. */
  public static String templatePlainHttp(String chart, String version, Path home) {
    return run(home, "template", chart, version);
  }

  /** {@code helm push <tgz> <oci://registry/namespace> --plain-http}. */
  public static String pushPlainHttp(Path tgz, String remote, Path home) {
    return run(home, "push", tgz.toString(), remote);
  }

  private static String run(Path home, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Map<String, String> env = Map.of("HOME", home.toString(),
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString(),
        "HELM_REGISTRY_CONFIG", home.resolve("registry.json").toString());
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, HelmProcess.class.getName()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, home.toFile(), env, 120).assertOk().stdout();
  }

  public static void main(String[] args) {
    String out = switch (args[0]) {
      case "template" -> Helm.template(args[1]).withVersion(args[2]).plainHttp().call();
      case "push" -> Helm.push().withChart(Path.of(args[1])).withRemote(URI.create(args[2])).plainHttp().call();
      default -> throw new IllegalArgumentException(args[0]);
    };
    System.out.print(out);
  }
}
