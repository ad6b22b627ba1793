package dev.ackrelease.steps.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.ToolVersion;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * One client for GitHub's REST API v3 ({@code java.net.http} and Jackson, as the registry client):
 * every request carries the token, GitHub's media type and API version; has a connect time-out and
 * the run's request time-out (an upload ten times it); and goes out under the run's retry policy
 * ({@link Retry}: backoff with jitter, the attempts and the time budget of {@code --retry-timeout}).
 * What is retried: a rate limit always (GitHub did nothing), waiting as long as GitHub says; a 5xx,
 * a 408, a time-out or a dropped connection only for a request that may be repeated (GET, PATCH,
 * DELETE). A POST that creates something is never sent twice blindly: {@link #ensure} looks for
 * what it makes before each try. Lists are read page by page through the {@code Link} header's
 * {@code next}, only on the API's own host. Redirects are not followed with the token: a download
 * GitHub redirects to storage is fetched from there without it.
 */
public final class GitHubClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int PAGE = 100;

  private final GitHubTarget target;
  private final GitHubToken token;
  private final Retry.Policy retry;
  private final Log log;
  private final HttpClient http;

  public GitHubClient(GitHubTarget target, GitHubToken token, Retry.Policy retry, Log log) {
    this.target = target;
    this.token = token;
    this.retry = retry;
    this.log = log;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  public GitHubTarget target() {
    return target;
  }

  /** A path of the repository's API, e.g. {@code repo("/releases")} is {@code /repos/OWNER/NAME/releases}. */
  public String repo(String suffix) {
    return target.path() + suffix;
  }

  /** GET of an API path (a repository's: {@link #repo}); a status other than 200 throws {@link GitHubException}. */
  public JsonNode get(String path) {
    return send("GET", api(path), null, null, true).json();
  }

  /** GET of an API path; empty when GitHub answers 404. */
  public Optional<JsonNode> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (GitHubException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every item of a list, page by page ({@code per_page=100}, then the {@code Link} header's {@code next}). */
  public List<JsonNode> list(String path) {
    return listUntil(path, item -> false);
  }

  /** The items of a list, page by page, up to the page that holds an item {@code last} accepts (GitHub's order decides). */
  public List<JsonNode> listUntil(String path, Predicate<JsonNode> last) {
    List<JsonNode> items = new ArrayList<>();
    URI next = api(path + (path.contains("?") ? "&" : "?") + "per_page=" + PAGE);
    while (next != null) {
      Answer page = send("GET", next, null, null, true);
      boolean done = false;
      for (JsonNode item : page.json()) {
        items.add(item);
        done |= last.test(item);
      }
      next = done ? null : page.next().map(this::sameApi).orElse(null);
    }
    return items;
  }

  /** POST of JSON; never sent again after a 5xx (wrap it in {@link #ensure}), but after a rate limit. */
  public JsonNode post(String path, JsonNode body) {
    return send("POST", api(path), "application/json", bytes(body), false).json();
  }

  /** PATCH of JSON (the same change twice is the same change: retried). */
  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", api(path), "application/json", bytes(body), true).json();
  }

  /** DELETE; what is already gone (404) is fine. */
  public void delete(String path) {
    try {
      send("DELETE", api(path), null, null, true);
    } catch (GitHubException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /**
   * Uploads {@code bytes} as a release asset to the release's {@code upload_url} (GitHub's uploads
   * host, its {@code {?name,label}} template filled with {@code name}); as a POST, wrap it in {@link #ensure}.
   */
  public JsonNode upload(String uploadUrlTemplate, String name, String contentType, byte[] bytes) {
    String base = uploadUrlTemplate.replaceFirst("\\{\\?[^}]*}$", "");
    URI uri;
    try {
      uri = URI.create(base + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ReleaseException.remote("GitHub's upload_url '" + base + "' is not a URL: check --github-api-url", e);
    }
    if (uri.getHost() == null || !"https".equals(uri.getScheme()) && !target.api().getScheme().equals(uri.getScheme())) {
      throw ReleaseException.remote("GitHub's upload_url " + base + " is not an " + target.api().getScheme() + " URL with a host:"
          + " not uploading there; check --github-api-url", null);
    }
    return send("POST", uri, contentType, bytes, false).json();
  }

  /**
   * The bytes of a release asset ({@code GET .../releases/assets/ID} with {@code Accept:
   * application/octet-stream}): served directly, or through a redirect to storage that is
   * followed without the token, as GitHub's documentation says to handle both.
   */
  public byte[] download(String path) {
    Answer answer = send("GET", api(path), null, null, true, "application/octet-stream");
    if (answer.status() / 100 == 3) {
      URI location = answer.location().orElseThrow(() -> ReleaseException.remote("GitHub redirected the download of " + path
          + " without a Location: run again", null));
      return call("GET " + location.getHost(), () -> {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(location).timeout(retry.requestTimeout().multipliedBy(10))
            .header("User-Agent", userAgent()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new GitHubException("GET " + location.getHost() + location.getPath(), r.statusCode(), MissingNode.getInstance(),
              Answer.headers(r), target.slug());
        }
        return r.body();
      }, true);
    }
    return answer.body();
  }

  /**
   * {@code attempt} (a look-up, then a write only when the look-up found nothing) under the retry
   * policy, tried again after any transient failure: what a first try made before failing is
   * found by the next try's look-up, so a POST that GitHub carried out but answered with a 502
   * never makes a second release, pull request or comment.
   */
  public <T> T ensure(String what, Callable<T> attempt) {
    try {
      return Retry.call(retry, what, log, GitHubClient::transientAny, attempt);
    } catch (ReleaseException e) {
      throw e;
    } catch (Exception e) {
      throw transportFailure(what, e);
    }
  }

  // ---- The wire.

  private Answer send(String method, URI uri, String contentType, byte[] body, boolean idempotent) {
    return send(method, uri, contentType, body, idempotent, "application/vnd.github+json");
  }

  private Answer send(String method, URI uri, String contentType, byte[] body, boolean idempotent, String accept) {
    String what = method + " " + uri.getRawPath();
    return call(what, () -> {
      Duration timeout = body != null && contentType != null && !contentType.equals("application/json")
          ? retry.requestTimeout().multipliedBy(10) : retry.requestTimeout();
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Accept", accept).header("X-GitHub-Api-Version", "2022-11-28").header("User-Agent", userAgent())
          .header("Authorization", token.header());
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = r.statusCode();
      if (status / 100 == 2 || status / 100 == 3 && accept.equals("application/octet-stream")) {
        return Answer.of(uri, r);
      }
      JsonNode error;
      try {
        error = r.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(r.body());
      } catch (IOException e) {
        error = MissingNode.getInstance();
      }
      throw new GitHubException(what, status, error == null ? MissingNode.getInstance() : error, Answer.headers(r), target.slug());
    }, idempotent);
  }

  private <T> T call(String what, Callable<T> attempt, boolean idempotent) {
    try {
      return Retry.call(retry, what, log, e -> idempotent ? transientAny(e) : e instanceof GitHubException g && g.rateLimited(),
          attempt);
    } catch (ReleaseException e) {
      throw e;
    } catch (Exception e) {
      throw transportFailure(what, e);
    }
  }

  /** A rate limit, a 5xx or 408, a time-out or a broken connection. */
  static boolean transientAny(Exception e) {
    if (e instanceof GitHubException g) {
      return g.rateLimited() || g.serverError();
    }
    return e instanceof IOException;
  }

  private ReleaseException transportFailure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("\\s+", " ").strip();
    return ReleaseException.remote(Secrets.redact(what + " on " + target.api() + " failed (" + reason + "): check the network"
        + " and --github-api-url, and run again"), e);
  }

  /** A {@code next} page on the API's own scheme, host and port (the token goes nowhere else). */
  private URI sameApi(URI next) {
    URI api = target.api();
    if (!api.getScheme().equalsIgnoreCase(next.getScheme()) || !api.getHost().equalsIgnoreCase(next.getHost())
        || api.getPort() != next.getPort()) {
      throw ReleaseException.remote("GitHub's next page is on " + next.getScheme() + "://" + next.getAuthority() + ", not on "
          + api + ": not sending the token there; check --github-api-url", null);
    }
    return next;
  }

  private URI api(String path) {
    return URI.create(target.api().toString() + path);
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String userAgent() {
    return ToolVersion.userAgent();
  }
}
