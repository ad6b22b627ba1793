package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import java.util.UUID;

/**
 * The retry budget: how many attempts, how long the backoff may grow, when a wait would overrun
 * the time budget, what the environment may set (and that a bad value is exit 2, never the
 * default), and the progress line each retry prints.
 */
class RetryRulesTest {

  @Test
  void aPolicyNeedsAtLeastOneAttempt() {
    assertEquals(1, new Retry.Policy(1, Duration.ZERO).attempts());
    assertThrows(IllegalArgumentException.class, () -> new Retry.Policy(0, Duration.ZERO));
    Retry.Policy p = new Retry.Policy(3, Duration.ofMillis(5));
    assertEquals(Retry.Policy.DEFAULT_BUDGET, p.budget());
    assertEquals(Retry.Policy.DEFAULT_REQUEST_TIMEOUT, p.requestTimeout());
    assertEquals(Duration.ofMinutes(5), Retry.Policy.DEFAULT_BUDGET);
    assertEquals(Duration.ofSeconds(60), Retry.Policy.DEFAULT_REQUEST_TIMEOUT);
    assertEquals(new Retry.Policy(8, Duration.ofMillis(500)).attempts(), Retry.Policy.DEFAULT.attempts());
    assertEquals(Duration.ofMillis(500), Retry.Policy.DEFAULT.firstDelay());
  }

  @Test
  void otherTimeoutsKeepTheAttemptsDelayAndCount() throws Exception {
    Retry.Policy p = new Retry.Policy(3, Duration.ofMillis(7));
    Retry.Policy longer = p.withTimeouts(Optional.of(Duration.ofMinutes(9)), Optional.of(Duration.ofSeconds(3)));
    assertEquals(List.of(3, Duration.ofMillis(7), Duration.ofMinutes(9), Duration.ofSeconds(3)),
        List.of(longer.attempts(), longer.firstDelay(), longer.budget(), longer.requestTimeout()));
    assertSame(p.retried(), longer.retried());
    Retry.Policy same = p.withTimeouts(Optional.empty(), Optional.empty());
    assertEquals(List.of(p.budget(), p.requestTimeout()), List.of(same.budget(), same.requestTimeout()));
  }

  @Test
  void theEnvironmentSetsAttemptsAndDelayWithinTheirRanges() {
    Retry.Policy defaults = Retry.Policy.fromEnvironment(Map.of());
    assertEquals(8, defaults.attempts());
    assertEquals(Duration.ofMillis(500), defaults.firstDelay());
    Retry.Policy low = Retry.Policy.fromEnvironment(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1", "ACK_RELEASE_RETRY_DELAY_MS", "0"));
    assertEquals(List.of(1, Duration.ZERO), List.of(low.attempts(), low.firstDelay()));
    Retry.Policy high = Retry.Policy.fromEnvironment(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "100", "ACK_RELEASE_RETRY_DELAY_MS",
        "600000"));
    assertEquals(List.of(100, Duration.ofMinutes(10)), List.of(high.attempts(), high.firstDelay()));
    assertEquals(8, Retry.Policy.fromEnvironment(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "")).attempts());
    for (Map<String, String> bad : List.of(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "0"), Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "101"),
        Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "three"), Map.of("ACK_RELEASE_RETRY_DELAY_MS", "600001"),
        Map.of("ACK_RELEASE_RETRY_DELAY_MS", "-1"), Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "99999999999999999999"),
        // Plain ASCII digits only: no spaces, no sign, no other script's digits.
        Map.of("ACK_RELEASE_RETRY_ATTEMPTS", " 1 "), Map.of("ACK_RELEASE_RETRY_ATTEMPTS", " "),
        Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "+3"), Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "\uff13"))) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> Retry.Policy.fromEnvironment(bad), bad.toString());
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    }
    assertEquals("ACK_RELEASE_RETRY_ATTEMPTS=' three ' is not a whole number from 1 to 100 in plain digits: set e.g."
        + " ACK_RELEASE_RETRY_ATTEMPTS=8, or unset it for the default", assertThrows(ReleaseException.class, () -> Retry.Policy.fromEnvironment(
            Map.of("ACK_RELEASE_RETRY_ATTEMPTS", " three "))).getMessage());
    assertEquals(7, Retry.Policy.intEnv(Map.of("X", "7"), "X", 1, 7, 7));
    // The process's own environment (this JVM's sets neither variable, or sets valid ones).
    Retry.Policy fromProcess = Retry.Policy.fromEnvironment();
    assertEquals(Retry.Policy.fromEnvironment(System.getenv()).attempts(), fromProcess.attempts());
    assertEquals(Retry.Policy.fromEnvironment(System.getenv()).firstDelay(), fromProcess.firstDelay());
  }

  @Test
  void durationsFromOneMillisecondToOneDay() {
    assertEquals(Duration.ofMillis(500), Retry.parseDuration(" 500ms ", "--request-timeout"));
    assertEquals(Duration.ofHours(24), Retry.parseDuration("24h", "--retry-timeout"));
    assertEquals(Duration.ofMillis(1), Retry.parseDuration("1ms", "--retry-timeout"));
    assertEquals("--retry-timeout '86401s' must be more than 0 and at most 24h: write e.g. 5m",
        assertThrows(ReleaseException.class, () -> Retry.parseDuration("86401s", "--retry-timeout")).getMessage());
    assertEquals("--retry-timeout 'null' is not a duration: write it as 90s, 5m or 1h",
        assertThrows(ReleaseException.class, () -> Retry.parseDuration(null, "--retry-timeout")).getMessage());
    assertEquals("--retry-timeout '0ms' must be more than 0 and at most 24h: write e.g. 5m",
        assertThrows(ReleaseException.class, () -> Retry.parseDuration("0ms", "--retry-timeout")).getMessage());
  }

  @Test
  void aFirstSuccessIsNotRetriedOrCounted() throws Exception {
    Retry.Policy p = new Retry.Policy(3, Duration.ofMillis(1));
    List<String> lines = new ArrayList<>();
    assertEquals("ok", Retry.call(p, "read", lines::add, e -> true, () -> "ok"));
    assertEquals(List.of(), lines);
    assertEquals(0, p.retries());
  }

  @Test
  void eachRetryIsCountedAndSaysWhatFailedAndWhenItTriesAgain() throws Exception {
    Retry.Policy p = new Retry.Policy(4, Duration.ZERO);
    List<String> lines = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    String secret = "retry-secret-" + UUID.randomUUID();
    Secrets.register(secret);
    assertEquals("done", Retry.call(p, "push of x", lines::add, e -> true, () -> {
      switch (calls.incrementAndGet()) {
        case 1 -> throw new IOException("reset\n  by   peer " + secret);
        case 2 -> throw new IOException((String) null);
        case 3 -> throw new IOException("x".repeat(200));
        default -> {
          return "done";
        }
      }
    }));
    assertEquals(3, p.retries());
    assertEquals(List.of("push of x failed (IOException: reset by peer ****), retrying in 0 ms (1/3)",
        "push of x failed (IOException), retrying in 0 ms (2/3)",
        "push of x failed (IOException: " + "x".repeat(120) + "), retrying in 0 ms (3/3)"), lines);
  }

  @Test
  void theBackoffBoundDoublesFromTheFirstDelay() throws Exception {
    // Twelve waits, each at most firstDelay * 2^(n-1): with a first bound of 1 ms some wait is
    // longer than 1 ms unless the bound stopped growing.
    List<String> lines = new ArrayList<>();
    assertThrows(IOException.class, () -> Retry.call(new Retry.Policy(12, Duration.ofMillis(1)), "read", lines::add, e -> true, () -> {
      throw new IOException("reset");
    }));
    long longest = lines.stream().mapToLong(l -> Long.parseLong(l.replaceAll(".*retrying in ([0-9]+) ms.*", "$1"))).max()
        .orElseThrow();
    assertTrue(longest > 1 && longest <= 1024, lines.toString());
  }

  /** A failure that says when to try again, wrapped as registry clients wrap it. */
  static final class Later extends IOException implements Retry.RetryAfter {
    private final Optional<Duration> after;

    Later(Optional<Duration> after) {
      super("429");
      this.after = after;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return after;
    }
  }

  @Test
  void aRetryAfterInTheCauseChainIsHonouredAndAnEmptyOneIsNot() throws Exception {
    List<String> lines = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Retry.call(new Retry.Policy(3, Duration.ZERO), "read", lines::add, e -> true, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new RuntimeException(new Later(Optional.of(Duration.ofMillis(250))));
      }
      if (calls.get() == 2) {
        throw new Later(Optional.empty());
      }
      return "ok";
    });
    assertEquals("read failed (RuntimeException: dev.ackrelease.steps.RetryRulesTest$Later: 429), retrying in 250 ms (1/2)",
        lines.get(0));
    assertEquals("read failed (Later: 429), retrying in 0 ms (2/2)", lines.get(1));
  }

  @Test
  void aWaitThatWouldEndAfterTheBudgetIsNotStarted() {
    Retry.Policy p = new Retry.Policy(5, Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(1));
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    assertThrows(Later.class, () -> Retry.call(p, "read", Log.NONE, e -> true, () -> {
      calls.incrementAndGet();
      throw new Later(Optional.of(Duration.ofMillis(150)));
    }));
    assertEquals(2, calls.get(), "150 ms fits once in 200 ms, not twice");
    assertEquals(1, p.retries());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000);
  }

  @Test
  void anInterruptedWaitEndsTheRetriesAndKeepsTheInterrupt() {
    IOException failure = new IOException("reset");
    Thread.currentThread().interrupt();
    try {
      assertSame(failure, assertThrows(IOException.class, () -> Retry.call(new Retry.Policy(3, Duration.ofSeconds(5)), "read",
          Log.NONE, e -> true, () -> {
            throw failure;
          })));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
