package dev.ackrelease.steps.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's releases and release assets of one repository (REST "Releases" and "Release assets"),
 * and the one git-database read a release needs: which commit a tag names on GitHub.
 */
public final class Releases {

  /** A release as GitHub describes it. */
  public record Release(long id, String tagName, String name, String body, boolean draft, String htmlUrl, String uploadUrl,
      String targetCommitish) {

    static Release of(JsonNode j) {
      return new Release(j.path("id").asLong(), j.path("tag_name").asText(), j.path("name").asText(""), j.path("body").asText(""),
          j.path("draft").asBoolean(), j.path("html_url").asText(), j.path("upload_url").asText(),
          j.path("target_commitish").asText(""));
    }
  }

  /**
   * An asset: {@code state} {@code uploaded} when complete ({@code starter} or {@code open} when an
   * upload failed half-way); {@code digest} ({@code sha256:<hex>}) where GitHub computed one (every
   * asset uploaded to GitHub.com since June 2025; not on older Enterprise Servers).
   */
  public record Asset(long id, String name, String state, long size, Optional<String> digest, String contentType,
      String browserDownloadUrl) {

    static Asset of(JsonNode j) {
      String digest = j.path("digest").asText("");
      return new Asset(j.path("id").asLong(), j.path("name").asText(), j.path("state").asText(""), j.path("size").asLong(),
          digest.startsWith("sha256:") ? Optional.of(digest) : Optional.empty(), j.path("content_type").asText(""),
          j.path("browser_download_url").asText(""));
    }

    public boolean complete() {
      return state.equals("uploaded");
    }
  }

  private final GitHubClient client;

  public Releases(GitHubClient client) {
    this.client = client;
  }

  /**
   * The release of {@code tag}: the published one ({@code GET /releases/tags/{tag}}, which never
   * returns a draft), else the oldest draft with that tag name from the list of releases (drafts
   * have no tag yet, and several may name the same one).
   */
  public Optional<Release> find(String tag) {
    Optional<JsonNode> published = client.find(client.repo("/releases/tags/" + tag));
    if (published.isPresent()) {
      return published.map(Release::of);
    }
    List<Release> drafts = new ArrayList<>();
    for (JsonNode j : client.list(client.repo("/releases"))) {
      Release r = Release.of(j);
      if (r.draft() && r.tagName().equals(tag)) {
        drafts.add(r);
      }
    }
    return drafts.stream().min(Comparator.comparingLong(Release::id));
  }

  /** Creates a draft release of {@code tag} at {@code commit} (the tag's commit, should GitHub ever have to create the tag). */
  public Release createDraft(String tag, String name, String body, String commit) {
    ObjectNode req = GitHubClient.JSON.createObjectNode();
    req.put("tag_name", tag).put("target_commitish", commit).put("name", name).put("body", body).put("draft", true)
        .put("prerelease", false).put("generate_release_notes", false);
    return Release.of(client.post(client.repo("/releases"), req));
  }

  /** Changes the fields given (name, body, draft, make_latest). */
  public Release update(long id, ObjectNode changes) {
    return Release.of(client.patch(client.repo("/releases/" + id), changes));
  }

  public List<Asset> assets(long releaseId) {
    return client.list(client.repo("/releases/" + releaseId + "/assets")).stream().map(Asset::of).toList();
  }

  public Asset upload(Release release, String name, String contentType, byte[] bytes) {
    return Asset.of(client.upload(release.uploadUrl(), name, contentType, bytes));
  }

  public void deleteAsset(long assetId) {
    client.delete(client.repo("/releases/assets/" + assetId));
  }

  public byte[] download(Asset asset) {
    return client.download(client.repo("/releases/assets/" + asset.id()));
  }

  /**
   * The commit {@code tag} names on GitHub ({@code GET /git/ref/tags/{tag}}, an annotated tag
   * peeled with {@code GET /git/tags/{sha}}), or empty when GitHub has no such tag.
   */
  public Optional<String> tagCommit(String tag) {
    Optional<JsonNode> ref = client.find(client.repo("/git/ref/tags/" + tag));
    if (ref.isEmpty() || ref.get().isArray()) {
      return Optional.empty(); // an array: refs starting with the name, not the tag itself
    }
    JsonNode object = ref.get().path("object");
    for (int hops = 0; object.path("type").asText().equals("tag") && hops < 5; hops++) {
      object = client.get(client.repo("/git/tags/" + object.path("sha").asText())).path("object");
    }
    return object.path("type").asText().equals("commit") ? Optional.of(object.path("sha").asText()) : Optional.empty();
  }
}
