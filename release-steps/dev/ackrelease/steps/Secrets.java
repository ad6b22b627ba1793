package dev.ackrelease.steps;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret a run learns (registry passwords, ECR tokens, git tokens) is registered here the
 * moment it is read, and every line the tool prints or writes passes through {@link #redact}.
 * So even a library's error message that echoes a credential cannot leak it.
 */
public final class Secrets {

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static final String MASK = "****";

  private Secrets() {}

  /** Remembers a secret (and its base64 forms used in Basic auth are covered by the caller). */
  public static String register(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
    }
    return secret;
  }

  public static String redact(String text) {
    if (text == null || KNOWN.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : KNOWN) {
      if (result.contains(secret)) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }

  /** For tests: forget everything registered so far. */
  public static void clear() {
    KNOWN.clear();
  }
}
