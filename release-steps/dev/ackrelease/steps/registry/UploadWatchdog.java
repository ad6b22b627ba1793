package dev.ackrelease.steps.registry;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload whose registry stops reading: a socket has no write time-out, so a write blocked on
 * a full send buffer waited without end. The watchdog closes the connection ({@code abort}) when
 * one write has been blocked for the time-out: it watches progress, not the clock of the whole
 * upload, so a slow upload whose bytes keep going is never cut, however long it takes (a write
 * is one block of the body, 8 KiB or 64 KiB; time spent producing the bytes does not count). The
 * request then fails with a {@link SocketTimeoutException}, a time-out the retry rules retry.
 */
final class UploadWatchdog implements AutoCloseable {

  private static final long IDLE = Long.MIN_VALUE;

  private final Duration timeout;
  private final Runnable abort;
  /** When the write under way began ({@link System#nanoTime}), or {@link #IDLE}. */
  private final AtomicLong writingSince = new AtomicLong(IDLE);
  private final AtomicBoolean expired = new AtomicBoolean();
  /** The periodic check, from the first {@link #watch} on (a request without a body costs no timer task). */
  private ScheduledFuture<?> check;

  private UploadWatchdog(Runnable abort, Duration timeout) {
    this.timeout = timeout;
    this.abort = abort;
  }

  /** Watches the writes of one upload; {@code abort} closes its connection (and must not block). */
  static UploadWatchdog start(Runnable abort, Duration timeout) {
    return new UploadWatchdog(abort, timeout);
  }

  /** {@code out}, each of its writes (and flushes) watched, a quarter of the time-out apart (at most 1 s). */
  synchronized OutputStream watch(OutputStream out) {
    if (check == null) {
      long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
      check = RequestDeadline.timer().scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        begin();
        try {
          out.write(b);
        } finally {
          end();
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
          out.write(b, off, len);
        } finally {
          end();
        }
      }

      @Override
      public void flush() throws IOException {
        begin();
        try {
          out.flush();
        } finally {
          end();
        }
      }
    };
  }

  private void begin() {
    long now = System.nanoTime();
    writingSince.set(now == IDLE ? now + 1 : now);
  }

  private void end() {
    writingSince.set(IDLE);
  }

  private void check() {
    long since = writingSince.get();
    if (since != IDLE && System.nanoTime() - since >= timeout.toNanos() && expired.compareAndSet(false, true)) {
      abort.run();
    }
  }

  /** Whether the watchdog closed the connection. */
  boolean expired() {
    return expired.get();
  }

  /** What the upload failed with: a time-out when the watchdog closed it, else {@code failure}. */
  IOException failure(IOException failure) {
    if (!expired.get()) {
      return failure;
    }
    return new SocketTimeoutException("no byte of the upload was taken for " + RequestDeadline.describe(timeout)
        + ": the registry stopped reading it");
  }

  @Override
  public synchronized void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
