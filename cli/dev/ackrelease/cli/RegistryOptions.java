package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.steps.io.TlsTrust;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where releases go and how to reach it: shared by publish and verify. */
public final class RegistryOptions {

  @Mixin RegistryName name;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", split = ",",
      description = "Plain HTTP or unverified TLS, only for the hosts named (repeatable).")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--registry-ca", paramLabel = "FILE", description = "A PEM CA to trust for the registry (TLS stays verified).")
  Path ca;

  @Option(names = "--ecr-public-endpoint", paramLabel = "URL",
      description = "ECR Public API endpoint (default: the us-east-1 endpoint).")
  URI ecrEndpoint;

  @Mixin TimeoutOptions timeouts;

  /** The retry policy: {@code ACK_RELEASE_RETRY_*} from {@code env}, with the budget and request time-out given here. */
  public Retry.Policy retryPolicy(Map<String, String> env) {
    return timeouts.retryPolicy(env);
  }

  /** {@code --registry} (or its setting), else ACK's registry. */
  public Registry registry() {
    return name.registry();
  }

  /**
   * This run's options that say where the registry is and how to reach it, as a command line
   * takes them ({@code --registry R}, then {@code --insecure-registry}, {@code --registry-ca},
   * {@code --ecr-public-endpoint} when set): what a command this run suggests needs to reach the same registry.
   */
  public List<String> asArguments() {
    List<String> args = new ArrayList<>(List.of("--registry", registry().toString()));
    if (!insecure.isEmpty()) {
      args.addAll(List.of("--insecure-registry", String.join(",", new LinkedHashSet<>(insecure))));
    }
    if (ca != null) {
      args.addAll(List.of("--registry-ca", ca.toAbsolutePath().toString()));
    }
    if (ecrEndpoint != null) {
      args.addAll(List.of("--ecr-public-endpoint", ecrEndpoint.toString()));
    }
    return List.copyOf(args);
  }

  /**
   * The auth options, made once per run; a CA given here is read now, and the names in
   * SSL_CERT_FILE/SSL_CERT_DIR checked (a bad one is exit 2, before anything is pushed), and both
   * are trusted by each client the run makes (what the variables hold read at the first TLS connection).
   */
  public RegistryAuthOptions authOptions(Map<String, String> env) {
    if (ca != null) {
      TlsTrust.trustManagers(ca);
    }
    Set<String> hosts = new LinkedHashSet<>(insecure);
    return RegistryAuthOptions.fromEnvironment(Set.copyOf(hosts), Optional.ofNullable(ca), Optional.ofNullable(ecrEndpoint), env);
  }
}
