package dev.ackrelease.cli;

import dev.ackrelease.steps.io.GitConfigPreload;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.Set;

/**
 * Which command lines start reading git's configuration beside the parsing
 * ({@link GitConfigPreload}): those of a command that opens a clone. Named here are the commands
 * that open none, and build-artifacts given its version; a command added later reads it (at
 * worst a read on the second core it does not use).
 */
final class ClonePreload {

  /** The commands that open no clone: those about the others, and await, ci and config. */
  static final Set<String> NO_CLONE = Main.aboutCommandsAnd("await", "ci", "config");

  private ClonePreload() {}

  /**
   * Decided before anything else runs, so the read starts as early as it can: plain loops, no
   * stream or lambda (the JVM's first lambda sets up method handles for a dozen milliseconds, which
   * would delay the read by as much).
   */
  static boolean startsFor(String[] args) {
    if (!PreParse.runs(args, NO_CLONE) || PreParse.asksHelp(args)) {
      return false;
    }
    if (!args[0].equals("build-artifacts")) {
      return true;
    }
    // build-artifacts opens the clone only to find the version when none is given.
    for (String a : args) {
      if (ReleaseVersion.TAG.matcher(a).matches()) {
        return false;
      }
    }
    return true;
  }

  static void startFor(String[] args) {
    if (startsFor(args)) {
      GitConfigPreload.start();
    }
  }
}
