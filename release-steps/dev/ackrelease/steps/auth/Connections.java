package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The registry connections of one run, shared by everything it publishes or reads: each
 * registry is authenticated once and has one {@link RegistrySession} (one HTTP client, one
 * token, blobs and manifests looked up once), however many services a fleet run releases.
 */
public final class Connections {

  private final Log log;
  private final Retry.Policy retry;
  private final RegistryAuth auth;
  private final Map<String, RegistryAccess> accesses = new HashMap<>();
  /** One session per access (a registry read and written in one run would have two accesses, two sessions). */
  private final Map<RegistryAccess, RegistrySession> sessions = new IdentityHashMap<>();

  public Connections(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
    this.auth = new RegistryAuth(log, retry);
  }

  /** How to reach {@code registry} to write: authenticated the first time it is asked for, then the same. */
  public synchronized RegistryAccess access(Registry registry, RegistryAuthOptions options) {
    return access(registry, options, true);
  }

  /**
   * How to reach {@code registry} to read only (verify, plan, await, a dry run): no credentials
   * are fetched that a public registry does not ask for ({@link RegistryAuth#authenticate}).
   */
  public synchronized RegistryAccess readAccess(Registry registry, RegistryAuthOptions options) {
    return access(registry, options, false);
  }

  private RegistryAccess access(Registry registry, RegistryAuthOptions options, boolean write) {
    // A run that writes authenticates once for both; one that only reads never fetches a token up front.
    String key = registry + (write ? "" : " (read)");
    RegistryAccess known = accesses.get(registry.toString());
    if (known == null) {
      known = accesses.get(key);
    }
    if (known == null) {
      known = auth.authenticate(registry, options, write);
      accesses.put(key, known);
    }
    return known;
  }

  /** The one session for {@code access}'s registry in this run. */
  public synchronized RegistrySession session(RegistryAccess access) {
    return sessions.computeIfAbsent(access, a -> new RegistrySession(a, log, retry));
  }

  public Retry.Policy retry() {
    return retry;
  }
}
