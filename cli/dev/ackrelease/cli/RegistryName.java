package dev.ackrelease.cli;

import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.registry.Registry;
import picocli.CommandLine.Option;

/**
 * {@code --registry}: where releases go. One setting for the commands that push or read a release
 * and for those that write its image repository into the release artifacts, so a prepared release
 * names the registry publish pushes to.
 */
public final class RegistryName {

  @Option(names = "--registry", paramLabel = "R", defaultValue = Registry.DEFAULT,
      description = "Registry and namespace of the releases (default: ${DEFAULT-VALUE}).")
  String registry;

  /** The registry; a malformed one is invalid input, whether or not the command needs it. */
  public Registry registry() {
    return Registry.parse(registry);
  }

  /** {@code given}, else the service's controller repository in the registry: {@code <registry>/<service>-controller}. */
  String imageRepository(String given, String service) {
    Registry target = registry();
    return given != null ? given : target.repositoryRef(ReleaseArtifacts.requireService(service) + "-controller");
  }
}
