package dev.ackrelease.steps;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retries a remote call while the failure is transient (the predicate decides: HTTP 408/429/5xx,
 * resets, refused connections, time-outs), with exponential backoff and full jitter (a random
 * wait up to {@code firstDelay * 2^(n-1)}, at most 30 s), honouring a server's
 * {@code Retry-After} ({@link RetryAfter}), bounded by attempts and by a time budget per
 * operation. Permanent failures surface at once; the last failure is thrown as it was.
 */
public final class Retry {

  /** A failure that says when to try again (a {@code Retry-After} header). */
  public interface RetryAfter {
    Optional<Duration> retryAfter();
  }

  /**
   * How often to try, the first backoff bound (doubling after), the time budget of one
   * operation with its retries, and the time-out of one request.
   */
  public record Policy(int attempts, Duration firstDelay, Duration budget, Duration requestTimeout,
      AtomicInteger retried) {
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Policy DEFAULT = new Policy(8, Duration.ofMillis(500), DEFAULT_BUDGET, DEFAULT_REQUEST_TIMEOUT);

    public Policy {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
    }

    /** A policy with its own count of retries (read it with {@link #retries()}). */
    public Policy(int attempts, Duration firstDelay, Duration budget, Duration requestTimeout) {
      this(attempts, firstDelay, budget, requestTimeout, new AtomicInteger());
    }

    /** How many calls made under this policy were retried so far (one per retry). */
    public int retries() {
      return retried.get();
    }

    /** Attempts and first delay, with the default budget and request time-out. */
    public Policy(int attempts, Duration firstDelay) {
      this(attempts, firstDelay, DEFAULT_BUDGET, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same policy with another budget ({@code --retry-timeout}) and request time-out ({@code --request-timeout}). */
    public Policy withTimeouts(Optional<Duration> budget, Optional<Duration> requestTimeout) {
      return new Policy(attempts, firstDelay, budget.orElse(this.budget), requestTimeout.orElse(this.requestTimeout), retried);
    }

    /** The same policy with a budget of at most {@code limit}: a command's own time limit bounds one look-up's retries too. */
    public Policy within(Duration limit) {
      return budget.compareTo(limit) <= 0 ? this : new Policy(attempts, firstDelay, limit, requestTimeout, retried);
    }

    /**
     * A policy from the environment: {@code ACK_RELEASE_RETRY_ATTEMPTS} (1 to 100) and
     * {@code ACK_RELEASE_RETRY_DELAY_MS} (0 to 600000); a value that is not a whole number in
     * range is invalid input (exit 2), never silently replaced by the default.
     */
    public static Policy fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    public static Policy fromEnvironment(Map<String, String> env) {
      int attempts = intEnv(env, Variables.RETRY_ATTEMPTS, DEFAULT.attempts(), 1, 100);
      int delay = intEnv(env, Variables.RETRY_DELAY_MS, (int) DEFAULT.firstDelay().toMillis(), 0, 600_000);
      return new Policy(attempts, Duration.ofMillis(delay), DEFAULT_BUDGET, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A whole number from {@code env} in {@code [min, max]}, or {@code fallback} when unset or
     * empty. Plain ASCII digits only: no sign, no spaces, no other script's digits (Java's
     * parseLong reads {@code １} as 1).
     */
    public static int intEnv(Map<String, String> env, String name, int fallback, int min, int max) {
      String v = env.get(name);
      if (v == null || v.isEmpty()) {
        return fallback;
      }
      long n = v.matches("[0-9]{1,18}") ? Long.parseLong(v) : Long.MIN_VALUE;
      if (n < min || n > max) {
        throw ReleaseException.invalidInput(name + "='" + Echo.value(v) + "' is not a whole number from " + min + " to " + max
            + " in plain digits: set e.g. " + name + "=" + fallback + ", or unset it for the default");
      }
      return (int) n;
    }
  }

  private static final long MAX_DELAY_MS = 30_000;

  private Retry() {}

  /**
   * Parses a duration as the options write it: {@code 90s}, {@code 5m}, {@code 1h} (or
   * {@code 500ms}); {@code what} names the option for the error (exit 2).
   */
  public static Duration parseDuration(String text, String what) {
    Matcher m = Pattern.compile("^([0-9]{1,9})(ms|s|m|h)$").matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw ReleaseException.invalidInput(what + " '" + Echo.value(text) + "' is not a duration: write it as 90s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) {
      throw ReleaseException.invalidInput(what + " '" + text + "' must be more than 0 and at most 24h: write e.g. 5m");
    }
    return d;
  }

  /**
   * Calls {@code call} until it succeeds, the failure is not transient, the attempts are used up
   * or the next wait would end after the budget; the last failure is thrown as it was.
   */
  public static <T> T call(Policy policy, String what, Log log, Predicate<Exception> transientFailure,
      Callable<T> call) throws Exception {
    long start = System.nanoTime();
    long bound = Math.max(1, policy.firstDelay().toMillis());
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        if (attempt >= policy.attempts() || !transientFailure.test(e)) {
          throw e;
        }
        long jitter = policy.firstDelay().isZero() ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
        long delay = Math.max(jitter, retryAfter(e).map(Duration::toMillis).orElse(0L));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed + delay > policy.budget().toMillis()) {
          throw e;
        }
        policy.retried().incrementAndGet();
        log.info(what + " failed (" + reason(e) + "), retrying in " + delay + " ms (" + attempt + "/"
            + (policy.attempts() - 1) + ")");
        try {
          Thread.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        bound = Math.min(bound * 2, MAX_DELAY_MS);
      }
    }
  }

  private static Optional<Duration> retryAfter(Throwable e) {
    return Causes.find(e, RetryAfter.class, r -> r.retryAfter().isPresent()).flatMap(RetryAfter::retryAfter);
  }

  private static String reason(Exception e) {
    // Redacted before the lines are joined: a secret with a line break inside must still match.
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Secrets.redact(e.getMessage())
        .replaceAll("\\s+", " ").strip().replaceFirst("^(.{0,120}).*$", "$1"));
  }
}
