package dev.ackrelease.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.Supplier;

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
  private final RegistryBlobs blobs;
  /** Manifests read this run, by reference: a tag or digest is fetched once (a push forgets its tag). */
  private final Map<String, Optional<Fetched>> manifests = new ConcurrentHashMap<>();

  public RegistrySession(RegistryAccess access, Log log, Retry.Policy retry) {
    this.access = access;
    this.log = log;
    this.retry = retry;
    boolean plainHttp = access.insecure() && OciRegistries.speaksPlainHttp(access.registry().host());
    this.scheme = plainHttp ? "http" : "https";
    RegistryHttp http = OciRegistries.registryHttp(access, plainHttp);
    this.wire = new RegistryWire(access, log, retry, http, new RegistryTokens(access, scheme, http, retry.requestTimeout()));
    this.pushAccess = new PushAccess(access, retry, scheme, wire);
    this.blobs = new RegistryBlobs(access, retry, scheme, wire);
  }

  public RegistryAccess access() {
    return access;
  }

  /**
   * {@code GET /v2/<repository>/manifests/<reference>} in one request (retried as every
   * registry call is): the manifest or index, or empty when the registry has none. Its bytes must
   * hash to the digest asked for and to the one the registry sends; else the registry serves
   * damaged content: a failed verification (exit 5), not retried, as a blob's.
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
    String ref = access.registry().host() + "/" + repository + (References.isDigest(reference) ? "@" : ":") + reference;
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
   * digest of these bytes (another is a failed verification, exit 5, not retried).
   */
  public void putManifest(String name, String reference, String mediaType, byte[] bytes) {
    String repository = access.registry().repository(name);
    String ref = access.registry().repositoryRef(name) + (References.isDigest(reference) ? "@" : ":") + reference;
    String digest = sha256(bytes);
    call(ref, "push of " + ref, () -> {
      URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/" + repository + "/manifests/" + reference);
      RegistryHttp.Response response = exchange("PUT", uri, Map.of("Content-Type", mediaType), RegistryHttp.Body.of(bytes),
          retry.requestTimeout(), ref);
      if (response.status() != 201 && response.status() != 200) {
        throw new RegistryStatusException(response, "PUT " + uri.getPath() + " answered HTTP " + response.status()
            + ": " + response.text().strip().replaceAll("\\s+", " "));
      }
      // The registry took the whole manifest (a body cut short is no 201) and holds it under another
      // digest: what it holds is not what was pushed, and pushing the same bytes again changes nothing.
      String stored = response.header("Docker-Content-Digest").orElse(digest);
      String pushed = like(stored, bytes, digest);
      if (!stored.equals(pushed)) {
        throw ReleaseException.verification("the registry stored " + ref + " as " + Echo.value(stored) + ", not as the pushed "
            + pushed + ": the registry, or a proxy in front of it, changes manifests; push to it without that proxy (or to a"
            + " registry that stores manifests as sent), then run again");
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

  /** {@code HEAD /v2/<repository>/blobs/<digest>}, once per blob and run. */
  public boolean blobExists(String name, String digest) {
    return blobs.exists(name, digest);
  }

  /**
   * Uploads a blob in one piece ({@code POST} an upload session, {@code PUT} its bytes with the
   * digest), streamed from {@code content}, opened once per attempt.
   */
  public void pushBlob(String name, String digest, long size, Supplier<InputStream> content) {
    blobs.push(name, digest, size, content);
  }

  /**
   * Uploads a blob while its bytes are produced ({@code content} opens a reader of them from the
   * first byte, which waits for the rest; {@code digest} gives the digest once they are all there):
   * the upload ends with the bytes. Returns the digest; empty when the registry takes no streamed
   * upload (then send the blob whole).
   */
  public Optional<String> pushBlobStreamed(String name, Supplier<InputStream> content, Supplier<String> digest) {
    return blobs.pushStreamed(name, content, digest);
  }

  /** {@code GET /v2/<repository>/blobs/<digest>} in one request, checked against its digest. */
  public byte[] blob(String name, String digest) {
    return blobs.read(name, digest);
  }

  /** {@code HEAD /v2/<repository>/manifests/<digest>}: whether the registry has that manifest. */
  public boolean manifestExists(String name, String digest) {
    String repository = access.registry().repository(name);
    String ref = access.registry().repositoryRef(name) + "@" + digest;
    Optional<Fetched> known = manifests.get(ref);
    if (known != null && known.isPresent()) {
      return true;
    }
    return call(ref, "look-up of manifest " + References.shortDigest(digest) + " in "
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

  private <T> T call(String ref, String action, Callable<T> body) {
    return wire.call(ref, action, body);
  }

  /** Forgets what a tag held: after a push to it, the next look-up asks the registry again. */
  public void forget(String name, String tag) {
    manifests.remove(access.registry().repositoryRef(name) + ":" + tag);
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
    // The bytes came whole (a body cut short is RegistryHttp's I/O failure, retried): bytes that
    // hash to another digest than the one asked for, or the one the registry names them by, are
    // what it serves.
    if (References.isDigest(reference)) {
      requireBytes(ref, body, digest, reference, "the digest asked for");
    }
    Optional<String> named = response.header("Docker-Content-Digest");
    if (named.isPresent()) {
      requireBytes(ref, body, digest, named.get(), "the Docker-Content-Digest the registry sent");
    }
    String mediaType = response.header("Content-Type").orElse("").replaceFirst(";.*$", "").strip();
    return Optional.of(new Fetched(ref, mediaType, digest, body));
  }

  /**
   * Fails (VERIFICATION, not retried) a manifest whose bytes, which came whole, do not hash to
   * {@code expected} (in its algorithm; {@code sha256} is their SHA-256 digest): the registry, or a proxy or cache in front of it, serves
   * other content under that digest, as {@link RegistryBlobs#read} says of a blob.
   */
  private static void requireBytes(String ref, byte[] body, String sha256, String expected, String which) {
    String actual = like(expected, body, sha256);
    if (!actual.equals(expected)) {
      throw ReleaseException.verification("manifest " + ref + " came back with bytes that hash to " + actual + ", not to "
          + Echo.value(expected) + " (" + which + "): the registry, or a proxy or cache in front of it, serves damaged content;"
          + " repair or delete that manifest there, then run again");
    }
  }

  /** {@code bytes}' digest in {@code digest}'s algorithm, its {@code sha256} already at hand (hashed again only for a sha512 one). */
  private static String like(String digest, byte[] bytes, String sha256) {
    return digest.startsWith("sha256:") ? sha256 : Digests.like(digest, bytes);
  }

  static String sha256(byte[] bytes) {
    return Digests.sha256(bytes);
  }
}
