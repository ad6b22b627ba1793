package dev.ackrelease.cli;

import java.util.Set;

/**
 * What a command line asks for, read before picocli parses it, by what Main.main sets up first
 * (ClonePreload, LibraryLogging, RemoteProxies): plain loops, no stream or lambda, as the JVM's
 * first lambda would cost the start a dozen milliseconds.
 */
final class PreParse {

  private PreParse() {}

  /** Whether {@code args} run a command not in {@code skip} (not a bare --help or --version either). */
  static boolean runs(String[] args, Set<String> skip) {
    return args.length > 0 && !skip.contains(args[0]) && !Main.TOP_LEVEL_ONLY.contains(args[0]);
  }

  /** Whether {@code args} ask for a command's help ({@code --help} or {@code -h} anywhere). */
  static boolean asksHelp(String[] args) {
    return has(args, "--help") || has(args, "-h");
  }

  /** Whether {@code word} is one of {@code args}. */
  static boolean has(String[] args, String word) {
    for (String a : args) {
      if (a.equals(word)) {
        return true;
      }
    }
    return false;
  }
}
