package dev.ackrelease.steps;

/**
 * Where steps report progress; the command line prints it on stderr. Never pass secrets.
 *
 * <p>Three kinds of report: {@link #info} lines everyone sees (a line per artifact, the choices
 * that decide the result, warnings), {@link #detail} lines only {@code --verbose} shows (each blob,
 * each manifest, each build step), and {@link #progress} for work that takes a while (a bar on a
 * terminal). A log that keeps everything (a test's list) sees details as lines and no progress.
 */
public interface Log {

  Log NONE = message -> {};

  /** One line of progress. */
  void info(String message);

  /** A line only a verbose run prints: per-blob and per-step detail. */
  default void detail(String message) {
    info(message);
  }

  /**
   * Work that has begun: {@code label} says what it is ("pushing blob sha256:… to s3-controller"),
   * {@code total} how many bytes it handles (negative: unknown, e.g. a Go build). Close it when
   * the work ends.
   */
  default Progress progress(String label, long total) {
    return Progress.NONE;
  }

  /**
   * A log whose lines arrive one at a time, for steps that run work side by side (platform
   * builds): the log behind it need not be thread-safe, and lines never interleave.
   */
  static Log serialized(Log log) {
    Object lock = new Object();
    return new Log() {
      @Override
      public void info(String message) {
        synchronized (lock) {
          log.info(message);
        }
      }

      @Override
      public void detail(String message) {
        synchronized (lock) {
          log.detail(message);
        }
      }

      @Override
      public Progress progress(String label, long total) {
        synchronized (lock) {
          return log.progress(label, total);
        }
      }
    };
  }

  /** This log with {@code prefix} before every line and label (a fleet's {@code s3: }). */
  static Log prefixed(Log log, String prefix) {
    return new Log() {
      @Override
      public void info(String message) {
        log.info(prefix + message);
      }

      @Override
      public void detail(String message) {
        log.detail(prefix + message);
      }

      @Override
      public Progress progress(String label, long total) {
        return log.progress(prefix + label, total);
      }
    };
  }
}
