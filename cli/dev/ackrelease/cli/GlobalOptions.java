package dev.ackrelease.cli;

import picocli.CommandLine.Option;

/** Options every command has: output format, quiet progress, stack traces. */
public final class GlobalOptions {

  /** How results are printed on stdout. */
  public enum Format { text, json }

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format output = Format.text;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr; errors are still printed.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--stacktrace", description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  public boolean json() {
    return output == Format.json;
  }
}
