package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One repository of {@link GitHubFake}: its releases, assets, pull requests and comments in
 * memory, its git refs in a real bare repository (the one the clone pushes to), and every object
 * in the shape of GitHub's documented examples (REST API 2022-11-28: "Get a release", "Get a
 * release asset", "Get a pull request", "Get a reference").
 */
final class GitHubFakeRepo {

  static final ObjectMapper JSON = new ObjectMapper();

  final String owner;
  final String name;
  final Path bare;
  private final String api;
  private final String uploads;
  private final String web;

  final TreeMap<Long, ObjectNode> releases = new TreeMap<>();
  final TreeMap<Long, Asset> assets = new TreeMap<>();
  final TreeMap<Integer, Pull> pulls = new TreeMap<>();
  final Map<Integer, List<String>> comments = new TreeMap<>();
  final List<String> tagsCreatedByGitHub = new ArrayList<>();

  /** An asset: its JSON and its bytes. */
  record Asset(long release, ObjectNode json, byte[] bytes) {}

  /** A pull request's JSON and the commit GitHub knows as its head. */
  static final class Pull {
    final ObjectNode json;

    Pull(ObjectNode json) {
      this.json = json;
    }

    int number() {
      return json.path("number").asInt();
    }
  }

  GitHubFakeRepo(String owner, String name, Path bare, String api, String uploads, String web) {
    this.owner = owner;
    this.name = name;
    this.bare = bare;
    this.api = api;
    this.uploads = uploads;
    this.web = web;
  }

  String slug() {
    return owner + "/" + name;
  }

  String apiBase() {
    return api + "/repos/" + slug();
  }

  // ---- Releases and assets.

  ObjectNode newRelease(long id, String tag, String commitish, String title, String body, boolean draft, boolean prerelease) {
    ObjectNode r = JSON.createObjectNode();
    r.put("url", apiBase() + "/releases/" + id);
    r.put("html_url", web + "/" + slug() + "/releases/tag/" + (draft ? "untagged-" + hex(tag + id).substring(0, 20) : tag));
    r.put("assets_url", apiBase() + "/releases/" + id + "/assets");
    r.put("upload_url", uploads + "/repos/" + slug() + "/releases/" + id + "/assets{?name,label}");
    r.put("tarball_url", apiBase() + "/tarball/" + tag);
    r.put("zipball_url", apiBase() + "/zipball/" + tag);
    r.put("discussion_url", (String) null);
    r.put("id", id);
    r.put("node_id", "RE_kwDO" + id);
    r.put("tag_name", tag);
    r.put("target_commitish", commitish);
    r.put("name", title);
    r.put("body", body);
    r.put("draft", draft);
    r.put("prerelease", prerelease);
    r.put("immutable", false);
    r.put("created_at", Instant.now().toString());
    r.putNull("published_at");
    r.set("author", user("ack-bot", 9001));
    r.putArray("assets");
    return r;
  }

  /** The release with its assets as GitHub embeds them. */
  ObjectNode release(long id) {
    ObjectNode r = releases.get(id).deepCopy();
    ArrayNode list = r.putArray("assets");
    assets.values().stream().filter(a -> a.release() == id).forEach(a -> list.add(a.json()));
    return r;
  }

  void publish(ObjectNode r) {
    String tag = r.path("tag_name").asText();
    r.put("draft", false);
    r.put("published_at", Instant.now().toString());
    r.put("html_url", web + "/" + slug() + "/releases/tag/" + tag);
    if (ref(Constants.R_TAGS + tag).isEmpty()) {
      // GitHub makes the tag from target_commitish when a release of a missing tag is published.
      tagsCreatedByGitHub.add(tag);
      setRef(Constants.R_TAGS + tag, ObjectId.fromString(r.path("target_commitish").asText()));
    }
  }

  Asset newAsset(long id, long release, String assetName, String label, String contentType, byte[] bytes, String state) {
    ObjectNode a = JSON.createObjectNode();
    String tag = releases.get(release).path("tag_name").asText();
    a.put("url", apiBase() + "/releases/assets/" + id);
    a.put("browser_download_url", web + "/" + slug() + "/releases/download/" + tag + "/" + assetName);
    a.put("id", id);
    a.put("node_id", "RA_kwDO" + id);
    a.put("name", assetName);
    a.put("label", label);
    a.put("state", state);
    a.put("content_type", contentType);
    a.put("size", bytes.length);
    if (state.equals("uploaded")) {
      a.put("digest", "sha256:" + sha256(bytes));
    } else {
      a.putNull("digest");
    }
    a.put("download_count", 0);
    a.put("created_at", Instant.now().toString());
    a.put("updated_at", Instant.now().toString());
    a.set("uploader", user("ack-bot", 9001));
    return new Asset(release, a, bytes);
  }

  // ---- Pull requests.

  ObjectNode newPull(int number, String title, String body, String author, String head, String base, String headSha) {
    ObjectNode p = JSON.createObjectNode();
    p.put("url", apiBase() + "/pulls/" + number);
    p.put("id", 1_000_000 + number);
    p.put("node_id", "PR_kwDO" + number);
    p.put("html_url", web + "/" + slug() + "/pull/" + number);
    p.put("diff_url", web + "/" + slug() + "/pull/" + number + ".diff");
    p.put("issue_url", apiBase() + "/issues/" + number);
    p.put("number", number);
    p.put("state", "open");
    p.put("locked", false);
    p.put("title", title);
    p.set("user", user(author, 5000 + Math.abs(author.hashCode() % 1000)));
    p.put("body", body);
    p.putArray("labels");
    p.put("created_at", Instant.now().toString());
    p.put("updated_at", Instant.now().toString());
    p.putNull("closed_at");
    p.putNull("merged_at");
    p.putNull("merge_commit_sha");
    p.put("draft", false);
    p.set("head", branchObject(head, headSha));
    p.set("base", branchObject(base, ref(Constants.R_HEADS + base).map(ObjectId::name).orElse(null)));
    p.put("author_association", "MEMBER");
    return p;
  }

  void label(Pull pull, String label) {
    ArrayNode labels = (ArrayNode) pull.json.get("labels");
    for (var l : labels) {
      if (l.path("name").asText().equals(label)) {
        return;
      }
    }
    ObjectNode l = labels.addObject();
    l.put("id", 200_000 + Math.abs(label.hashCode() % 100_000));
    l.put("node_id", "LA_kwDO" + Math.abs(label.hashCode()));
    l.put("url", apiBase() + "/labels/" + label);
    l.put("name", label);
    l.put("description", (String) null);
    l.put("color", "0052cc");
    l.put("default", false);
  }

  private ObjectNode branchObject(String branch, String sha) {
    ObjectNode b = JSON.createObjectNode();
    b.put("label", owner + ":" + branch);
    b.put("ref", branch);
    b.put("sha", sha);
    b.set("user", user(owner, 1));
    ObjectNode repo = b.putObject("repo");
    repo.put("id", 1296269);
    repo.put("name", name);
    repo.put("full_name", slug());
    repo.set("owner", user(owner, 1));
    return b;
  }

  static ObjectNode user(String login, long id) {
    ObjectNode u = JSON.createObjectNode();
    u.put("login", login);
    u.put("id", id);
    u.put("node_id", "MDQ6VXNlcj" + id);
    u.put("type", "User");
    u.put("site_admin", false);
    return u;
  }

  /**
   * Merges pull request {@code pull} as GitHub's merge button does by default: a merge commit
   * "Merge pull request #N from OWNER/BRANCH" with the title as its body, the base first, on the
   * base branch; only when the base is an ancestor of the head (the fake does no content merge).
   */
  String merge(Pull pull, Instant when) {
    String head = pull.json.path("head").path("ref").asText();
    String base = pull.json.path("base").path("ref").asText();
    try (Repository repo = open(); RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
      RevCommit headCommit = walk.parseCommit(ref(Constants.R_HEADS + head).orElseThrow());
      RevCommit baseCommit = walk.parseCommit(ref(Constants.R_HEADS + base).orElseThrow());
      if (!walk.isMergedInto(baseCommit, headCommit)) {
        throw new IllegalStateException("the fake merges only a head that contains its base");
      }
      PersonIdent github = new PersonIdent("GitHub", "noreply@github.com", Date.from(when),
          TimeZone.getTimeZone("UTC"));
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(headCommit.getTree());
      c.setParentIds(baseCommit, headCommit);
      c.setAuthor(new PersonIdent(pull.json.path("user").path("login").asText(), "users.noreply.github.com",
          Date.from(when), TimeZone.getTimeZone("UTC")));
      c.setCommitter(github);
      c.setMessage("Merge pull request #" + pull.number() + " from " + owner + "/" + head + "\n\n" + pull.json.path("title").asText()
          + "\n");
      ObjectId merged = ins.insert(c);
      ins.flush();
      setRef(Constants.R_HEADS + base, merged);
      pull.json.put("state", "closed");
      pull.json.put("merged_at", when.toString());
      pull.json.put("closed_at", when.toString());
      pull.json.put("updated_at", when.toString());
      pull.json.put("merge_commit_sha", merged.name());
      return merged.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Git, read from the bare repository.

  Optional<ObjectId> ref(String name) {
    try (Repository repo = open()) {
      Ref r = repo.exactRef(name);
      return Optional.ofNullable(r).map(Ref::getObjectId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void setRef(String name, ObjectId id) {
    try (Repository repo = open()) {
      RefUpdate u = repo.updateRef(name);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      u.update();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /git/ref/tags/TAG}: the ref and the object it names (a tag object for an annotated tag). */
  Optional<ObjectNode> tagRef(String tag) {
    Optional<ObjectId> id = ref(Constants.R_TAGS + tag);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
      RevObject o = walk.parseAny(id.get());
      ObjectNode r = JSON.createObjectNode();
      r.put("ref", Constants.R_TAGS + tag);
      r.put("node_id", "REF_kwDO" + tag);
      r.put("url", apiBase() + "/git/refs/tags/" + tag);
      ObjectNode obj = r.putObject("object");
      obj.put("sha", o.name());
      obj.put("type", o instanceof RevTag ? "tag" : "commit");
      obj.put("url", apiBase() + "/git/" + (o instanceof RevTag ? "tags/" : "commits/") + o.name());
      return Optional.of(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /git/tags/SHA}: an annotated tag and the object it tags. */
  Optional<ObjectNode> tagObject(String sha) {
    try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
      RevObject o = walk.parseAny(ObjectId.fromString(sha));
      if (!(o instanceof RevTag t)) {
        return Optional.empty();
      }
      ObjectNode r = JSON.createObjectNode();
      r.put("node_id", "TAG_kwDO" + sha);
      r.put("sha", sha);
      r.put("url", apiBase() + "/git/tags/" + sha);
      r.put("tag", t.getTagName());
      r.put("message", t.getFullMessage());
      ObjectNode obj = r.putObject("object");
      obj.put("sha", t.getObject().name());
      obj.put("type", Constants.typeString(t.getObject().getType()));
      obj.put("url", apiBase() + "/git/commits/" + t.getObject().name());
      return Optional.of(r);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Plain data of the state, for assertions. */
  Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("releases", releases.size());
    m.put("pulls", pulls.size());
    return m;
  }
}
