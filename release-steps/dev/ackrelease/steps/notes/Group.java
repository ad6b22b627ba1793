package dev.ackrelease.steps.notes;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of the notes, in their order, and which change goes where: by ACK's labels first
 * (test-infra prow/jobs/labels.yaml: {@code kind/*}, {@code area/dependency}, and the
 * {@code dependencies} label Dependabot adds), else by the title's Conventional Commits type
 * ({@code feat}, {@code fix}, a {@code deps} type or scope), else by the words of ACK's own
 * dependency commits ("Update to ACK runtime v0.43.0, code-generator v0.43.2", a bump of
 * aws-sdk-go), else "Other changes". The first rule that matches decides, so the same change
 * always lands in the same section.
 */
public enum Group {
  FEATURES("features", "Features"),
  FIXES("fixes", "Fixes"),
  DEPENDENCIES("dependencies", "Dependency updates"),
  OTHER("other", "Other changes");

  static final List<String> DEPENDENCY_LABELS = List.of("area/dependency", "dependencies");
  static final List<String> FIX_LABELS = List.of("kind/bug", "kind/regression", "kind/cve");
  static final List<String> FEATURE_LABELS = List.of("kind/feature", "kind/enhancement", "kind/new-resource", "kind/new-service",
      "kind/api-change");

  private static final Pattern CONVENTIONAL = Pattern.compile("^([a-zA-Z]+)(?:\\(([^)]*)\\))?!?:\\s");
  private static final Pattern DEPENDENCY_WORDS = Pattern.compile("(?i)^(update|bump|upgrade)\\b.*\\b(runtime|aws-sdk-go(-v2)?"
      + "|code-generator|dependenc(y|ies)|go\\.mod|golang|go version|go to|controller-runtime|k8s\\.io/\\S+)\\b");
  private static final Pattern DEPENDABOT = Pattern.compile("(?i)^bump \\S+ from \\S+ to \\S+");

  private final String key;
  private final String title;

  Group(String key, String title) {
    this.key = key;
    this.title = title;
  }

  /** The name in JSON. */
  public String key() {
    return key;
  }

  /** The heading. */
  public String title() {
    return title;
  }

  /** The section of a change with this title and these labels. */
  public static Group of(String title, List<String> labels) {
    if (labels.stream().anyMatch(DEPENDENCY_LABELS::contains)) {
      return DEPENDENCIES;
    }
    if (labels.stream().anyMatch(FIX_LABELS::contains)) {
      return FIXES;
    }
    if (labels.stream().anyMatch(FEATURE_LABELS::contains)) {
      return FEATURES;
    }
    Matcher m = CONVENTIONAL.matcher(title);
    if (m.find()) {
      String type = m.group(1).toLowerCase(Locale.ROOT);
      String scope = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
      if (type.equals("deps") || scope.equals("deps") || scope.equals("deps-dev")) {
        return DEPENDENCIES;
      }
      if (type.equals("feat")) {
        return FEATURES;
      }
      if (type.equals("fix")) {
        return FIXES;
      }
    }
    if (DEPENDENCY_WORDS.matcher(title).find() || DEPENDABOT.matcher(title).find()) {
      return DEPENDENCIES;
    }
    return OTHER;
  }
}
