package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The endpoints of {@link GitHubFake} under {@code /repos/OWNER/NAME}, each answering as GitHub's REST documentation says. */
final class GitHubFakeRoutes {

  private GitHubFakeRoutes() {}

  static ResponseDefinition route(GitHubFake f, GitHubFakeRepo r, String method, String rest, Request req) throws IOException {
    String path = "/repos/" + r.slug() + rest;
    Matcher m;
    if (rest.equals("/releases")) {
      return method.equals("GET") ? f.page(req, path, r.releases.descendingKeySet().stream().map(r::release).toList(), j -> true)
          : method.equals("POST") ? createRelease(f, r, body(req)) : notAllowed(f);
    }
    if ((m = match("^/releases/tags/(.+)$", rest)).matches()) {
      return published(r, m.group(1)).map(id -> f.json(200, r.release(id).toString())).orElseGet(f::notFound);
    }
    if ((m = match("^/releases/(\\d+)$", rest)).matches()) {
      long id = Long.parseLong(m.group(1));
      if (!r.releases.containsKey(id)) {
        return f.notFound();
      }
      return switch (method) {
        case "GET" -> f.json(200, r.release(id).toString());
        case "PATCH" -> updateRelease(f, r, id, body(req));
        case "DELETE" -> deleteRelease(f, r, id);
        default -> notAllowed(f);
      };
    }
    if ((m = match("^/releases/(\\d+)/assets$", rest)).matches() && method.equals("GET")) {
      long id = Long.parseLong(m.group(1));
      return f.page(req, path, r.assets.values().stream().filter(a -> a.release() == id).map(a -> (JsonNode) a.json()).toList(),
          j -> true);
    }
    if ((m = match("^/releases/assets/(\\d+)$", rest)).matches()) {
      long id = Long.parseLong(m.group(1));
      GitHubFakeRepo.Asset a = r.assets.get(id);
      if (a == null) {
        return f.notFound();
      }
      if (method.equals("DELETE")) {
        r.assets.remove(id);
        return f.json(204, "");
      }
      if ("application/octet-stream".equals(req.getHeader("Accept"))) {
        return f.redirect(f.uploadsUrl() + "/storage/" + id);
      }
      return f.json(200, a.json().toString());
    }
    if ((m = match("^/git/ref/tags/(.+)$", rest)).matches()) {
      return r.tagRef(m.group(1)).map(j -> f.json(200, j.toString())).orElseGet(f::notFound);
    }
    if ((m = match("^/git/tags/([0-9a-f]{40})$", rest)).matches()) {
      return r.tagObject(m.group(1)).map(j -> f.json(200, j.toString())).orElseGet(f::notFound);
    }
    if (rest.equals("/pulls")) {
      return method.equals("GET") ? listPulls(f, r, req, path) : method.equals("POST") ? createPull(f, r, body(req)) : notAllowed(f);
    }
    if ((m = match("^/pulls/(\\d+)(/merge)?$", rest)).matches()) {
      GitHubFakeRepo.Pull p = r.pulls.get(Integer.parseInt(m.group(1)));
      if (p == null) {
        return f.notFound();
      }
      if (m.group(2) != null) {
        if (!method.equals("PUT") || !p.json.path("state").asText().equals("open")) {
          return f.json(405, "{\"message\":\"Pull Request is not mergeable\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        }
        String sha = r.merge(p, Instant.now());
        return f.json(200, "{\"sha\":\"" + sha + "\",\"merged\":true,\"message\":\"Pull Request successfully merged\"}");
      }
      return method.equals("GET") ? f.json(200, p.json.toString()) : method.equals("PATCH") ? updatePull(f, r, p, body(req))
          : notAllowed(f);
    }
    if ((m = match("^/issues/(\\d+)/(comments|labels)$", rest)).matches()) {
      int n = Integer.parseInt(m.group(1));
      if (!r.pulls.containsKey(n)) {
        return f.notFound();
      }
      if (m.group(2).equals("labels") && method.equals("POST")) {
        body(req).path("labels").forEach(l -> r.label(r.pulls.get(n), l.asText()));
        return f.json(200, r.pulls.get(n).json.path("labels").toString());
      }
      if (method.equals("POST")) {
        r.comments.computeIfAbsent(n, k -> new ArrayList<>()).add(body(req).path("body").asText());
        List<String> all = r.comments.get(n);
        return f.json(201, comment(f, r, n, all.size() - 1, all.get(all.size() - 1)).toString());
      }
      List<String> all = r.comments.getOrDefault(n, List.of());
      List<JsonNode> items = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        items.add(comment(f, r, n, i, all.get(i)));
      }
      return f.page(req, path, items, j -> true);
    }
    return f.notFound();
  }

  // ---- Releases.

  private static ResponseDefinition createRelease(GitHubFake f, GitHubFakeRepo r, JsonNode body) {
    String tag = body.path("tag_name").asText("");
    if (tag.isEmpty()) {
      return invalid(f, "Release", "tag_name", "missing_field");
    }
    boolean draft = body.path("draft").asBoolean(false);
    if (!draft && published(r, tag).isPresent()) {
      return invalid(f, "Release", "tag_name", "already_exists");
    }
    String commitish = body.path("target_commitish").asText(r.ref("refs/heads/main").map(o -> o.name()).orElse("main"));
    long id = f.nextId();
    ObjectNode release = r.newRelease(id, tag, commitish, body.path("name").asText(tag), body.path("body").asText(""), draft,
        body.path("prerelease").asBoolean(false));
    r.releases.put(id, release);
    if (!draft) {
      r.publish(release);
    }
    return f.json(201, r.release(id).toString());
  }

  private static ResponseDefinition updateRelease(GitHubFake f, GitHubFakeRepo r, long id, JsonNode body) {
    ObjectNode release = r.releases.get(id);
    for (String field : List.of("name", "body", "tag_name", "target_commitish")) {
      if (body.has(field)) {
        release.put(field, body.get(field).asText());
      }
    }
    if (body.has("draft") && !body.get("draft").asBoolean() && release.path("draft").asBoolean()) {
      String tag = release.path("tag_name").asText();
      if (published(r, tag).isPresent()) {
        return invalid(f, "Release", "tag_name", "already_exists");
      }
      r.publish(release);
    }
    return f.json(200, r.release(id).toString());
  }

  private static ResponseDefinition deleteRelease(GitHubFake f, GitHubFakeRepo r, long id) {
    r.releases.remove(id);
    r.assets.values().removeIf(a -> a.release() == id);
    return f.json(204, "");
  }

  private static Optional<Long> published(GitHubFakeRepo r, String tag) {
    return r.releases.entrySet().stream().filter(e -> !e.getValue().path("draft").asBoolean()
        && e.getValue().path("tag_name").asText().equals(tag)).map(e -> e.getKey()).findFirst();
  }

  // ---- Pull requests.

  private static ResponseDefinition listPulls(GitHubFake f, GitHubFakeRepo r, Request req, String path) {
    String state = param(req, "state").orElse("open");
    Optional<String> head = param(req, "head");
    Optional<String> base = param(req, "base");
    boolean byUpdate = param(req, "sort").filter("updated"::equals).isPresent();
    boolean asc = param(req, "direction").filter("asc"::equals).isPresent();
    Comparator<JsonNode> order = byUpdate ? Comparator.comparing((JsonNode j) -> j.path("updated_at").asText())
        : Comparator.comparingInt((JsonNode j) -> j.path("number").asInt());
    List<JsonNode> all = r.pulls.values().stream().map(p -> (JsonNode) p.json).sorted(asc ? order : order.reversed()).toList();
    return f.page(req, path, all, j -> (state.equals("all") || j.path("state").asText().equals(state))
        && head.map(h -> j.path("head").path("label").asText().equals(h.contains(":") ? h : r.owner + ":" + h)).orElse(true)
        && base.map(b -> j.path("base").path("ref").asText().equals(b)).orElse(true));
  }

  private static ResponseDefinition createPull(GitHubFake f, GitHubFakeRepo r, JsonNode body) {
    String head = body.path("head").asText("");
    String branch = head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
    String base = body.path("base").asText("");
    Optional<String> headSha = r.ref("refs/heads/" + branch).map(o -> o.name());
    if (headSha.isEmpty()) {
      return invalid(f, "PullRequest", "head", "invalid");
    }
    if (r.ref("refs/heads/" + base).isEmpty()) {
      return invalid(f, "PullRequest", "base", "invalid");
    }
    boolean exists = r.pulls.values().stream().anyMatch(p -> p.json.path("state").asText().equals("open")
        && p.json.path("head").path("ref").asText().equals(branch) && p.json.path("base").path("ref").asText().equals(base));
    if (exists) {
      return f.json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
          + "\"message\":\"A pull request already exists for " + r.owner + ":" + branch + ".\"}],\"documentation_url\":"
          + "\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\",\"status\":\"422\"}");
    }
    int n = f.nextNumber(r);
    GitHubFakeRepo.Pull p = new GitHubFakeRepo.Pull(r.newPull(n, body.path("title").asText(), body.path("body").asText(""),
        f.caller(), branch, base, headSha.get()));
    r.pulls.put(n, p);
    return f.json(201, p.json.toString());
  }

  private static ResponseDefinition updatePull(GitHubFake f, GitHubFakeRepo r, GitHubFakeRepo.Pull p, JsonNode body) {
    for (String field : List.of("title", "body")) {
      if (body.has(field)) {
        p.json.put(field, body.get(field).asText());
      }
    }
    if (body.has("state")) {
      p.json.put("state", body.get("state").asText());
      p.json.put("closed_at", body.get("state").asText().equals("closed") ? Instant.now().toString() : null);
    }
    // GitHub refreshes the head of an open pull request when its branch moves.
    r.ref("refs/heads/" + p.json.path("head").path("ref").asText()).ifPresent(sha -> ((ObjectNode) p.json.get("head"))
        .put("sha", sha.name()));
    p.json.put("updated_at", Instant.now().toString());
    return f.json(200, p.json.toString());
  }

  private static JsonNode comment(GitHubFake f, GitHubFakeRepo r, int number, int index, String body) {
    ObjectNode c = GitHubFake.object();
    long id = 50_000L + number * 1000L + index;
    c.put("id", id);
    c.put("node_id", "IC_kwDO" + id);
    c.put("url", r.apiBase() + "/issues/comments/" + id);
    c.put("html_url", f.webUrl() + "/" + r.slug() + "/pull/" + number + "#issuecomment-" + id);
    c.put("body", body);
    c.set("user", GitHubFakeRepo.user("ack-bot", 9001));
    c.put("created_at", Instant.now().toString());
    c.put("updated_at", Instant.now().toString());
    c.put("issue_url", r.apiBase() + "/issues/" + number);
    c.put("author_association", "MEMBER");
    return c;
  }

  // ---- Helpers.

  private static ResponseDefinition invalid(GitHubFake f, String resource, String field, String code) {
    return f.json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"" + resource + "\",\"code\":\"" + code
        + "\",\"field\":\"" + field + "\"}],\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"422\"}");
  }

  private static ResponseDefinition notAllowed(GitHubFake f) {
    return f.json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
  }

  private static JsonNode body(Request req) throws IOException {
    byte[] b = req.getBody();
    return b == null || b.length == 0 ? GitHubFake.object() : GitHubFakeRepo.JSON.readTree(b);
  }

  private static Optional<String> param(Request req, String name) {
    QueryParameter q = req.queryParameter(name);
    return q.isPresent() ? Optional.of(q.firstValue()) : Optional.empty();
  }

  private static Matcher match(String regex, String s) {
    return Pattern.compile(regex).matcher(s);
  }

  static ArrayNode array() {
    return GitHubFakeRepo.JSON.createArrayNode();
  }
}
