package dev.ackrelease.steps.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitHub answered a request with a status other than the one asked for: a remote failure (exit 4)
 * whose message names the request, GitHub's own words and the fix. Callers that expect a status
 * ({@code 404} for "not there yet", {@code 422 already_exists}) read {@link #status()} and
 * {@link #errorCodes()}. Rate limits say when to try again, as GitHub's REST documentation asks
 * ("Rate limits for the REST API", secondary rate limits): {@code retry-after} seconds, else the
 * {@code x-ratelimit-reset} time when {@code x-ratelimit-remaining} is 0, else one minute.
 */
public final class GitHubException extends ReleaseException implements Retry.RetryAfter {

  private static final Duration SECONDARY_DEFAULT_WAIT = Duration.ofMinutes(1);

  private final int status;
  private final transient List<String> codes;
  private final transient Optional<Duration> retryAfter;
  private final boolean rateLimited;

  GitHubException(String request, int status, JsonNode body, Headers headers, String repo) {
    super(Kind.REMOTE, describe(request, status, body, headers, repo));
    this.status = status;
    List<String> found = new ArrayList<>();
    body.path("errors").forEach(e -> found.add(e.path("code").asText("")));
    this.codes = List.copyOf(found);
    this.rateLimited = rateLimited(status, body, headers);
    this.retryAfter = rateLimited ? Optional.of(wait(headers)) : headers.retryAfter();
  }

  /** The response headers the rules read. */
  record Headers(Optional<String> retryAfterValue, Optional<String> remaining, Optional<String> reset) {

    Optional<Duration> retryAfter() {
      return retryAfterValue.filter(v -> v.strip().matches("[0-9]{1,6}")).map(v -> Duration.ofSeconds(Long.parseLong(v.strip())));
    }

    Optional<Instant> resetAt() {
      return reset.filter(v -> v.strip().matches("[0-9]{1,12}")).map(v -> Instant.ofEpochSecond(Long.parseLong(v.strip())));
    }
  }

  public int status() {
    return status;
  }

  /** The {@code code} of each entry of GitHub's {@code errors} (e.g. {@code already_exists}). */
  public List<String> errorCodes() {
    return codes;
  }

  /** A primary or secondary rate limit: the request was not processed, so it may always be sent again. */
  public boolean rateLimited() {
    return rateLimited;
  }

  /** A failure on GitHub's side (5xx) or a request time-out (408): worth another try for a request that may be repeated. */
  public boolean serverError() {
    return status >= 500 || status == 408;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  private static boolean rateLimited(int status, JsonNode body, Headers h) {
    if (status == 429) {
      return true;
    }
    return status == 403 && (h.retryAfterValue().isPresent() || h.remaining().filter("0"::equals).isPresent()
        || body.path("message").asText("").toLowerCase(Locale.ROOT).contains("rate limit"));
  }

  private static Duration wait(Headers h) {
    Optional<Duration> after = h.retryAfter();
    if (after.isPresent()) {
      return after.get();
    }
    if (h.remaining().filter("0"::equals).isPresent() && h.resetAt().isPresent()) {
      Duration d = Duration.between(Instant.now(), h.resetAt().get()).plusSeconds(1);
      return d.isNegative() ? Duration.ZERO : d;
    }
    return SECONDARY_DEFAULT_WAIT;
  }

  private static String describe(String request, int status, JsonNode body, Headers h, String repo) {
    String said = body.path("message").asText("").replaceAll("\\s+", " ").strip();
    List<String> details = new ArrayList<>();
    body.path("errors").forEach(e -> details.add(e.isTextual() ? e.asText() : (e.path("resource").asText("") + " "
        + e.path("field").asText("") + " " + e.path("code").asText("") + " " + e.path("message").asText("")).replaceAll("\\s+", " ")
        .strip()));
    String answer = status + (said.isEmpty() ? "" : " " + said) + (details.isEmpty() ? "" : ": " + String.join("; ", details));
    if (said.length() > 300) {
      answer = status + " " + said.substring(0, 300) + "...";
    }
    String fix;
    if (rateLimited(status, body, h)) {
      fix = h.remaining().filter("0"::equals).isPresent() && h.resetAt().isPresent()
          ? "the token's rate limit is used up until " + DateTimeFormatter.ISO_LOCAL_TIME.format(h.resetAt().get()
              .atOffset(ZoneOffset.UTC).toLocalTime()) + " UTC: run again after that"
          : "GitHub's secondary rate limit held for longer than --retry-timeout allows: run again in a few minutes";
    } else if (status == 401) {
      fix = "GitHub refused the token: set GITHUB_TOKEN (or GH_TOKEN) to a valid token";
    } else if (status == 403) {
      fix = "the token may not do this: give it write access to the contents and pull requests of " + repo;
    } else if (status == 404) {
      fix = "check that " + repo + " is the repository (--github-repo OWNER/NAME) and that the token can see it";
    } else if (status >= 500) {
      fix = "GitHub failed on every try: run again (what was done is kept and found again)";
    } else {
      fix = "see GitHub's message";
    }
    return request + ": GitHub answered " + answer + "; " + fix;
  }
}
