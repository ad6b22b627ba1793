package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  /** A transient failure that asks for a wait, as a 429 with Retry-After does. */
  static final class Throttled extends IOException implements Retry.RetryAfter {
    private final Duration after;

    Throttled(Duration after) {
      super("429 Too Many Requests");
      this.after = after;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.of(after);
    }
  }

  @Test
  void retryAfterIsHonouredAndTheCallCompletes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    String result = Retry.call(new Retry.Policy(3, Duration.ofMillis(1)), "push", Log.NONE, e -> true, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new Throttled(Duration.ofMillis(700));
      }
      return "ok";
    });
    assertEquals("ok", result);
    assertTrue((System.nanoTime() - start) / 1_000_000 >= 700, "waited at least what Retry-After asked");
  }

  @Test
  void theRetryLineRedactsASecretWithALineBreakBeforeJoiningTheLines() throws Exception {
    String secret = Secrets.register("s3cr3t-first-line\ns3cr3t-second-line");
    List<String> lines = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Retry.call(new Retry.Policy(2, Duration.ofMillis(1)), "GET /x", lines::add, e -> true, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("refused " + secret);
      }
      return "ok";
    });
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("refused ****") && !lines.get(0).contains("s3cr3t"), lines.get(0));
  }

  @Test
  void theBudgetStopsRetriesThatCouldNotFinishInTime() {
    AtomicInteger calls = new AtomicInteger();
    Retry.Policy policy = new Retry.Policy(10, Duration.ofMillis(1), Duration.ofMillis(300), Duration.ofSeconds(1));
    long start = System.nanoTime();
    assertThrows(Throttled.class, () -> Retry.call(policy, "push", Log.NONE, e -> true, () -> {
      calls.incrementAndGet();
      throw new Throttled(Duration.ofSeconds(5));
    }));
    assertEquals(1, calls.get(), "a wait past the budget is not started");
    assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
  }

  @Test
  void attemptsBoundRetriesAndWaitsStayWithinTheJitterBound() throws Exception {
    List<String> lines = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    assertThrows(IOException.class, () -> Retry.call(new Retry.Policy(4, Duration.ofMillis(20)), "read", lines::add, e -> true,
        () -> {
          calls.incrementAndGet();
          throw new IOException("reset");
        }));
    assertEquals(4, calls.get());
    assertEquals(3, lines.size());
    long[] bounds = {20, 40, 80};
    for (int i = 0; i < 3; i++) {
      long waited = Long.parseLong(lines.get(i).replaceAll(".*retrying in ([0-9]+) ms.*", "$1"));
      assertTrue(waited >= 0 && waited <= bounds[i], lines.get(i));
    }
    // A permanent failure is not retried.
    AtomicInteger once = new AtomicInteger();
    assertThrows(IOException.class, () -> Retry.call(new Retry.Policy(4, Duration.ofMillis(1)), "read", Log.NONE, e -> false,
        () -> {
          once.incrementAndGet();
          throw new IOException("denied");
        }));
    assertEquals(1, once.get());
  }

  @Test
  void durationsAreWrittenAsTheOptionsSay() {
    assertEquals(Duration.ofSeconds(90), Retry.parseDuration("90s", "--retry-timeout"));
    assertEquals(Duration.ofMinutes(5), Retry.parseDuration("5m", "--retry-timeout"));
    assertEquals(Duration.ofHours(1), Retry.parseDuration("1h", "--retry-timeout"));
    for (String bad : List.of("", "5", "0s", "-1m", "5 m", "48h", "1d")) {
      assertEquals(ReleaseException.Kind.INVALID_INPUT,
          assertThrows(ReleaseException.class, () -> Retry.parseDuration(bad, "--retry-timeout")).kind(), bad);
    }
  }
}
