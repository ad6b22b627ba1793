package dev.ackrelease.cli;

import java.util.Map;

/**
 * The environment commands read (CI variables, credentials, ACK_RELEASE_* settings): the
 * process's, or the explicit one {@link Main#run(String[], java.io.PrintWriter, java.io.PrintWriter, Map)}
 * was given, so an in-process run is as hermetic as a separate JVM with its own environment.
 */
final class Environment {

  private static volatile Map<String, String> current = System.getenv();

  private Environment() {}

  static Map<String, String> get() {
    return current;
  }

  static void set(Map<String, String> env) {
    current = Map.copyOf(env);
  }

  static void reset() {
    current = System.getenv();
  }
}
