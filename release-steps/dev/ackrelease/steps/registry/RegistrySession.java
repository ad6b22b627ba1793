package dev.ackrelease.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * One registry for one run: its access (credentials with their refresh, insecure, CA), one HTTP
 * client with the TLS settings of that registry only, the login flow of {@link RegistryTokens},
 * and the shared retry rules of {@link RegistryCall}. Reads that decide a run go through here in
 * a single request each: {@link #manifest} is one {@code GET} of a tag or digest, returning the
 * bytes, the media type and the digest, or empty for 404.
 *
 * <p>This is the one client to a registry: every look-up, push and read of a run goes through a
 * session (Jib pulls the base image with its own client, the one seam left: see
 * {@code image/BaseImage}).
 */
public final class RegistrySession {

  /** What a manifest or index request returned: the exact bytes, their media type and digest. */
  public record Fetched(String reference, String mediaType, String digest, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The JSON document. */
    public JsonNode json() {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new ReleaseException(ReleaseException.Kind.VERIFICATION, reference + " is not JSON: the registry holds a damaged"
            + " manifest; publish a new version", e);
      }
    }

    /** One of its annotations. */
    public Optional<String> annotation(String key) {
      JsonNode value = json().path("annotations").path(key);
      return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private final RegistryAccess access;
  private final Log log;
  private final Retry.Policy retry;
  private final String scheme;
  private final RegistryWire wire;
  private final PushAccess pushAccess;
  /** Manifests read this run, by reference: a tag or digest is fetched once (a push forgets its tag). */
  private final Map<String, Optional<Fetched>> manifests = new ConcurrentHashMap<>();

  public RegistrySession(RegistryAccess access, Log log, Retry.Policy retry) {
    this.access = access;
    this.log = log;
    this.retry = retry;
    boolean plainHttp = access.insecure() && OciRegistries.speaksPlainHttp(access.registry().host());
    this.scheme = plainHttp ? "http" : "https";
    RegistryHttp http = OciRegistries.registryHttp(access, plainHttp);
    this.wire = new RegistryWire(access, log, retry, http, new RegistryTokens(access, scheme, http));
    this.pushAccess = new PushAccess(access, retry, scheme, wire);
  }

  public RegistryAccess access() {
    return access;
  }

  /**
   * {@code GET /v2/<repository>/manifests/<reference>} in one request (retried as every
   * registry call is): the manifest or index, or empty when the registry has none.
   */
  public Optional<Fetched> manifest(String name, String reference) {
    return manifestAt(access.registry().repository(name), reference);
  }

  /**
   * The manifest at {@code repository} (the full path in this registry, e.g.
   * {@code aws-controllers-k8s/s3-controller}) and a tag or digest, as {@link #manifest}.
   */
  public Optional<Fetched> manifestAt(String repository, String reference) {
    References.requireReference(reference, "a look-up in " + access.registry().host() + "/" + repository);
    String ref = access.registry().host() + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    Optional<Fetched> known = manifests.get(ref);
    if (known != null) {
      return known;
    }
    Optional<Fetched> fetched = call(ref, "look-up of " + ref, () -> fetch(repository, reference, ref));
    manifests.put(ref, fetched);
    fetched.ifPresent(f -> manifests.put(access.registry().host() + "/" + repository + "@" + f.digest(), fetched));
    return fetched;
  }

  /**
   * {@code PUT /v2/<repository>/manifests/<reference>} of exactly {@code bytes} with their media
   * type (one request, retried as every registry call is); the registry must answer with the
   * digest of these bytes.
   */
  public void putManifest(String name, String reference, String mediaType, byte[] bytes) {
    String repository = access.registry().repository(name);
    String ref = access.registry().repositoryRef(name) + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    String digest = sha256(bytes);
    call(ref, "push of " + ref, () -> {
      URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/manifests/" + reference);
      RegistryHttp.Response response = exchange("PUT", uri, Map.of("Content-Type", mediaType), RegistryHttp.Body.of(bytes),
          retry.requestTimeout(), ref);
      if (response.status() != 201 && response.status() != 200) {
        throw new RegistryStatusException(response, "PUT " + uri.getPath() + " answered HTTP " + response.status()
            + ": " + response.text().strip().replaceAll("\\s+", " "));
      }
      String stored = response.header("Docker-Content-Digest").orElse(digest);
      if (!stored.equals(digest)) {
        throw new RegistryFailure(502, "the registry stored " + ref + " as " + stored + ", not as the pushed " + digest);
      }
      return null;
    });
    manifests.remove(ref);
  }

  /**
   * {@code names} are written by one release (its image and chart repositories): before the
   * first write to any of them, push access to every one is checked ({@link PushAccess}), so
   * credentials that may push the image but not the chart fail before the image is pushed.
   */
  public void writesTogether(List<String> names) {
    pushAccess.writesTogether(names);
  }

  /** Called before anything is written to {@code name}: checks push access to its group, once. */
  public void beforeWrite(String name) {
    pushAccess.beforeWrite(name);
  }

  /** Blobs known to be in a repository this run (pushed, or found by a HEAD): never asked twice. */
  private final Map<String, Boolean> blobs = new ConcurrentHashMap<>();

  /** {@code HEAD /v2/<repository>/blobs/<digest>}, once per blob and run. */
  public boolean blobExists(String name, String digest) {
    String key = access.registry().repositoryRef(name) + "@" + digest;
    if (blobs.containsKey(key)) {
      return true;
    }
    String repository = access.registry().repository(name);
    boolean exists = call(key, "look-up of blob " + shortDigest(digest) + " in "
        + access.registry().repositoryRef(name), () -> {
          URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/blobs/" + digest);
          RegistryHttp.Response response = exchange("HEAD", uri, Map.of(), null, retry.requestTimeout(), key);
          if (response.status() == 404) {
            return false;
          }
          if (response.status() != 200) {
            throw new RegistryStatusException(response, "HEAD " + uri.getPath() + " answered HTTP " + response.status());
          }
          return true;
        });
    if (exists) {
      blobs.put(key, true);
    }
    return exists;
  }

  /** {@code HEAD /v2/<repository>/manifests/<digest>}: whether the registry has that manifest. */
  public boolean manifestExists(String name, String digest) {
    String repository = access.registry().repository(name);
    String ref = access.registry().repositoryRef(name) + "@" + digest;
    Optional<Fetched> known = manifests.get(ref);
    if (known != null && known.isPresent()) {
      return true;
    }
    return call(ref, "look-up of manifest " + shortDigest(digest) + " in "
        + access.registry().repositoryRef(name), () -> {
          URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/manifests/" + digest);
          RegistryHttp.Response response = exchange("HEAD", uri, Map.of("Accept", ACCEPT), null, retry.requestTimeout(), ref);
          if (response.status() == 404) {
            return false;
          }
          if (response.status() != 200) {
            throw new RegistryStatusException(response, "HEAD " + uri.getPath() + " answered HTTP " + response.status());
          }
          return true;
        });
  }

  /**
   * Uploads a blob in one piece: {@code POST} an upload session, then {@code PUT} its bytes with
   * the digest. A retried upload starts a new session. The bytes are streamed from
   * {@code content}, opened once per attempt.
   */
  public void pushBlob(String name, String digest, long size, java.util.function.Supplier<java.io.InputStream> content) {
    String repository = access.registry().repository(name);
    String key = access.registry().repositoryRef(name) + "@" + digest;
    call(key, "push of blob " + shortDigest(digest) + " to " + access.registry().repositoryRef(name), () -> {
      URI start = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/blobs/uploads/");
      RegistryHttp.Response started = exchange("POST", start, Map.of(), null, retry.requestTimeout(), key);
      if (started.status() != 202) {
        throw new RegistryStatusException(started, "POST " + start.getPath() + " answered HTTP " + started.status());
      }
      String location = started.header("Location").orElseThrow(
          () -> new RegistryFailure(502, "the registry started an upload without a Location"));
      URI upload = start.resolve(location);
      String query = upload.getRawQuery();
      URI put = URI.create(upload.toString() + (query == null ? "?" : "&") + "digest=" + java.net.URLEncoder.encode(digest,
          StandardCharsets.UTF_8));
      RegistryHttp.Response done = exchange("PUT", put, Map.of("Content-Type", "application/octet-stream"),
          new RegistryHttp.Body(content, size), retry.requestTimeout().multipliedBy(10), key);
      if (done.status() != 201) {
        throw new RegistryStatusException(done, "PUT of blob " + shortDigest(digest) + " answered HTTP " + done.status());
      }
      return null;
    });
    blobs.put(key, true);
  }

  /** Bytes this run has sent to the repository {@code name} (retried uploads included, skipped blobs not). */
  public long bytesSent(String name) {
    return wire.bytesSent(access.registry().repositoryRef(name));
  }

  /** Requests to the repository {@code name} that this run sent again after a transient failure. */
  public int retries(String name) {
    return wire.retries(access.registry().repositoryRef(name));
  }

  /** Retries of every request this session made. */
  public int retries() {
    return wire.retries();
  }

  private RegistryHttp.Response exchange(String method, URI uri, Map<String, String> headers, RegistryHttp.Body body,
      Duration timeout, String ref) throws IOException {
    return wire.exchange(method, uri, headers, body, timeout, ref);
  }

  private <T> T call(String ref, String action, java.util.concurrent.Callable<T> body) {
    return wire.call(ref, action, body);
  }

  private static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  /** Forgets what a tag held: after a push to it, the next look-up asks the registry again. */
  public void forget(String name, String tag) {
    manifests.remove(access.registry().repositoryRef(name) + ":" + tag);
  }

  /** {@code GET /v2/<repository>/blobs/<digest>} in one request, checked against its digest. */
  public byte[] blob(String name, String digest) {
    References.requireDigest(digest, "content read from " + access.registry().repositoryRef(name));
    String repository = access.registry().repository(name);
    String ref = access.registry().repositoryRef(name) + "@" + digest;
    return call(ref, "read of blob " + digest + " in " + access.registry().repositoryRef(name), () -> {
      URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/blobs/" + digest);
      RegistryHttp.Response response = exchange("GET", uri, Map.of(), null, retry.requestTimeout(), ref);
      if (response.status() != 200) {
        throw new RegistryStatusException(response, "GET " + uri.getPath() + " answered HTTP " + response.status());
      }
      byte[] body = response.body();
      if (!sha256(body).equals(digest)) {
        throw new RegistryFailure(502, "blob " + digest + " came back with other bytes (" + sha256(body) + ")");
      }
      return body;
    });
  }

  private Optional<Fetched> fetch(String repository, String reference, String ref) throws IOException, InterruptedException {
    URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/manifests/" + reference);
    RegistryHttp.Response response = exchange("GET", uri, Map.of("Accept", ACCEPT), null, retry.requestTimeout(), ref);
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw new RegistryStatusException(response, "GET " + uri.getPath() + " answered HTTP " + response.status());
    }
    byte[] body = response.body();
    String digest = sha256(body);
    String header = response.header("Docker-Content-Digest").orElse(digest);
    if (!header.equals(digest)) {
      throw new RegistryFailure(502, "the registry sent " + ref + " with digest " + header + " but its bytes hash to " + digest);
    }
    String mediaType = response.header("Content-Type").orElse("").replaceFirst(";.*$", "").strip();
    return Optional.of(new Fetched(ref, mediaType, digest, body));
  }

  static String sha256(byte[] bytes) {
    return dev.ackrelease.steps.io.Digests.sha256(bytes);
  }
}
