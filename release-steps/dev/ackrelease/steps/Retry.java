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

    /**
     * A policy from the environment: {@code ACK_RELEASE_RETRY_ATTEMPTS} (1 to 100) and
     * {@code ACK_RELEASE_RETRY_DELAY_MS} (0 to 600000); a value that is not a whole number in
     * range is invalid input (exit 2), never silently replaced by the default.
     */
    public static Policy fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    public static Policy fromEnvironment(java.util.Map<String, String> env) {
      int attempts = intEnv(env, "ACK_RELEASE_RETRY_ATTEMPTS", DEFAULT.attempts(), 1, 100);
      int delay = intEnv(env, "ACK_RELEASE_RETRY_DELAY_MS", (int) DEFAULT.firstDelay().toMillis(), 0, 600_000);
      return new Policy(attempts, Duration.ofMillis(delay));
    }

    /** A whole number from {@code env} in {@code [min, max]}, or {@code fallback} when unset. */
    public static int intEnv(java.util.Map<String, String> env, String name, int fallback, int min, int max) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      long n;
      try {
        n = Long.parseLong(v.strip());
      } catch (NumberFormatException e) {
        n = Long.MIN_VALUE;
      }
      if (n < min || n > max) {
        throw ReleaseException.invalidInput(name + "='" + v.strip() + "' is not a whole number from " + min + " to " + max
            + ": set e.g. " + name + "=" + fallback + ", or unset it for the default");
      }
      return (int) n;
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
