package dev.ackrelease.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress for logs: the lines as they come, and for work of known size that runs long, one
 * line every {@link #EVERY_NANOS} with bytes, rate and time left (a CI log shows a 144 MiB
 * upload moving, without a line per percent). Work of unknown size (a go build) prints nothing
 * of its own.
 */
final class PlainProgress extends ProgressView {

  static final long EVERY_NANOS = 10_000_000_000L;

  PlainProgress(PrintWriter err, LongSupplier clock) {
    super(err, clock);
  }

  @Override
  void updated(ProgressTask task) {
    if (!task.sized()) {
      return;
    }
    long now = clock.getAsLong();
    synchronized (this) {
      if (now - task.lastLine < EVERY_NANOS || task.done() >= task.total || !isOpen(task)) {
        return;
      }
      task.lastLine = now;
      line(task.label + ": " + task.figures(now, ", "));
    }
  }
}
