package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Retry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A registry answered with a status that is not the one asked for: the status (the retry and
 * error rules read it) and, when the registry said so, when to try again
 * ({@code Retry-After}: seconds or an HTTP date).
 */
final class RegistryStatusException extends RegistryFailure implements Retry.RetryAfter {

  private final transient Optional<Duration> retryAfter;
  private final String challenge;

  RegistryStatusException(RegistryHttp.Response response, String message) {
    super(response.status(), message);
    this.retryAfter = response.header("Retry-After").flatMap(RegistryStatusException::parse);
    this.challenge = response.header("WWW-Authenticate").orElse("");
  }

  /** The registry's {@code WWW-Authenticate} header, empty when it sent none. */
  String challenge() {
    return challenge;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  static Optional<Duration> parse(String value) {
    String v = value.strip();
    try {
      if (v.matches("[0-9]{1,9}")) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      }
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
