package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.util.HashMap;
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
  private final Map<String, RegistrySession> sessions = new HashMap<>();

  public Connections(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
    this.auth = new RegistryAuth(log, retry);
  }

  /** How to reach {@code registry}: authenticated the first time it is asked for, then the same. */
  public synchronized RegistryAccess access(Registry registry, RegistryAuthOptions options) {
    String key = registry.toString();
    RegistryAccess known = accesses.get(key);
    if (known == null) {
      known = auth.authenticate(registry, options);
      accesses.put(key, known);
    }
    return known;
  }

  /** The one session for {@code access}'s registry in this run. */
  public synchronized RegistrySession session(RegistryAccess access) {
    return sessions.computeIfAbsent(access.registry().toString(), k -> new RegistrySession(access, log, retry));
  }

  public Retry.Policy retry() {
    return retry;
  }
}
