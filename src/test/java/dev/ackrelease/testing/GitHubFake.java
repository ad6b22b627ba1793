package dev.ackrelease.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for the endpoints ack-release uses, served by WireMock on 127.0.0.1 and
 * stateful as GitHub is: a release created is there on the next GET (a draft only in the list,
 * never by tag), an asset is uploaded to a second server standing in for {@code uploads.github.com}
 * at the release's {@code upload_url}, a second asset of a name is {@code 422 already_exists}, a
 * download redirects to "storage" that refuses the token (as S3 refuses a second authorization), a
 * pull request needs its head branch in the repository's bare git repo (the clone's remote) and
 * merges into it, lists are paged with {@code Link} headers, every answer carries the
 * {@code x-ratelimit-*} headers, and a request without the token is {@code 401 Bad credentials}.
 * {@link #failOnce} makes the next matching request fail as GitHub fails (a secondary rate limit,
 * a 502).
 */
public final class GitHubFake implements AutoCloseable {

  private static final String NAME = "github-fake";
  private static final Pattern REPO = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");

  private final String token;
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final WireMockServer api;
  private final WireMockServer uploads;
  private final Map<String, GitHubFakeRepo> repos = new ConcurrentHashMap<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final AtomicLong remaining = new AtomicLong(5000);
  private volatile int pageCap = 100;
  private volatile boolean digests = true;
  private final ThreadLocal<String> caller = ThreadLocal.withInitial(() -> "ack-bot");

  /** A failure the next request matching {@code method} and {@code path} gets, once. */
  private record Fault(String method, Pattern path, int status, Map<String, String> headers, String body, boolean starterAsset) {}

  public GitHubFake(String token) {
    this.token = token;
    users.put(token, "ack-bot");
    ResponseDefinitionTransformerV2 handler = new ResponseDefinitionTransformerV2() {
      @Override
      public ResponseDefinition transform(ServeEvent event) {
        return handle(event.getRequest());
      }

      @Override
      public boolean applyGlobally() {
        return false;
      }

      @Override
      public String getName() {
        return NAME;
      }
    };
    api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(handler));
    uploads = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(handler));
    for (WireMockServer s : List.of(api, uploads)) {
      s.start();
      s.stubFor(any(anyUrl()).atPriority(10).willReturn(ResponseDefinitionBuilder.responseDefinition().withTransformers(NAME)));
    }
  }

  /** The REST API's base URL, what {@code --github-api-url} takes. */
  public String apiUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  public String uploadsUrl() {
    return "http://127.0.0.1:" + uploads.port();
  }

  /** The web URL GitHub would have for this API ({@code http://127.0.0.1:PORT} itself: nothing serves pages). */
  public String webUrl() {
    return apiUrl();
  }

  /** Serves {@code owner/name}, its git refs read from and written to {@code bare}. */
  public GitHubFake repository(String slug, Path bare) {
    String[] p = slug.split("/");
    repos.put(slug, new GitHubFakeRepo(p[0], p[1], bare, apiUrl(), uploadsUrl(), webUrl()));
    return this;
  }

  /** Another token, of user {@code login}: what it creates is {@code login}'s. */
  public GitHubFake user(String userToken, String login) {
    users.put(userToken, login);
    return this;
  }

  /** At most {@code n} items a page, whatever {@code per_page} asks (GitHub's cap is 100): pagination with few items. */
  public GitHubFake pageSize(int n) {
    this.pageCap = n;
    return this;
  }

  /** Assets without {@code digest}, as GitHub Enterprise Server before asset digests lists them. */
  public GitHubFake withoutAssetDigests() {
    this.digests = false;
    return this;
  }

  /** The next request {@code method} {@code path} (a regex over the path) fails with {@code status} as GitHub answers it. */
  public void failOnce(String method, String path, int status) {
    if (status == 403 || status == 429) {
      faults.add(new Fault(method, Pattern.compile(path), status, Map.of("retry-after", "1"),
          "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach"
              + " out to GitHub Support for help, please include the request ID.\",\"documentation_url\":"
              + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\""
              + status + "\"}", false));
    } else {
      faults.add(new Fault(method, Pattern.compile(path), status, Map.of(), "{\"message\":\"Server Error\"}", false));
    }
  }

  /**
   * The next request {@code method} {@code path} finds the token's primary rate limit used up
   * until {@code reset}: {@code 403} with {@code x-ratelimit-remaining: 0} and that
   * {@code x-ratelimit-reset}, as GitHub answers it.
   */
  public void exhaustRateLimitOnce(String method, String path, Instant reset) {
    faults.add(new Fault(method, Pattern.compile(path), 403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
        Long.toString(reset.getEpochSecond())), "{\"message\":\"API rate limit exceeded for user ID 1.\",\"documentation_url\":"
        + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\",\"status\":\"403\"}", false));
  }

  /**
   * The next upload fails as GitHub documents it can: {@code 502 Bad Gateway}, leaving an empty
   * asset in state {@code starter} under that name.
   */
  public void failNextUploadLeavingStarter() {
    faults.add(new Fault("POST", Pattern.compile(".*/assets$"), 502, Map.of(), "{\"message\":\"Bad Gateway\"}", true));
  }

  // ---- Seeding, as a contributor and a maintainer would on github.com.

  /** Opens a pull request from {@code branch} (already pushed to the bare repository) into {@code base}. */
  public synchronized int openPull(String slug, String branch, String base, String title, String author, String... labels) {
    GitHubFakeRepo r = repo(slug);
    int n = nextNumber(r);
    GitHubFakeRepo.Pull p = new GitHubFakeRepo.Pull(r.newPull(n, title, "", author, branch, base,
        r.ref("refs/heads/" + branch).orElseThrow().name()));
    for (String l : labels) {
      r.label(p, l);
    }
    r.pulls.put(n, p);
    return n;
  }

  /**
   * Pull request {@code number}, squash-merged into {@code base} as {@code commit} (already pushed
   * there, its subject "Title (#number)" as GitHub writes it); {@code updatedAt} as GitHub sets it.
   */
  public synchronized void squashMerged(String slug, int number, String title, String author, String commit,
      String... labels) {
    GitHubFakeRepo r = repo(slug);
    GitHubFakeRepo.Pull p = new GitHubFakeRepo.Pull(r.newPull(number, title, "", author, "pr-" + number, "main", commit));
    for (String l : labels) {
      r.label(p, l);
    }
    String now = Instant.now().toString();
    p.json.put("state", "closed");
    p.json.put("merged_at", now);
    p.json.put("closed_at", now);
    p.json.put("merge_commit_sha", commit);
    r.pulls.put(number, p);
  }

  /** Merges an open pull request with a merge commit on its base (the bare repository's branch moves); returns the commit. */
  public synchronized String merge(String slug, int number) {
    GitHubFakeRepo r = repo(slug);
    return r.merge(r.pulls.get(number), Instant.now());
  }

  // ---- What happened.

  /** Every request served, as {@code METHOD path?query}, in order (faults included). */
  public List<String> requests() {
    return List.copyOf(log);
  }

  public long count(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return log.stream().filter(l -> l.startsWith(method + " ") && p.matcher(l.substring(method.length() + 1).replaceFirst("\\?.*$", ""))
        .matches()).count();
  }

  public synchronized List<JsonNode> releases(String slug) {
    GitHubFakeRepo r = repo(slug);
    return r.releases.keySet().stream().map(id -> (JsonNode) r.release(id)).toList();
  }

  public synchronized List<JsonNode> pulls(String slug) {
    return repo(slug).pulls.values().stream().map(p -> (JsonNode) p.json.deepCopy()).toList();
  }

  public synchronized List<String> comments(String slug, int number) {
    return List.copyOf(repo(slug).comments.getOrDefault(number, List.of()));
  }

  public synchronized byte[] assetBytes(String slug, String tag, String name) {
    GitHubFakeRepo r = repo(slug);
    return r.assets.values().stream().filter(a -> a.json().path("name").asText().equals(name)
        && r.releases.get(a.release()).path("tag_name").asText().equals(tag)).findFirst().orElseThrow().bytes();
  }

  /** Deletes an asset, as a maintainer would in the web page (a half-made release). */
  public synchronized void deleteAsset(String slug, String tag, String name) {
    GitHubFakeRepo r = repo(slug);
    r.assets.entrySet().removeIf(e -> e.getValue().json().path("name").asText().equals(name)
        && r.releases.get(e.getValue().release()).path("tag_name").asText().equals(tag));
  }

  /** Replaces an asset's bytes, as someone uploading another file under the same name would. */
  public synchronized void replaceAsset(String slug, String tag, String name, byte[] bytes) {
    GitHubFakeRepo r = repo(slug);
    GitHubFakeRepo.Asset old = r.assets.values().stream().filter(a -> a.json().path("name").asText().equals(name)
        && r.releases.get(a.release()).path("tag_name").asText().equals(tag)).findFirst().orElseThrow();
    long id = old.json().path("id").asLong();
    r.assets.put(id, r.newAsset(id, old.release(), name, "", old.json().path("content_type").asText(), bytes, "uploaded"));
  }

  public List<String> tagsCreatedByGitHub(String slug) {
    return List.copyOf(repo(slug).tagsCreatedByGitHub);
  }

  @Override
  public void close() {
    api.stop();
    uploads.stop();
  }

  // ---- Serving.

  private synchronized ResponseDefinition handle(Request req) {
    String method = req.getMethod().getName();
    String url = req.getUrl();
    String path = url.replaceFirst("\\?.*$", "");
    boolean toUploads = req.getPort() == uploads.port();
    log.add(method + " " + (toUploads ? "uploads:" : "") + url);
    if (toUploads && path.startsWith("/storage/")) {
      return storage(req, path);
    }
    Optional<ResponseDefinition> page = GitHubFakePages.page(this, path);
    if (page.isPresent()) {
      return page.get();
    }
    String auth = Optional.ofNullable(req.getHeader("Authorization")).orElse("").replaceFirst("^(Bearer|token) ", "");
    if (!users.containsKey(auth)) {
      return json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
    }
    caller.set(users.get(auth));
    for (Fault f : faults) {
      if (f.method().equals(method) && f.path().matcher(path).matches()) {
        faults.remove(f);
        if (f.starterAsset()) {
          upload(req, path, true);
        }
        ResponseDefinitionBuilder b = base(f.status(), f.headers().containsKey("x-ratelimit-remaining")).withBody(f.body())
            .withHeader("Content-Type", "application/json; charset=utf-8");
        f.headers().forEach(b::withHeader);
        return b.build();
      }
    }
    Matcher m = REPO.matcher(path);
    if (!m.matches() || !repos.containsKey(m.group(1) + "/" + m.group(2))) {
      return notFound();
    }
    GitHubFakeRepo r = repos.get(m.group(1) + "/" + m.group(2));
    String rest = m.group(3) == null ? "" : m.group(3);
    try {
      if (toUploads) {
        return method.equals("POST") && rest.matches("/releases/\\d+/assets") ? upload(req, path, false) : notFound();
      }
      return GitHubFakeRoutes.route(this, r, method, rest, req);
    } catch (IOException e) {
      return json(400, "{\"message\":\"Problems parsing JSON\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }
  }

  private ResponseDefinition upload(Request req, String path, boolean starter) {
    Matcher m = Pattern.compile("^/repos/([^/]+)/([^/]+)/releases/(\\d+)/assets$").matcher(path);
    if (!m.matches()) {
      return notFound();
    }
    GitHubFakeRepo r = repos.get(m.group(1) + "/" + m.group(2));
    long release = Long.parseLong(m.group(3));
    if (r == null || !r.releases.containsKey(release)) {
      return notFound();
    }
    QueryParameter name = req.queryParameter("name");
    String contentType = req.getHeader("Content-Type");
    if (!name.isPresent() || contentType == null || contentType.isBlank()) {
      return json(422, "{\"message\":\"Bad Content-Type header value\",\"documentation_url\":\"https://docs.github.com/rest/releases/assets#upload-a-release-asset\"}");
    }
    String assetName = URLDecoder.decode(name.firstValue(), StandardCharsets.UTF_8);
    boolean taken = r.assets.values().stream().anyMatch(a -> a.release() == release && a.json().path("name").asText().equals(assetName));
    if (taken) {
      return json(422, "{\"message\":\"Validation Failed\",\"request_id\":\"C0DE:1234:5678\",\"documentation_url\":"
          + "\"https://docs.github.com/rest/releases/assets#upload-a-release-asset\",\"errors\":[{\"resource\":\"ReleaseAsset\","
          + "\"code\":\"already_exists\",\"field\":\"name\"}]}");
    }
    long id = ids.incrementAndGet();
    GitHubFakeRepo.Asset a = r.newAsset(id, release, assetName, "", contentType, starter ? new byte[0] : req.getBody(),
        starter ? "starter" : "uploaded");
    if (!digests) {
      a.json().remove("digest");
    }
    r.assets.put(id, a);
    return json(201, a.json().toString());
  }

  private ResponseDefinition storage(Request req, String path) {
    if (req.getHeader("Authorization") != null) {
      return base(400).withHeader("Content-Type", "application/xml").withBody("<Error><Code>InvalidArgument</Code><Message>Only one"
          + " auth mechanism allowed</Message></Error>").build();
    }
    long id = Long.parseLong(path.substring("/storage/".length()));
    for (GitHubFakeRepo r : repos.values()) {
      GitHubFakeRepo.Asset a = r.assets.get(id);
      if (a != null) {
        return base(200).withHeader("Content-Type", "application/octet-stream").withBody(a.bytes()).build();
      }
    }
    return notFound();
  }

  // ---- Used by the routes.

  /** The login of the token of the request being served. */
  String caller() {
    return caller.get();
  }

  Map<String, GitHubFakeRepo> repos() {
    return repos;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  int nextNumber(GitHubFakeRepo r) {
    return Math.max(r.pulls.isEmpty() ? 0 : r.pulls.lastKey(), 0) + 1;
  }

  /** A page of {@code items} with GitHub's {@code Link} header. */
  ResponseDefinition page(Request req, String path, List<? extends JsonNode> items, Predicate<JsonNode> keep) {
    List<JsonNode> all = new ArrayList<>();
    items.stream().filter(keep).forEach(all::add);
    int per = Math.min(pageCap, intParam(req, "per_page", 30));
    int page = Math.max(1, intParam(req, "page", 1));
    int last = Math.max(1, (all.size() + per - 1) / per);
    ArrayNode body = GitHubFakeRepo.JSON.createArrayNode();
    all.stream().skip((long) (page - 1) * per).limit(per).forEach(body::add);
    ResponseDefinitionBuilder b = base(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString());
    if (page < last) {
      String query = req.getUrl().contains("?") ? req.getUrl().substring(req.getUrl().indexOf('?') + 1) : "";
      query = query.replaceAll("(^|&)page=\\d+", "");
      String prefix = apiUrl() + path + "?" + (query.isEmpty() ? "" : query.replaceFirst("^&", "") + "&");
      b.withHeader("Link", "<" + prefix + "page=" + (page + 1) + ">; rel=\"next\", <" + prefix + "page=" + last + ">; rel=\"last\"");
    }
    return b.build();
  }

  static int intParam(Request req, String name, int fallback) {
    QueryParameter q = req.queryParameter(name);
    return q.isPresent() && q.firstValue().matches("\\d{1,6}") ? Integer.parseInt(q.firstValue()) : fallback;
  }

  ResponseDefinition json(int status, String body) {
    return base(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body).build();
  }

  ResponseDefinition notFound() {
    return json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
  }

  ResponseDefinition redirect(String location) {
    return base(302).withHeader("Location", location).build();
  }

  private ResponseDefinitionBuilder base(int status) {
    return base(status, false);
  }

  /** GitHub's headers on every answer; {@code limitGiven}: the rate limit headers come from the fault instead. */
  private ResponseDefinitionBuilder base(int status, boolean limitGiven) {
    long left = Math.max(0, remaining.decrementAndGet());
    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("x-github-api-version-selected", "2022-11-28").withHeader("x-ratelimit-limit", "5000")
        .withHeader("x-ratelimit-used", Long.toString(5000 - left)).withHeader("x-ratelimit-resource", "core");
    if (!limitGiven) {
      b.withHeader("x-ratelimit-remaining", Long.toString(left))
          .withHeader("x-ratelimit-reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
    }
    return b;
  }

  GitHubFakeRepo repo(String slug) {
    GitHubFakeRepo r = repos.get(slug);
    if (r == null) {
      throw new IllegalArgumentException("the fake serves no " + slug);
    }
    return r;
  }

  static Comparator<JsonNode> byUpdatedDesc() {
    return Comparator.comparing((JsonNode j) -> j.path("updated_at").asText()).reversed();
  }

  static ObjectNode object() {
    return GitHubFakeRepo.JSON.createObjectNode();
  }
}
