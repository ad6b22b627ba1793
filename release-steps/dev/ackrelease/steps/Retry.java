package dev.ackrelease.steps;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Retries a remote call with exponential backoff while the failure is transient (HTTP 429/5xx,
 * connection resets, time-outs); the predicate decides. Permanent failures surface at once.
 */
public final class Retry {

  /** How often to try and how long to wait before the second try (doubling after). */
  public record Policy(int attempts, Duration firstDelay) {
    public static final Policy DEFAULT = new Policy(4, Duration.ofMillis(500));

    public Policy {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
    }

    /** A policy from the environment: {@code ACK_RELEASE_RETRY_ATTEMPTS}, {@code ACK_RELEASE_RETRY_DELAY_MS}. */
    public static Policy fromEnvironment() {
      int attempts = intEnv("ACK_RELEASE_RETRY_ATTEMPTS", DEFAULT.attempts());
      int delay = intEnv("ACK_RELEASE_RETRY_DELAY_MS", (int) DEFAULT.firstDelay().toMillis());
      return new Policy(Math.max(1, attempts), Duration.ofMillis(Math.max(0, delay)));
    }

    private static int intEnv(String name, int fallback) {
      String v = System.getenv(name);
      try {
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }

  private Retry() {}

  /**
   * Calls {@code call} until it succeeds, the failure is not transient, or the attempts are
   * used up; the last failure is thrown as it was.
   */
  public static <T> T call(Policy policy, String what, Log log, Predicate<Exception> transientFailure,
      Callable<T> call) throws Exception {
    long delay = policy.firstDelay().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        if (attempt >= policy.attempts() || !transientFailure.test(e)) {
          throw e;
        }
        log.info(what + " failed (" + e.getClass().getSimpleName() + "), retrying in " + delay + " ms ("
            + attempt + "/" + (policy.attempts() - 1) + ")");
        try {
          Thread.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}
