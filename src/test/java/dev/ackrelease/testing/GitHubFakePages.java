package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two web pages of {@link GitHubFake} a user reaches from a release: the release page
 * ({@code /OWNER/NAME/releases/tag/TAG}, here its title, body and asset list as text) and an asset's
 * download ({@code /OWNER/NAME/releases/download/TAG/NAME}, the {@code browser_download_url}). Both
 * are public, as on github.com for a public repository: no token.
 */
final class GitHubFakePages {

  private static final Pattern PAGE = Pattern.compile("^/([^/]+)/([^/]+)/releases/(tag|download)/([^/]+)(?:/([^/]+))?$");

  private GitHubFakePages() {}

  static Optional<ResponseDefinition> page(GitHubFake f, String path) {
    Matcher m = PAGE.matcher(path);
    if (!m.matches() || path.startsWith("/repos/")) {
      return Optional.empty();
    }
    GitHubFakeRepo r = f.repos().get(m.group(1) + "/" + m.group(2));
    if (r == null) {
      return Optional.of(f.notFound());
    }
    Optional<JsonNode> release = r.releases.keySet().stream().map(r::release).filter(j -> !j.path("draft").asBoolean()
        && j.path("tag_name").asText().equals(m.group(4))).map(j -> (JsonNode) j).findFirst();
    if (release.isEmpty()) {
      return Optional.of(f.notFound());
    }
    if (m.group(3).equals("tag") && m.group(5) == null) {
      StringBuilder b = new StringBuilder();
      b.append("# ").append(release.get().path("name").asText()).append("\n\n").append(release.get().path("body").asText())
          .append("\n\nAssets:\n");
      release.get().path("assets").forEach(a -> b.append("  ").append(a.path("browser_download_url").asText()).append("  ")
          .append(a.path("digest").asText("")).append('\n'));
      return Optional.of(ResponseDefinitionBuilder.responseDefinition().withStatus(200)
          .withHeader("Content-Type", "text/plain; charset=utf-8").withBody(b.toString()).build());
    }
    if (m.group(3).equals("download") && m.group(5) != null) {
      long release0 = release.get().path("id").asLong();
      return r.assets.values().stream().filter(a -> a.release() == release0 && a.json().path("name").asText().equals(m.group(5)))
          .findFirst().map(a -> ResponseDefinitionBuilder.responseDefinition().withStatus(200)
              .withHeader("Content-Type", "application/octet-stream").withBody(a.bytes()).build())
          .or(() -> Optional.of(f.notFound()));
    }
    return Optional.of(f.notFound());
  }
}
