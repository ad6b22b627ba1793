package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.registry.CredentialSources;
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
import dev.ackrelease.steps.io.TlsTrust;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;

/**
 * Authentication step: how to reach a {@link Registry}. For the ECR Public host a token from
 * {@code GetAuthorizationToken}; for others {@code ACK_RELEASE_REGISTRY_USERNAME}/{@code _PASSWORD},
 * else the Docker config (credential helpers or auths), else anonymous. The access carries
 * whether the host was named insecure and the CA file; the credentials carry their source.
 */
public final class RegistryAuth {

  private final Log log;
  private final Retry.Policy retry;
  /**
   * What was said of a credential store that is not installed: once per run (one auth per
   * {@link Connections}) for each, however many registries or accesses ask for credentials.
   */
  private final Set<String> told = ConcurrentHashMap.newKeySet();

  public RegistryAuth(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  public RegistryAccess authenticate(Registry registry, RegistryAuthOptions options) {
    return authenticate(registry, options, true);
  }

  /**
   * How to reach {@code registry} to write ({@code write}) or only to read. Reading asks for no
   * credentials it must fetch: ECR Public serves its public repositories anonymously (the
   * registry's anonymous token, as crane and cosign read them), so no AWS call is made unless
   * the registry refuses the anonymous read; credentials already at hand (the environment, the
   * Docker config) are still sent, as a private registry needs them.
   */
  public RegistryAccess authenticate(Registry registry, RegistryAuthOptions options, boolean write) {
    options.caFile().ifPresent(TlsTrust::requireCaFile);
    boolean anonymousFirst = !write && options.isEcrPublic(registry);
    Optional<RegistryCredentials> credentials = anonymousFirst ? Optional.empty() : credentials(registry, options);
    // Credentials expire (ECR Public tokens after 12 h, helpers' tokens) or rotate: a registry
    // that refuses them mid-run gets freshly fetched ones, once. A read that started anonymous
    // fetches a token only if the registry refuses it, and goes on without one if none is to be had.
    Optional<Supplier<RegistryCredentials>> refresher = Optional.of(anonymousFirst
        ? () -> ecrTokenIfAny(registry, options) : () -> credentials(registry, options).orElse(null));
    RegistryAccess access = new RegistryAccess(registry, new CredentialState(credentials, refresher),
        options.isInsecure(registry), options.caFile(), options.systemRoots());
    log.detail("registry " + registry.host() + ": " + credentials.map(c -> "user " + c.username() + " from " + c.source()).orElse("anonymous")
        + (access.insecure() ? ", insecure" : "") + options.caFile().map(ca -> ", CA " + ca).orElse("") + access.roots().describe());
    return access;
  }

  private RegistryCredentials ecrTokenIfAny(Registry registry, RegistryAuthOptions options) {
    try {
      return credentials(registry, options).orElse(null);
    } catch (ReleaseException e) {
      log.info("no ECR Public token for " + registry.host() + " (" + e.getMessage() + "): the read stays anonymous");
      return null;
    }
  }

  private Optional<RegistryCredentials> credentials(Registry registry, RegistryAuthOptions options) {
    if (options.isEcrPublic(registry)) {
      try (EcrPublicClient client = EcrPublicClients.create(options.ecrPublicEndpoint(), options.caFile(), options.systemRoots())) {
        EcrPublicAuth.Login login = new EcrPublicAuth(log, retry).credentials(client);
        return Optional.of(new RegistryCredentials(login.username(), login.password(), CredentialSources.ECR_PUBLIC));
      }
    }
    String user = options.env().getOrDefault(CredentialSources.USERNAME_ENV, "");
    String password = options.env().getOrDefault(CredentialSources.PASSWORD_ENV, "");
    if (!user.isEmpty() || !password.isEmpty()) {
      if (user.isEmpty() || password.isEmpty()) {
        throw ReleaseException.invalidIn(user.isEmpty() ? CredentialSources.PASSWORD_ENV : CredentialSources.USERNAME_ENV,
            "only one of " + CredentialSources.USERNAME_ENV + " and " + CredentialSources.PASSWORD_ENV
            + " is set: set both, or neither to use the Docker config");
      }
      return Optional.of(new RegistryCredentials(user, password, CredentialSources.ENV));
    }
    DockerConfigCredentials docker = DockerConfigCredentials.forEnvironment(options.dockerConfigDir(), options.env());
    Optional<RegistryCredentials> found = docker.lookup(registry.host());
    if (found.isEmpty()) {
      docker.unreadStore().filter(told::add).ifPresent(log::info);
    }
    return found;
  }
}
