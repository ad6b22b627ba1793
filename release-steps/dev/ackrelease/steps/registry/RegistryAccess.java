package dev.ackrelease.steps.registry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to talk to one registry: its credentials (empty for anonymous), whether it is named
 * insecure (plain HTTP or unverified TLS, only for the hosts the user listed), and an extra CA
 * to trust. Images and charts are pushed with the same access.
 */
public record RegistryAccess(Registry registry, Optional<RegistryCredentials> credentials, boolean insecure,
    Optional<Path> caFile) {

  public static RegistryAccess anonymous(Registry registry) {
    return new RegistryAccess(registry, Optional.empty(), false, Optional.empty());
  }

  public RegistryAccess withCredentials(RegistryCredentials c) {
    return new RegistryAccess(registry, Optional.ofNullable(c), insecure, caFile);
  }
}
