package dev.ackrelease.cli;

import dev.ackrelease.steps.io.Sizes;
import java.util.Locale;

/**
 * One piece of work being shown: what it is, how many bytes it handles (negative: unknown), how
 * many are done, and since when. The rate is the average since the work (or its latest retry)
 * began; the time left is what remains at that rate.
 */
final class ProgressTask {

  private static final long NANOS = 1_000_000_000L;

  final String label;
  final long total;
  final long started;
  private volatile long done;
  private volatile long since;
  /** When plain mode last printed a line of this task. */
  long lastLine;

  ProgressTask(String label, long total, long now) {
    this.label = label;
    this.total = total;
    this.started = now;
    this.since = now;
    this.lastLine = now;
  }

  void update(long value, long now) {
    if (value < done) {
      since = now; // a retry starts again: the rate counts from here
    }
    done = value;
  }

  long done() {
    return done;
  }

  boolean sized() {
    return total >= 0;
  }

  /** Bytes a second since the work began, or -1 while too little time has passed to tell. */
  double rate(long now) {
    long elapsed = now - since;
    return elapsed < NANOS / 2 ? -1 : done * (double) NANOS / elapsed;
  }

  /** {@code 45.2 MiB / 144.0 MiB, 12.3 MiB/s, ETA 8s}; for work of unknown size the time it has taken. */
  String figures(long now, String separator) {
    if (!sized()) {
      return duration((now - started) / NANOS);
    }
    double rate = rate(now);
    String eta = rate <= 0 ? "ETA --" : "ETA " + duration((long) Math.ceil(Math.max(0, total - done) / rate));
    return Sizes.binary(done) + " / " + Sizes.binary(total) + separator + (rate < 0 ? "-- B/s" : Sizes.rate(rate))
        + separator + eta;
  }

  /** The share done, 0 to 1 (0 for work of unknown size). */
  double fraction() {
    return total <= 0 ? (sized() ? 1 : 0) : Math.min(1, done / (double) total);
  }

  /** {@code 8s}, {@code 1m05s}, {@code 1h02m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
