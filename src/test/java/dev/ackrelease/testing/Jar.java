package dev.ackrelease.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the shaded jar as users run it: a separate JVM with its own, explicit environment (the
 * hermetic one of {@link Hermetic} plus the test's), nothing inherited. HOME and user.home point
 * at {@code home}, so git identity, Docker config and caches are the test's.
 */
public final class Jar {

  private Jar() {}

  public static CliRun run(Path home, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("java", "-Duser.home=" + home, "-jar",
        System.getProperty("ack.release.jar", "target/ack-release.jar")));
    cmd.addAll(List.of(args));
    Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1",
        "ACK_RELEASE_RETRY_DELAY_MS", "50"));
    environment.putAll(env);
    ProcessResult r = ProcessResult.runIsolated(cmd, null, Hermetic.env(environment), 600);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }
}
