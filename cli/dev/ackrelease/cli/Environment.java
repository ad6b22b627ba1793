package dev.ackrelease.cli;

import dev.ackrelease.steps.io.GitEnvironment;
import java.util.Map;

/**
 * The environment commands read (CI variables, credentials, ACK_RELEASE_* settings): the
 * process's, or the explicit one {@link Main#run(String[], java.io.PrintWriter, java.io.PrintWriter, Map)}
 * was given, so an in-process run is as hermetic as a separate JVM with its own environment. Git's
 * variables (GIT_DIR, GIT_WORK_TREE) reach the clone's look-up through {@link GitEnvironment}.
 */
final class Environment {

  private static volatile Map<String, String> current = System.getenv();

  private Environment() {}

  static Map<String, String> get() {
    return current;
  }

  static void set(Map<String, String> env) {
    current = Map.copyOf(env);
    GitEnvironment.use(current);
  }

  static void reset() {
    current = System.getenv();
    GitEnvironment.reset();
  }
}
