package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.registry.CredentialState;
import dev.ackrelease.steps.registry.DockerConfigCredentials;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCredentials;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ecr.EcrPublicAuth;
import dev.ackrelease.steps.ecr.EcrPublicClients;
import java.nio.file.Files;
import java.util.Optional;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;

/**
 * Authentication step: how to reach a {@link Registry}. For the ECR Public host a token from
 * {@code GetAuthorizationToken}; for others {@code ACK_RELEASE_REGISTRY_USERNAME}/{@code _PASSWORD},
 * else the Docker config (credential helpers or auths), else anonymous. The access carries
 * whether the host was named insecure and the CA file; the credentials carry their source.
 */
public final class RegistryAuth {

  public static final String ENV_SOURCE = "env " + RegistryAuthOptions.USERNAME_ENV + "/" + RegistryAuthOptions.PASSWORD_ENV;

  private final Log log;
  private final Retry.Policy retry;

  public RegistryAuth(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  public RegistryAccess authenticate(Registry registry, RegistryAuthOptions options) {
    options.caFile().ifPresent(ca -> {
      if (!Files.isRegularFile(ca)) {
        throw ReleaseException.invalidInput("CA file " + ca + " does not exist: pass a PEM file to --registry-ca");
      }
    });
    Optional<RegistryCredentials> credentials = credentials(registry, options);
    // Credentials expire (ECR Public tokens after 12 h, helpers' tokens) or rotate: a registry
    // that refuses them mid-run gets freshly fetched ones, once.
    Optional<java.util.function.Supplier<RegistryCredentials>> refresher =
        Optional.of(() -> credentials(registry, options).orElse(null));
    RegistryAccess access = new RegistryAccess(registry, new CredentialState(credentials, refresher),
        options.isInsecure(registry), options.caFile());
    log.info("registry " + registry.host() + ": " + credentials.map(c -> "user " + c.username() + " from " + c.source()).orElse("anonymous")
        + (access.insecure() ? ", insecure" : "") + options.caFile().map(ca -> ", CA " + ca).orElse(""));
    return access;
  }

  private Optional<RegistryCredentials> credentials(Registry registry, RegistryAuthOptions options) {
    if (options.isEcrPublic(registry)) {
      try (EcrPublicClient client = EcrPublicClients.create(options.ecrPublicEndpoint(), options.caFile())) {
        EcrPublicAuth.Login login = new EcrPublicAuth(log, retry).credentials(client);
        return Optional.of(new RegistryCredentials(login.username(), login.password(), EcrPublicAuth.SOURCE));
      }
    }
    String user = options.env().getOrDefault(RegistryAuthOptions.USERNAME_ENV, "");
    String password = options.env().getOrDefault(RegistryAuthOptions.PASSWORD_ENV, "");
    if (!user.isEmpty() || !password.isEmpty()) {
      if (user.isEmpty() || password.isEmpty()) {
        throw ReleaseException.invalidInput("only one of " + RegistryAuthOptions.USERNAME_ENV + " and " + RegistryAuthOptions.PASSWORD_ENV
            + " is set: set both, or neither to use the Docker config");
      }
      return Optional.of(new RegistryCredentials(user, password, ENV_SOURCE));
    }
    return new DockerConfigCredentials(options.dockerConfigDir(), options.env()).lookup(registry.host());
  }
}
