package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.io.UnreadAnswers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole of one answer within its time-out: {@code HttpURLConnection}'s read time-out bounds
 * each read only, so a registry (or a proxy) that trickles its answer a byte at a time held the
 * run without end. When the time-out passes the connection is closed under the request, which
 * fails with a {@link SocketTimeoutException} (a time-out: retried). An upload the registry stops
 * reading is {@link UploadWatchdog}'s.
 */
final class RequestDeadline implements AutoCloseable {

  static {
    UnreadAnswers.closeTheirConnections(); // for a library caller that installed no proxies (EnvironmentProxies)
  }

  /** One daemon thread for every request of the run, made at the first request. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = executor();

    private static ScheduledThreadPoolExecutor executor() {
      ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "ack-release-request-deadline");
        t.setDaemon(true);
        return t;
      });
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }

  private final Duration timeout;
  private final AtomicBoolean expired = new AtomicBoolean();
  private final ScheduledFuture<?> abort;

  private RequestDeadline(Runnable abort, Duration timeout) {
    this.timeout = timeout;
    this.abort = Timer.EXECUTOR.schedule(() -> {
      expired.set(true);
      // On a thread of its own: should a close wait (a TLS close_notify behind the read it cuts), the
      // one timer thread would hold every other request's deadline behind it.
      Thread close = new Thread(abort, "ack-release-request-abort");
      close.setDaemon(true);
      close.start();
    }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Starts the clock of {@code connection}'s answer. */
  static RequestDeadline start(HttpURLConnection connection, Duration timeout) {
    return new RequestDeadline(connection::disconnect, timeout);
  }

  /** Starts the clock of an answer that {@code abort} ends (it closes the connection; it must not block). */
  static RequestDeadline start(Runnable abort, Duration timeout) {
    return new RequestDeadline(abort, timeout);
  }

  /** The timer every request's clock runs on (one daemon thread). */
  static ScheduledThreadPoolExecutor timer() {
    return Timer.EXECUTOR;
  }

  /** {@code 60 s}, or {@code 300 ms} under a second. */
  static String describe(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  /**
   * {@code in}, ending with a time-out at its first read after the deadline passed. Closing the
   * connection alone does not stop a trickled answer: the JDK's stream of a body with a length
   * takes, to close, the lock each read holds, and a reader that gets a byte every little while
   * takes it back at once; the close (on another thread) could wait for the whole body.
   */
  InputStream watch(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        check();
        int b = super.read();
        check();
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = super.read(b, off, len);
        check();
        return n;
      }
    };
  }

  private void check() throws SocketTimeoutException {
    if (expired.get()) {
      throw timedOut();
    }
  }

  private SocketTimeoutException timedOut() {
    return new SocketTimeoutException("no complete answer within " + describe(timeout));
  }

  /** Whether the deadline passed (and closed the connection). */
  boolean expired() {
    return expired.get();
  }

  /** What the request failed with: a time-out when the deadline closed it, else {@code failure}. */
  IOException failure(IOException failure) {
    if (!expired.get()) {
      return failure;
    }
    // Not caused by what closing the connection made the request throw ("stream is closed"): the time-out is the cause.
    return timedOut();
  }

  /**
   * Throws {@code failure}, a run-time failure of the JDK's connection, again unless a time-out
   * closed that connection from another thread ({@code closedByTimeout}): its {@code
   * HttpURLConnection}, disconnected while it reads the status, fails with its own {@code
   * NullPointerException} ("this.http" is null), which is the time-out's doing, and the caller
   * reports the time-out. Before any time-out it is a bug, not the network's. Returns the failure to
   * report for a closed connection.
   */
  static IOException rethrowUnlessClosed(RuntimeException failure, boolean closedByTimeout) {
    if (!closedByTimeout) {
      throw failure;
    }
    return new IOException("the connection was closed under the request", failure);
  }

  @Override
  public void close() {
    abort.cancel(false);
  }
}
