package dev.ackrelease.steps;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  /** The environment variables whose values are secrets wherever they appear. */
  public static final List<String> SECRET_ENV = List.of(Variables.REGISTRY_PASSWORD, "GITHUB_TOKEN",
      "GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", Variables.SIGN_KEY_PASSWORD);

  /**
   * Remembers a secret with its base64 forms (standard and URL-safe, as a Basic header or a
   * config file would carry it), and, when it holds whitespace, as one line. A {@code user:password} pair's base64 is registered by
   * {@link #registerPair}.
   */
  public static String register(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
      // As a message whose lines were joined into one shows it (each run of whitespace one space).
      String oneLine = secret.replaceAll("\\s+", " ");
      if (!oneLine.equals(secret)) {
        KNOWN.add(oneLine);
      }
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      KNOWN.add(Base64.getEncoder().encodeToString(bytes));
      KNOWN.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
      KNOWN.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    return secret;
  }

  /** Remembers {@code password} and the base64 of {@code user:password} (HTTP Basic, Docker config {@code auth}). */
  public static void registerPair(String user, String password) {
    register(password);
    if (password != null && password.length() >= 4) {
      register(user + ":" + password);
    }
  }

  /** Registers the values of {@link #SECRET_ENV} found in {@code env}: secrets are known before anything runs. */
  public static void registerEnvironment(Map<String, String> env) {
    for (String name : SECRET_ENV) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        register(value.strip());
        register(value);
      }
    }
  }

  public static String redact(String text) {
    if (text == null || KNOWN.isEmpty()) {
      return text;
    }
    String result = text;
    // Longest first, so a secret's base64 is masked whole before a shorter secret inside it.
    for (String secret : KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
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
