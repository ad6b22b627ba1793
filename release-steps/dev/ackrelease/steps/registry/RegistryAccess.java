package dev.ackrelease.steps.registry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to talk to one registry: its credentials (empty for anonymous; refreshed once when the
 * source allows it, see {@link CredentialState}), whether it is named insecure (plain HTTP or
 * unverified TLS, only for the hosts the user listed), and an extra CA to trust. Images and
 * charts are pushed with the same access.
 */
public record RegistryAccess(Registry registry, CredentialState auth, boolean insecure, Optional<Path> caFile) {

  public RegistryAccess {
    auth = auth == null ? CredentialState.fixed(Optional.empty()) : auth;
    caFile = caFile == null ? Optional.empty() : caFile;
  }

  /** Access with fixed credentials (or none). */
  public RegistryAccess(Registry registry, Optional<RegistryCredentials> credentials, boolean insecure, Optional<Path> caFile) {
    this(registry, CredentialState.fixed(credentials), insecure, caFile);
  }

  public static RegistryAccess anonymous(Registry registry) {
    return new RegistryAccess(registry, Optional.empty(), false, Optional.empty());
  }

  /** The credentials in use now. */
  public Optional<RegistryCredentials> credentials() {
    return auth.current();
  }

  public RegistryAccess withCredentials(RegistryCredentials c) {
    return new RegistryAccess(registry, Optional.ofNullable(c), insecure, caFile);
  }
}
