package dev.ackrelease.cli;

import picocli.CommandLine.Option;

/** How much every command says on stderr, and whether in colour. */
public final class TerminalOptions {

  @Option(names = "--verbose", description = "Also print each step's details on stderr: every blob and manifest pushed,"
      + " every build and look-up.")
  boolean verbose;

  @Option(names = "--no-color", description = "No colour on a terminal, and publish's bars drawn without escape"
      + " sequences (as with NO_COLOR set to any non-empty value).")
  boolean noColor;
}
