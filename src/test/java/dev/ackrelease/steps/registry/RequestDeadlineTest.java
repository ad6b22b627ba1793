package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request's deadline closes its connection on time even while another's close is stuck. */
class RequestDeadlineTest {

  /** A connection whose disconnect runs {@code onClose}. */
  private static HttpURLConnection connection(Runnable onClose) throws Exception {
    return new HttpURLConnection(URI.create("http://127.0.0.1:9/").toURL()) {
      @Override
      public void disconnect() {
        onClose.run();
      }

      @Override
      public boolean usingProxy() {
        return false;
      }

      @Override
      public void connect() {}
    };
  }

  /**
   * Closing a TLS connection can wait for the read it cuts; run on the one timer thread, it held the
   * deadlines of every other request behind it (RegistryHttpTest's TLS trickle was not cut under load).
   */
  @Test
  void aCloseThatWaitsDoesNotHoldAnotherRequestsDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondClosed = new CountDownLatch(1);
    try (RequestDeadline stuck = RequestDeadline.start(connection(() -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), Duration.ofMillis(50))) {
      Thread.sleep(300); // the first deadline has passed: its close is waiting
      try (RequestDeadline other = RequestDeadline.start(connection(secondClosed::countDown), Duration.ofMillis(100))) {
        assertTrue(secondClosed.await(5, TimeUnit.SECONDS), "the second request's deadline closed its connection on time");
      }
    } finally {
      release.countDown();
    }
  }

  /**
   * A close that waits (the JDK's body stream takes the lock every read holds, and a reader fed a
   * byte every little while takes it back at once) must not keep a trickled answer alive: the
   * reader itself stops at its first read after the deadline. Here the close never takes effect.
   */
  @Test
  void aTrickledAnswerEndsAtTheDeadlineEvenWhenTheCloseDoesNothing() throws Exception {
    InputStream trickle = new InputStream() {
      private int left = 150; // 3 s of bytes, then the end: a reader the deadline does not stop gets them all

      @Override
      public int read() throws IOException {
        if (left-- == 0) {
          return -1;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int c = read();
        if (c < 0) {
          return -1;
        }
        b[off] = (byte) c;
        return 1; // as a socket's stream does: what has come, not all that was asked for
      }
    };
    long start = System.nanoTime();
    try (RequestDeadline deadline = RequestDeadline.start(connection(() -> {}), Duration.ofMillis(200))) {
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> deadline.watch(trickle).readAllBytes());
      assertEquals("no complete answer within 200 ms", e.getMessage());
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000, "stopped at the deadline, not by the test's end");
  }

  /**
   * The JDK's HttpURLConnection, disconnected by the deadline while it reads the status, can fail
   * with its own NullPointerException wrapped in a RuntimeException (seen in a publish on a starved
   * machine: exit 1, "a publish step failed unexpectedly"): after the deadline that is the
   * time-out; before it, a bug that must not be hidden.
   */
  @Test
  void theJdksRunTimeFailureOfAConnectionTheDeadlineClosedIsTheTimeOut() throws Exception {
    RuntimeException jdk = new RuntimeException(new NullPointerException("Cannot invoke \"sun.net.www.http.HttpClient.getInputStream()\""));
    CountDownLatch closed = new CountDownLatch(1);
    try (RequestDeadline deadline = RequestDeadline.start(connection(closed::countDown), Duration.ofMillis(1))) {
      assertTrue(closed.await(10, TimeUnit.SECONDS));
      RequestDeadline.rethrowUnlessClosed(jdk, deadline.expired());
      IOException failure = deadline.failure(new IOException("closed under", jdk));
      assertEquals(SocketTimeoutException.class, failure.getClass());
      assertEquals("no complete answer within 1 ms", failure.getMessage());
    }
    try (RequestDeadline deadline = RequestDeadline.start(connection(() -> {}), Duration.ofSeconds(60))) {
      assertEquals(jdk, assertThrows(RuntimeException.class, () -> RequestDeadline.rethrowUnlessClosed(jdk, deadline.expired())));
    }
  }
}
