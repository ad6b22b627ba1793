package dev.ackrelease.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every ack-release run in the tests gets: only what a program needs to run
 * (PATH, a locale), never the CI's own variables ({@code PULL_BASE_REF}, {@code GITHUB_REF_NAME},
 * {@code AWS_*}, {@code DOCKER_CONFIG}, {@code ACK_RELEASE_*}, tokens), so the suite gives the
 * same result on any branch and machine. Tests add what a case needs.
 */
public final class Hermetic {

  private Hermetic() {}

  public static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    env.put("LANG", "C.UTF-8");
    env.put("HOME", System.getProperty("user.home"));
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.putAll(extra);
    return env;
  }
}
