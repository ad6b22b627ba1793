package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.io.SystemRoots;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to talk to one registry: its credentials (empty for anonymous; refreshed once when the
 * source allows it, see {@link CredentialState}), whether it is named insecure (plain HTTP or
 * unverified TLS, only for the hosts the user listed), an extra CA to trust, and the CAs
 * {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} name ({@link SystemRoots}; the JVM's when unset).
 * Images and charts are pushed with the same access.
 */
public record RegistryAccess(Registry registry, CredentialState auth, boolean insecure, Optional<Path> caFile, SystemRoots roots) {

  public RegistryAccess {
    auth = auth == null ? CredentialState.fixed(Optional.empty()) : auth;
    caFile = caFile == null ? Optional.empty() : caFile;
    roots = roots == null ? SystemRoots.JVM : roots;
  }

  /** Access trusting the JVM's CAs (and {@code caFile}). */
  public RegistryAccess(Registry registry, CredentialState auth, boolean insecure, Optional<Path> caFile) {
    this(registry, auth, insecure, caFile, SystemRoots.JVM);
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
    return new RegistryAccess(registry, CredentialState.fixed(Optional.ofNullable(c)), insecure, caFile, roots);
  }
}
