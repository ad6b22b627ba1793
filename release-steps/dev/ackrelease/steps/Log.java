package dev.ackrelease.steps;

/** Where steps report progress; the command line prints it on stderr. Never pass secrets. */
public interface Log {

  Log NONE = message -> {};

  /** One line of progress. */
  void info(String message);
}
