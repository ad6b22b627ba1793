package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;

/**
 * How the base image is reached and looked up once per run (its tag resolved to a digest, or the
 * digest it names checked, either way an image: {@link BaseImage#resolve}): through the target
 * registry's access when it lives there, else read-only access to its host (anonymous from ECR
 * Public, which serves pulls without a token; the credentials found for any other host).
 */
final class BaseImageAccess {

  private final Log log;
  private final Retry.Policy retry;
  private final Connections connections;
  private final RegistryAuthOptions auth;

  BaseImageAccess(Log log, Retry.Policy retry, Connections connections, RegistryAuthOptions auth) {
    this.log = log;
    this.retry = retry;
    this.connections = connections;
    this.auth = auth;
  }

  BaseImage resolve(String ref, RegistryAccess target) {
    if (ref.equals(BaseImage.SCRATCH_REF)) {
      return BaseImage.SCRATCH;
    }
    return BaseImage.of(ref, access(ref, target)).resolve(log, retry);
  }

  private RegistryAccess access(String ref, RegistryAccess target) {
    // The host alone: a repository path Docker allows (a--b, a__b) need not be a --registry namespace.
    Registry baseRegistry = Registry.parse(BaseImage.of(ref).registryHost());
    if (baseRegistry.host().equals(target.registry().host())) {
      return target;
    }
    // Only pulled: ECR Public serves it anonymously (a token is fetched only if the pull is refused).
    return connections.readAccess(baseRegistry, auth);
  }
}
