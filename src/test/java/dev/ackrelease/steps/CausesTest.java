package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An exception's cause chain: searched in order from the exception itself, ended by a loop of causes. */
class CausesTest {

  private static final Duration QUICK = Duration.ofSeconds(5);

  /** An exception whose cause is whatever the test sets, itself included (Throwable.initCause refuses that). */
  private static final class Looped extends RuntimeException {
    private Throwable cause;

    Looped(String message) {
      super(message, null, false, false);
    }

    @Override
    public synchronized Throwable getCause() {
      return cause;
    }
  }

  @Test
  void findsTheExceptionItself() {
    IOException e = new IOException("disk");
    assertSame(e, Causes.find(e, IOException.class).orElseThrow());
    assertSame(e, Causes.first(e, t -> "disk".equals(t.getMessage())).orElseThrow());
    assertTrue(Causes.first(e, t -> t instanceof IOException).isPresent());
  }

  @Test
  void findsACauseDeeperDown() {
    ConnectException refused = new ConnectException("refused");
    RuntimeException e = new RuntimeException("push", new IllegalStateException("layer", refused));
    assertSame(refused, Causes.find(e, ConnectException.class).orElseThrow());
    assertSame(refused, Causes.find(e, IOException.class, io -> io.getMessage().equals("refused")).orElseThrow());
    assertTrue(Causes.first(e, t -> "refused".equals(t.getMessage())).isPresent());
    assertSame(refused, Causes.root(e));
  }

  @Test
  void findsNothingWhereNoCauseMatches() {
    RuntimeException e = new RuntimeException("push", new IllegalStateException("layer"));
    assertEquals(Optional.empty(), Causes.find(e, IOException.class));
    assertEquals(Optional.empty(), Causes.find(e, IllegalStateException.class, t -> t.getMessage().equals("other")));
    assertFalse(Causes.first(e, t -> t instanceof IOException).isPresent());
    assertEquals(Optional.empty(), Causes.find(null, Throwable.class));
  }

  @Test
  void anInterfaceIsATypeToFind() {
    class Answer extends IOException implements Retry.RetryAfter {
      @Override
      public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(7));
      }
    }
    Answer answer = new Answer();
    assertSame(answer, Causes.find(new UncheckedIOException(answer), Retry.RetryAfter.class).orElseThrow());
  }

  @Test
  void theFirstMatchWins() {
    FileNotFoundException inner = new FileNotFoundException("inner");
    IOException middle = new IOException("middle", inner);
    RuntimeException e = new RuntimeException("outer", middle);
    assertSame(middle, Causes.find(e, IOException.class).orElseThrow());
    assertSame(middle, Causes.first(e, t -> t instanceof IOException).orElseThrow());
    // The test passed to find is asked of each exception of the type, in order.
    assertSame(inner, Causes.find(e, IOException.class, io -> io.getMessage().equals("inner")).orElseThrow());
  }

  @Test
  void aCauseThatIsItselfEndsTheChain() {
    Looped self = new Looped("self");
    self.cause = self;
    assertEquals(List.of(self), assertTimeoutPreemptively(QUICK, () -> Causes.chain(self)));
    assertEquals(Optional.empty(), assertTimeoutPreemptively(QUICK, () -> Causes.find(self, IOException.class)));
    assertSame(self, assertTimeoutPreemptively(QUICK, () -> Causes.root(self)));
  }

  @Test
  void twoExceptionsCausingEachOtherEndTheChain() {
    Looped a = new Looped("a");
    Looped b = new Looped("b");
    a.cause = b;
    b.cause = a;
    assertEquals(List.of(a, b), assertTimeoutPreemptively(QUICK, () -> Causes.chain(a)));
    assertFalse(assertTimeoutPreemptively(QUICK, () -> Causes.first(a, t -> t instanceof IOException).isPresent()));
    assertSame(b, assertTimeoutPreemptively(QUICK, () -> Causes.root(a)));
    assertSame(b, assertTimeoutPreemptively(QUICK, () -> Causes.first(a, t -> "b".equals(t.getMessage())).orElseThrow()));
  }

  @Test
  void aLongerLoopEndsTheChainToo() {
    Looped a = new Looped("a");
    Looped b = new Looped("b");
    Looped c = new Looped("c");
    a.cause = b;
    b.cause = c;
    c.cause = b;
    assertEquals(List.of(a, b, c), assertTimeoutPreemptively(QUICK, () -> Causes.chain(a)));
    assertSame(c, assertTimeoutPreemptively(QUICK, () -> Causes.root(a)));
  }

  @Test
  void equalButDistinctExceptionsAreEachWalked() {
    // Identity, not equals: an exception that says it equals every other must not end the chain.
    class Alike extends RuntimeException {
      Alike(String message, Throwable cause) {
        super(message, cause);
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Alike;
      }

      @Override
      public int hashCode() {
        return 1;
      }
    }
    Alike inner = new Alike("inner", null);
    Alike outer = new Alike("outer", inner);
    List<Throwable> chain = Causes.chain(outer);
    assertEquals(2, chain.size());
    assertSame(outer, chain.get(0));
    assertSame(inner, chain.get(1));
  }
}
