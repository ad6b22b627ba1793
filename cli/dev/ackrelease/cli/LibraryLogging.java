package dev.ackrelease.cli;

import java.util.Set;
import java.util.logging.LogManager;

/**
 * The libraries' logging, silenced: Jib's HTTP clients and the AWS SDK's log through
 * java.util.logging, and the printer is the only voice. Only for the command lines that load such
 * a library: help, completion, version and the commands that only read and write the clone (JGit
 * logs through SLF4J, bound to its no-op provider) skip the log manager's set-up (its
 * configuration and its logger-finder look-up over the class path: about a sixth of
 * {@code --help}'s time). Any command added later is silenced.
 */
final class LibraryLogging {

  /** The commands that load no such library: those about the others, and those that only read and write the clone. */
  static final Set<String> COMMANDS = Main.aboutCommandsAnd("tag", "build-artifacts", "prepare", "config");

  private LibraryLogging() {}

  static boolean librariesMayLog(String[] args) {
    return PreParse.runs(args, COMMANDS);
  }

  static void silenceFor(String[] args) {
    if (librariesMayLog(args)) {
      LogManager.getLogManager().reset();
    }
  }
}
