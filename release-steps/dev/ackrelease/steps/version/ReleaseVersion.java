package dev.ackrelease.steps.version;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ACK release version: the git tag {@code vMAJOR.MINOR.PATCH}, and the same without its
 * {@code v} inside files and registries. Pre-release and build-metadata versions are not
 * ACK release versions.
 */
public record ReleaseVersion(int major, int minor, int patch) implements Comparable<ReleaseVersion> {

  /** ACK's release tag form. */
  public static final Pattern TAG = Pattern.compile("^v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$");

  private static final String EXPECTED = "expected vMAJOR.MINOR.PATCH, for example v1.8.2";

  public ReleaseVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("negative version component");
    }
  }

  /** Parses a release tag such as {@code v1.8.2}; anything else is invalid input. */
  public static ReleaseVersion parseTag(String tag) {
    return tryParseTag(tag).orElseThrow(() -> ReleaseException.invalidInput(describeProblem(tag) + ": "
        + (missingV(tag) ? "pass v" + tag : EXPECTED)));
  }

  /**
   * The release version a tag names, or empty when the tag is not an ACK release tag. {@link #TAG}
   * is the whole rule (semver's MAJOR.MINOR.PATCH, no leading zeros, and nothing after), so its
   * groups are the numbers: no semver library is needed to read them. (semver4j was one: its
   * first version formats "%d.%d.%d", which loads the JDK's CLDR locale data, 35-50 ms of every
   * start-up that reads a version in a plain JVM.)
   */
  public static Optional<ReleaseVersion> tryParseTag(String tag) {
    Matcher m = tag == null ? null : TAG.matcher(tag);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    // Every release has a next patch, minor and major, each still an int.
    int major = belowIntLimit(m.group(1));
    int minor = belowIntLimit(m.group(2));
    int patch = belowIntLimit(m.group(3));
    if (major < 0 || minor < 0 || patch < 0) {
      return Optional.empty();
    }
    return Optional.of(new ReleaseVersion(major, minor, patch));
  }

  /** The number {@code digits} (no leading zero) when it is below Integer.MAX_VALUE, else -1. */
  private static int belowIntLimit(String digits) {
    if (digits.length() > 10) {
      return -1;
    }
    long n = Long.parseLong(digits);
    return n < Integer.MAX_VALUE ? (int) n : -1;
  }

  /** A release without its v: then the fix suggested is the input with its v (only then: it must work pasted). */
  private static boolean missingV(String tag) {
    return tag != null && !tag.startsWith("v") && tryParseTag("v" + tag).isPresent();
  }

  private static String describeProblem(String tag) {
    if (tag == null || tag.isBlank()) {
      return "missing release version";
    }
    String quoted = "'" + Echo.value(tag) + "'";
    if (missingV(tag)) {
      return "release version " + quoted + " has no leading 'v'";
    }
    if (TAG.matcher(tag).matches()) {
      return quoted + " has a number too large for a release version (at most " + (Integer.MAX_VALUE - 1) + ")";
    }
    String rest = tag.startsWith("v") ? tag.substring(1) : tag;
    if (rest.contains("-")) {
      return quoted + " is a pre-release; ACK releases have no pre-release part";
    }
    if (rest.contains("+")) {
      return quoted + " has build metadata; ACK releases have none";
    }
    return quoted + " is not a release version";
  }

  /** The git tag, {@code v1.8.2}. */
  public String tag() {
    return "v" + plain();
  }

  /** The subject of ACK's release commit for this version: {@code Release artifacts for release v1.2.3}. */
  public String releaseCommitSubject() {
    return "Release artifacts for release " + tag();
  }

  /** The version inside files and registries, {@code 1.8.2}. */
  public String plain() {
    return major + "." + minor + "." + patch;
  }

  /** The moving stable chart version of this major, {@code v1-stable}. */
  public String stableChartVersion() {
    return "v" + major + "-stable";
  }

  public ReleaseVersion nextPatch() {
    return new ReleaseVersion(major, minor, patch + 1);
  }

  public ReleaseVersion nextMinor() {
    return new ReleaseVersion(major, minor + 1, 0);
  }

  public ReleaseVersion nextMajor() {
    return new ReleaseVersion(major + 1, 0, 0);
  }

  public boolean isNewerThan(ReleaseVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(ReleaseVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  /**
   * Written out, as a record's generated equals and hashCode bootstrap {@code ObjectMethods} at
   * their first call: method handles spun at run time, which the class-data archive cannot hold
   * (about 15 ms of {@code tag}'s start-up, whose first comparison is of two versions).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseVersion v && major == v.major && minor == v.minor && patch == v.patch;
  }

  @Override
  public int hashCode() {
    return (major * 31 + minor) * 31 + patch;
  }

  @Override
  public String toString() {
    return tag();
  }
}
