package dev.ackrelease.cli;

import dev.ackrelease.steps.io.GitConfigPreload;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.List;
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

  static boolean startsFor(String[] args) {
    if (args.length == 0 || NO_CLONE.contains(args[0]) || Main.TOP_LEVEL_ONLY.contains(args[0])) {
      return false;
    }
    List<String> line = List.of(args);
    // build-artifacts opens the clone only to find the version when none is given.
    boolean versionGiven = line.stream().anyMatch(a -> ReleaseVersion.TAG.matcher(a).matches());
    return !line.contains("--help") && !line.contains("-h") && !(args[0].equals("build-artifacts") && versionGiven);
  }

  static void startFor(String[] args) {
    if (startsFor(args)) {
      GitConfigPreload.start();
    }
  }
}
