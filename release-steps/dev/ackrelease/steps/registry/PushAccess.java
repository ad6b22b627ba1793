package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Retry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the run's credentials may push where a release writes, found out before its first
 * push: an upload session started and cancelled in each repository the release writes, once per
 * run, and only when something is to be pushed (a run that finds everything published asks
 * nothing).
 */
final class PushAccess {

  private final RegistryAccess access;
  private final Retry.Policy retry;
  private final String scheme;
  private final RegistryWire wire;

  PushAccess(RegistryAccess access, Retry.Policy retry, String scheme, RegistryWire wire) {
    this.access = access;
    this.retry = retry;
    this.scheme = scheme;
    this.wire = wire;
  }

  /** Repositories a run writes together, by repository ref: the first write to one checks them all. */
  private final Map<String, List<String>> writeGroups = new ConcurrentHashMap<>();
  /** Repositories these credentials were shown to be allowed to push to, this run. */
  private final Set<String> writable = ConcurrentHashMap.newKeySet();

  void writesTogether(List<String> names) {
    for (String name : names) {
      writeGroups.put(access.registry().repositoryRef(name), List.copyOf(names));
    }
  }

  /** Called before anything is written to {@code name}: checks push access to its group, once. */
  void beforeWrite(String name) {
    List<String> group = writeGroups.get(access.registry().repositoryRef(name));
    if (group != null) {
      requireWritable(group);
    }
  }

  /**
   * Whether these credentials may push to each of {@code names}: an upload session is started
   * ({@code POST /v2/<repository>/blobs/uploads/}, which needs push access) and cancelled
   * ({@code DELETE} of its location), once per repository and run. Nothing is stored; a refusal
   * is the registry's own 401/403, with the credentials refreshed once as for every call.
   */
  void requireWritable(List<String> names) {
    for (String name : names) {
      String key = access.registry().repositoryRef(name);
      if (writable.contains(key)) {
        continue;
      }
      String repository = access.registry().repository(name);
      wire.call(key, "check of push access to " + key, () -> {
        URI start = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/blobs/uploads/");
        RegistryHttp.Response started = wire.exchange("POST", start, Map.of(), null, retry.requestTimeout(), key);
        if (started.status() != 202) {
          throw new RegistryStatusException(started, "POST " + start.getPath() + " answered HTTP " + started.status());
        }
        Optional<String> location = started.header("Location");
        if (location.isPresent()) {
          // Cancelled at once; a registry that keeps it expires it as it does any abandoned upload.
          wire.exchange("DELETE", start.resolve(location.get()), Map.of(), null, retry.requestTimeout(), key);
        }
        return null;
      });
      writable.add(key);
    }
  }
}
