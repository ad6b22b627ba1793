package dev.ackrelease.steps;

/** Where steps report progress; the command line prints it on stderr. Never pass secrets. */
public interface Log {

  Log NONE = message -> {};

  /** One line of progress. */
  void info(String message);

  /**
   * A log whose lines arrive one at a time, for steps that run work side by side (platform
   * builds): the log behind it need not be thread-safe, and lines never interleave.
   */
  static Log serialized(Log log) {
    Object lock = new Object();
    return message -> {
      synchronized (lock) {
        log.info(message);
      }
    };
  }
}
