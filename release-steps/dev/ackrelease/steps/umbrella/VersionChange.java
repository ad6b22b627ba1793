package dev.ackrelease.steps.umbrella;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;

/**
 * How much a dependency of the umbrella chart changed, by the rules of test-infra's
 * {@code update-chart.sh}: which of major, minor and patch differs first. The chart's own version
 * is bumped by the largest change of its dependencies ({@link #bump}).
 */
public enum VersionChange {
  PATCH, MINOR, MAJOR;

  /** {@code to} compared with {@code from}: which of major, minor, patch differs first (patch when none, as ACK's script). */
  static VersionChange between(String from, String to) {
    String[] a = version(from, "a dependency's version").split("\\.");
    String[] b = version(to, "a dependency's version").split("\\.");
    if (!a[0].equals(b[0])) {
      return MAJOR;
    }
    if (!a[1].equals(b[1])) {
      return MINOR;
    }
    return PATCH;
  }

  /** Whether {@code a} is an earlier release than {@code b}, number by number (1.9.0 before 1.10.0), as release tags compare. */
  static boolean older(String a, String b) {
    return ReleaseVersion.parseTag("v" + version(a, "a dependency's version"))
        .compareTo(ReleaseVersion.parseTag("v" + version(b, "a dependency's version"))) < 0;
  }

  /** {@code version} bumped by this change: a major bump sets minor and patch to 0, a minor bump the patch. */
  String bump(String version) {
    String[] p = version(version, "the umbrella chart's version").split("\\.");
    int major = Integer.parseInt(p[0]);
    int minor = Integer.parseInt(p[1]);
    int patch = Integer.parseInt(p[2]);
    return switch (this) {
      case MAJOR -> (major + 1) + ".0.0";
      case MINOR -> major + "." + (minor + 1) + ".0";
      case PATCH -> major + "." + minor + "." + (patch + 1);
    };
  }

  /**
   * {@code v} when it is a release version ACK's charts use, MAJOR.MINOR.PATCH with numbers of at
   * most nine digits (so bumping one never overflows); else exit 2 naming it.
   */
  static String version(String v, String what) {
    if (v == null || !v.matches("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})")) {
      String shown = v == null ? "missing" : v.length() > 40 ? v.substring(0, 40) + "..." : v;
      throw ReleaseException.invalidInput(what + " '" + shown + "' is not MAJOR.MINOR.PATCH (numbers of up to nine digits):"
          + " fix the umbrella chart's Chart.yaml");
    }
    return v;
  }
}
