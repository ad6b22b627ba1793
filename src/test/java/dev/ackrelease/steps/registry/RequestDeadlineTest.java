package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
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
}
