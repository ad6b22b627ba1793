package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.UrlText;
import dev.ackrelease.steps.Variables;
import dev.ackrelease.steps.io.PathInput;
import dev.ackrelease.steps.io.Ports;
import dev.ackrelease.steps.io.SystemRoots;
import dev.ackrelease.steps.io.UserHome;
import dev.ackrelease.steps.registry.Registry;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to authenticate to registries: hosts named insecure ({@code --insecure-registry
 * HOST[:PORT]}), an extra CA ({@code --registry-ca}), the ECR Public API endpoint and the
 * registry host its tokens are for (both overridable so tests can use stand-ins), the
 * environment ({@code ACK_RELEASE_REGISTRY_USERNAME}/{@code _PASSWORD}, {@code PATH} for Docker
 * credential helpers), the Docker config directory, and the CAs {@code SSL_CERT_FILE}/{@code
 * SSL_CERT_DIR} name ({@link SystemRoots}, as Go's tools read them; the JVM's when unset): one for
 * the run, given to each of its clients, so what they hold is read once, at the first TLS
 * connection that needs it.
 */
public record RegistryAuthOptions(Set<String> insecureRegistries, Optional<Path> caFile, Optional<URI> ecrPublicEndpoint,
    Optional<String> ecrPublicRegistryHost, Map<String, String> env, Path dockerConfigDir, SystemRoots systemRoots) {

  public static final String ECR_PUBLIC_HOST = "public.ecr.aws";
  public static final String ECR_PUBLIC_REGISTRY_HOST_ENV = Variables.ECR_PUBLIC_REGISTRY_HOST;

  private static final Pattern HOST_PORT =
      Pattern.compile("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?$");

  public RegistryAuthOptions {
    for (String h : insecureRegistries) {
      requireInsecureEntry(h);
    }
    insecureRegistries = Set.copyOf(insecureRegistries);
    env = Map.copyOf(env);
    systemRoots = Objects.requireNonNull(systemRoots, "systemRoots");
  }

  /** An {@code --insecure-registry} entry is {@code host[:port]}: no scheme, path, credentials or blank. */
  static void requireInsecureEntry(String entry) {
    String h = entry == null ? "" : entry.strip();
    if (h.contains("@")) {
      throw ReleaseException.invalidInput("an --insecure-registry entry carries credentials (user@): give only host[:port],"
          + " and put credentials in ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD");
    }
    if (!HOST_PORT.matcher(h).matches()) {
      throw ReleaseException.invalidInput("--insecure-registry '" + h + "' is not host[:port]: give e.g."
          + " --insecure-registry 127.0.0.1:5000 (no scheme, no path)");
    }
    Registry.requirePort(h, "--insecure-registry");
  }

  /**
   * Options from the command line's values (each from its flag, variable or settings file: the
   * command line's business), with the rest from the environment: the ECR registry host from
   * {@code ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST}, the Docker config from {@code DOCKER_CONFIG} or
   * {@code ~/.docker}, the roots from {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}: their names
   * checked first (exit 2, before anything is pushed), what they hold read at their first use.
   */
  public static RegistryAuthOptions fromEnvironment(Set<String> insecureRegistries, Optional<Path> caFile,
      Optional<URI> ecrPublicEndpoint, Map<String, String> env) {
    SystemRoots roots = SystemRoots.of(env);
    Optional<URI> endpoint = ecrPublicEndpoint.map(u -> requireEndpoint(u, "--ecr-public-endpoint", u.toString()));
    Path docker = nonBlank(env.get("DOCKER_CONFIG")).map(d -> PathInput.of(d, "DOCKER_CONFIG", "point it at the directory"
        + " holding config.json, or unset it"))
        .orElseGet(() -> UserHome.resolve(env, ".docker"));
    return new RegistryAuthOptions(insecureRegistries, caFile, endpoint, nonBlank(env.get(ECR_PUBLIC_REGISTRY_HOST_ENV)), env, docker,
        roots);
  }

  /** The registry host ECR Public tokens are for: {@code public.ecr.aws} unless overridden. */
  public String ecrPublicHost() {
    return ecrPublicRegistryHost.orElse(ECR_PUBLIC_HOST);
  }

  public boolean isEcrPublic(Registry registry) {
    return registry.host().equalsIgnoreCase(ecrPublicHost());
  }

  /** Whether the user named this registry's host insecure: as {@code host:port}, or as {@code host} for any port. */
  public boolean isInsecure(Registry registry) {
    return insecureRegistries.stream().map(String::strip)
        .anyMatch(h -> h.equalsIgnoreCase(registry.host()) || (!h.contains(":") && h.equalsIgnoreCase(registry.hostName())));
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }


  /**
   * An endpoint the AWS SDK can call: an http(s) URL with a host, a port from 1 to 65535 and no user
   * information (the SDK signs its requests; a password there would only be shown); {@code what}
   * names the option or variable. The message masks user information ({@code //****@}).
   */
  private static URI requireEndpoint(URI uri, String what, String text) {
    if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
        || !Ports.valid(uri) || uri.getRawUserInfo() != null) {
      throw ReleaseException.invalidInput(what + " '" + UrlText.masked(text) + "' is not an http(s) URL with a host"
          + " (a port from 1 to 65535, no user): use e.g. https://api.ecr-public.us-east-1.amazonaws.com");
    }
    return uri;
  }
}
