package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The blobs of a {@link RegistrySession}'s registry: whether one is there (asked once per blob and
 * run), an upload in one piece, and a read checked against its digest; each request sent by the
 * session's {@link RegistryWire} under its retry rules.
 */
final class RegistryBlobs {

  private final RegistryAccess access;
  private final Retry.Policy retry;
  private final String scheme;
  private final RegistryWire wire;
  /** Blobs known to be in a repository this run (pushed, or found by a HEAD): never asked twice. */
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  RegistryBlobs(RegistryAccess access, Retry.Policy retry, String scheme, RegistryWire wire) {
    this.access = access;
    this.retry = retry;
    this.scheme = scheme;
    this.wire = wire;
  }

  /** {@code HEAD /v2/<repository>/blobs/<digest>}, once per blob and run. */
  boolean exists(String name, String digest) {
    String key = access.registry().repositoryRef(name) + "@" + digest;
    if (known.contains(key)) {
      return true;
    }
    boolean exists = wire.call(key, "look-up of blob " + References.shortDigest(digest) + " in " + access.registry().repositoryRef(name), () -> {
      URI uri = uri(name, "/blobs/" + digest);
      RegistryHttp.Response response = wire.exchange("HEAD", uri, Map.of(), null, retry.requestTimeout(), key);
      if (response.status() == 404) {
        return false;
      }
      if (response.status() != 200) {
        throw new RegistryStatusException(response, "HEAD " + uri.getPath() + " answered HTTP " + response.status());
      }
      return true;
    });
    if (exists) {
      known.add(key);
    }
    return exists;
  }

  /**
   * Uploads a blob in one piece: {@code POST} an upload session, then {@code PUT} its bytes with
   * the digest. A retried upload starts a new session. The bytes are streamed from
   * {@code content}, opened once per attempt.
   */
  void push(String name, String digest, long size, Supplier<InputStream> content) {
    String key = access.registry().repositoryRef(name) + "@" + digest;
    wire.call(key, "push of blob " + References.shortDigest(digest) + " to " + access.registry().repositoryRef(name), () -> {
      finish(start(name, key), digest, new RegistryHttp.Body(content, size), key);
      return null;
    });
    known.add(key);
  }

  /**
   * What a registry answers a chunked {@code PATCH} it does not take: the caller sends the blob
   * whole instead (no retry would change the answer).
   */
  private static final Set<Integer> NO_STREAMING = Set.of(400, 404, 405, 411, 413, 415, 416, 501);

  /**
   * Uploads a blob while its bytes are still produced, so the upload ends with them: {@code POST}
   * an upload session, {@code PATCH} the bytes as they come (chunked: their length is not known
   * yet), then {@code PUT ?digest=} with the digest {@code digest} gives once they are all there.
   * An attempt that fails transiently is made again from the first byte ({@code content} is
   * opened once per attempt). Returns the digest, or empty when the registry does not take a
   * streamed upload (its answer to the {@code PATCH} is one of {@link #NO_STREAMING}).
   */
  Optional<String> pushStreamed(String name, Supplier<InputStream> content, Supplier<String> digest) {
    String repository = access.registry().repositoryRef(name);
    Optional<String> pushed = wire.call(repository, "streamed push of a layer blob to " + repository, () -> {
      URI upload = start(name, repository);
      try {
        RegistryHttp.Response patched;
        try (InputStream in = content.get()) {
          patched = wire.patchStreamed(upload, Map.of("Content-Type", "application/octet-stream"), in, retry.requestTimeout(),
              retry.requestTimeout().multipliedBy(10), repository);
        }
        if (NO_STREAMING.contains(patched.status())) {
          cancel(upload, repository);
          return Optional.<String>empty();
        }
        if (patched.status() != 202 && patched.status() != 204) {
          throw new RegistryStatusException(patched, "PATCH of a streamed layer answered HTTP " + patched.status());
        }
        String d = digest.get();
        finish(upload.resolve(patched.header("Location").orElse(upload.toString())), d, null, repository);
        return Optional.of(d);
      } catch (Exception | Error e) {
        cancel(upload, repository); // the bytes that got there go with their session
        throw e;
      }
    });
    pushed.ifPresent(d -> known.add(repository + "@" + d));
    return pushed;
  }

  /** {@code DELETE} of an upload session that will not be finished, best effort (a registry expires it anyway). */
  private void cancel(URI upload, String key) {
    try {
      wire.exchange("DELETE", upload, Map.of(), null, retry.requestTimeout(), key);
    } catch (IOException | RuntimeException e) {
      // the session is left to the registry's clean-up of abandoned uploads
    }
  }

  /** {@code POST} of an upload session: where its bytes go. */
  private URI start(String name, String key) throws IOException {
    URI start = uri(name, "/blobs/uploads/");
    RegistryHttp.Response started = wire.exchange("POST", start, Map.of(), null, retry.requestTimeout(), key);
    if (started.status() != 202) {
      throw new RegistryStatusException(started, "POST " + start.getPath() + " answered HTTP " + started.status());
    }
    String location = started.header("Location").orElseThrow(
        () -> new RegistryFailure(502, "the registry started an upload without a Location"));
    return start.resolve(location);
  }

  /** {@code PUT <upload>?digest=}: the upload's last bytes ({@code body}, null for none) and its digest. */
  private void finish(URI upload, String digest, RegistryHttp.Body body, String key) throws IOException {
    String query = upload.getRawQuery();
    URI put = URI.create(upload.toString() + (query == null ? "?" : "&") + "digest=" + URLEncoder.encode(digest,
        StandardCharsets.UTF_8));
    RegistryHttp.Response done = wire.exchange("PUT", put, Map.of("Content-Type", "application/octet-stream"),
        body, retry.requestTimeout(), retry.requestTimeout().multipliedBy(10), key);
    if (done.status() != 201) {
      throw new RegistryStatusException(done, "PUT of blob " + References.shortDigest(digest) + " answered HTTP " + done.status());
    }
  }

  /**
   * {@code GET /v2/<repository>/blobs/<digest>} in one request, checked against its digest. Bytes
   * that came whole but hash to another digest are what the registry serves, not a failure of the
   * network: a failed verification (exit 5), not retried. A body cut short is retried.
   */
  byte[] read(String name, String digest) {
    String repository = access.registry().repositoryRef(name);
    References.requireDigest(digest, "content read from " + repository);
    String ref = repository + "@" + digest;
    return wire.call(ref, "read of blob " + digest + " in " + repository, () -> {
      URI uri = uri(name, "/blobs/" + digest);
      RegistryHttp.Response response = wire.exchange("GET", uri, Map.of(), null, retry.requestTimeout(), ref);
      if (response.status() != 200) {
        throw new RegistryStatusException(response, "GET " + uri.getPath() + " answered HTTP " + response.status());
      }
      byte[] body = response.body();
      String actual = Digests.like(digest, body);
      if (!actual.equals(digest)) {
        throw ReleaseException.verification("blob " + digest + " of " + repository + " came back with other bytes (" + actual
            + "): the registry, or a proxy or cache in front of it, serves damaged content; repair or delete that blob there,"
            + " then run again");
      }
      return body;
    });
  }

  private URI uri(String name, String path) {
    return URI.create(scheme + "://" + access.registry().host() + "/v2/" + access.registry().repository(name) + path);
  }
}
