package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Log;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The credentials a run holds for one registry, and how to get fresh ones once: a new ECR
 * Public token (it lasts 12 h), or the environment and Docker config read again (a rotated
 * password, a credential helper's new token); the refresher may give none. When the registry
 * answers 401/403 mid-run, {@link #refreshOnce} fetches new credentials a single time and every
 * client made from this state uses them from its next request on. A second refusal is final.
 * Registry clients read {@link #current} on each request, never a copy.
 */
public final class CredentialState {

  private final AtomicReference<Optional<RegistryCredentials>> current;
  private final Optional<Supplier<RegistryCredentials>> refresher;
  private boolean refreshed;

  public CredentialState(Optional<RegistryCredentials> initial, Optional<Supplier<RegistryCredentials>> refresher) {
    this.current = new AtomicReference<>(initial == null ? Optional.empty() : initial);
    this.refresher = refresher == null ? Optional.empty() : refresher;
  }

  /** Fixed credentials (or none) that are never refreshed. */
  public static CredentialState fixed(Optional<RegistryCredentials> credentials) {
    return new CredentialState(credentials, Optional.empty());
  }

  public Optional<RegistryCredentials> current() {
    return current.get();
  }

  /** Whether a refresh is still possible in this run. */
  public synchronized boolean canRefresh() {
    return refresher.isPresent() && !refreshed;
  }

  /**
   * Replaces the credentials with fresh ones from the source, the first time it is called in a
   * run; returns whether that happened (false: no source, or already refreshed once).
   */
  public synchronized boolean refreshOnce(Log log, String why) {
    return refreshOnce(log, why, current());
  }

  /**
   * As {@link #refreshOnce(Log, String)} for a request that was refused while it sent
   * {@code refused}: when another request (image and chart run side by side) has refreshed
   * them since, the fresh credentials are already there and this returns true without fetching.
   */
  public synchronized boolean refreshOnce(Log log, String why, Optional<RegistryCredentials> refused) {
    if (refreshed && !current().equals(refused)) {
      return true;
    }
    if (!canRefresh()) {
      return false;
    }
    refreshed = true;
    log.info(why + ": fetching fresh credentials once");
    current.set(Optional.ofNullable(refresher.get().get()));
    return true;
  }
}
