package dev.ackrelease.steps.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One answer of GitHub's: the status, the body, the {@code Link} header's {@code next} page and a
 * redirect's {@code Location}, each URL read without ever failing on what GitHub sent.
 */
record Answer(int status, byte[] body, Optional<URI> next, Optional<URI> location) {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  static Answer of(URI request, HttpResponse<byte[]> r) {
    return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Link").flatMap(Answer::next),
        r.headers().firstValue("Location").flatMap(l -> resolve(request, l)));
  }

  JsonNode json() {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return GitHubClient.JSON.readTree(body);
    } catch (IOException e) {
      throw ReleaseException.remote("GitHub answered " + status + " with a body that is not JSON: check --github-api-url", e);
    }
  }

  /** The headers the retry and error rules read. */
  static GitHubException.Headers headers(HttpResponse<?> r) {
    return new GitHubException.Headers(r.headers().firstValue("retry-after"), r.headers().firstValue("x-ratelimit-remaining"),
        r.headers().firstValue("x-ratelimit-reset"));
  }

  private static Optional<URI> next(String link) {
    Matcher m = NEXT.matcher(link);
    return m.find() ? resolve(null, m.group(1)) : Optional.empty();
  }

  /** A URL GitHub sent, against {@code base}; empty when it is no absolute URL with a host. */
  private static Optional<URI> resolve(URI base, String url) {
    try {
      URI u = base == null ? new URI(url) : base.resolve(new URI(url));
      return u.isAbsolute() && u.getHost() != null ? Optional.of(u) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
