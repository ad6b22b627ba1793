package dev.ackrelease.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "ci",
    header = CiCommand.HEADER,
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release ci prow --controllers s3,sns,ecr",
        "  ack-release help ci prow"},
    subcommands = CiProwCommand.class)
final class CiCommand implements Runnable {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Print CI definitions that run ack-release.";

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: run 'ack-release ci prow --controllers s3'");
  }
}
