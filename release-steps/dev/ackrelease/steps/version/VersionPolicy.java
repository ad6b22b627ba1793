package dev.ackrelease.steps.version;

import dev.ackrelease.steps.ReleaseException;
import java.util.List;
import java.util.Optional;

/**
 * Which release may follow which: the next patch, the next minor, or (when allowed) the next
 * major. A first release is {@code v0.0.1}, {@code v0.1.0} or {@code v1.0.0}.
 */
public final class VersionPolicy {

  private static final List<ReleaseVersion> FIRST_RELEASES = List.of(
      new ReleaseVersion(0, 0, 1), new ReleaseVersion(0, 1, 0), new ReleaseVersion(1, 0, 0));

  private VersionPolicy() {}

  /**
   * Refuses (state) a candidate that is not newer than the newest release, or that skips
   * ahead of it.
   */
  public static void checkSuccessor(Optional<ReleaseVersion> newest, ReleaseVersion candidate, boolean allowMajor) {
    if (newest.isEmpty()) {
      if (!FIRST_RELEASES.contains(candidate)) {
        throw ReleaseException.refused(candidate + " cannot be a first release: use v0.0.1, v0.1.0 or v1.0.0");
      }
      return;
    }
    ReleaseVersion last = newest.get();
    if (!candidate.isNewerThan(last)) {
      throw ReleaseException.refused(candidate + " is not newer than the newest release " + last
          + ": use " + last.nextPatch() + " or " + last.nextMinor());
    }
    if (candidate.equals(last.nextPatch()) || candidate.equals(last.nextMinor())) {
      return;
    }
    if (candidate.equals(last.nextMajor())) {
      if (allowMajor) {
        return;
      }
      throw ReleaseException.refused(candidate + " is a new major version after " + last
          + ": pass --allow-major if that is intended");
    }
    throw ReleaseException.refused(candidate + " skips ahead of the newest release " + last
        + ": the next release is " + last.nextPatch() + ", " + last.nextMinor()
        + " or (with --allow-major) " + last.nextMajor());
  }
}
