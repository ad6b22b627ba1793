package dev.ackrelease.steps.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pull requests of one repository and their comments (REST "Pulls" and "Issue comments"). */
public final class PullRequests {

  /** A pull request as GitHub lists it; {@code mergedAt} and {@code mergeCommit} only once merged. */
  public record Pull(int number, String title, String body, String state, String author, List<String> labels, String headRef,
      String headOwner, String baseRef, Optional<Instant> mergedAt, Optional<String> mergeCommit, String htmlUrl, Instant updatedAt) {

    static Pull of(JsonNode j) {
      List<String> labels = new ArrayList<>();
      j.path("labels").forEach(l -> labels.add(l.path("name").asText()));
      return new Pull(j.path("number").asInt(), j.path("title").asText(""), j.path("body").asText(""), j.path("state").asText(),
          j.path("user").path("login").asText(""), List.copyOf(labels), j.path("head").path("ref").asText(""),
          j.path("head").path("repo").path("owner").path("login").asText(j.path("head").path("user").path("login").asText("")),
          j.path("base").path("ref").asText(""), instant(j.path("merged_at")), text(j.path("merge_commit_sha")),
          j.path("html_url").asText(""), instant(j.path("updated_at")).orElse(Instant.EPOCH));
    }

    public boolean merged() {
      return mergedAt.isPresent();
    }
  }

  private final GitHubClient client;

  public PullRequests(GitHubClient client) {
    this.client = client;
  }

  /** Every open pull request. */
  public List<Pull> open() {
    return client.list(client.repo("/pulls?state=open")).stream().map(Pull::of).toList();
  }

  /** The pull requests in {@code state} (open, closed, all) from {@code branch} of this repository's owner. */
  public List<Pull> fromBranch(String branch, String state) {
    String head = URLEncoder.encode(client.target().owner() + ":" + branch, StandardCharsets.UTF_8);
    return client.list(client.repo("/pulls?state=" + state + "&head=" + head)).stream().map(Pull::of).toList();
  }

  /**
   * Closed pull requests, most recently updated first, up to the first page that reaches one
   * updated before {@code since} (a pull request merged after {@code since} was updated after it).
   */
  public List<Pull> closedSince(Instant since) {
    return client.listUntil(client.repo("/pulls?state=closed&sort=updated&direction=desc"),
        j -> instant(j.path("updated_at")).map(t -> t.isBefore(since)).orElse(false)).stream().map(Pull::of).toList();
  }

  public Pull create(String title, String head, String base, String body) {
    ObjectNode req = GitHubClient.JSON.createObjectNode();
    req.put("title", title).put("head", head).put("base", base).put("body", body).put("maintainer_can_modify", true);
    return Pull.of(client.post(client.repo("/pulls"), req));
  }

  /** Changes the fields given (title, body, state). */
  public Pull update(int number, ObjectNode changes) {
    return Pull.of(client.patch(client.repo("/pulls/" + number), changes));
  }

  /** The bodies of the comments on pull request {@code number}, oldest first. */
  public List<String> comments(int number) {
    return client.list(client.repo("/issues/" + number + "/comments")).stream().map(c -> c.path("body").asText("")).toList();
  }

  public void comment(int number, String body) {
    client.post(client.repo("/issues/" + number + "/comments"), GitHubClient.JSON.createObjectNode().put("body", body));
  }

  /** A JSON object to fill with the fields to change. */
  public static ObjectNode changes() {
    return GitHubClient.JSON.createObjectNode();
  }

  private static Optional<Instant> instant(JsonNode n) {
    return text(n).flatMap(s -> {
      try {
        return Optional.of(Instant.parse(s));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  private static Optional<String> text(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
  }
}
