package dev.ackrelease.cli;

import dev.ackrelease.cli.Main.Listed;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of {@code ack-release --help} and {@code --version}, built with picocli's
 * programmatic model instead of from annotations. Reading an annotation makes the JDK define a
 * proxy class for its type at run time, which the class-data archive cannot hold; picocli's
 * reading of {@link Main}'s annotations and fields (and of {@code java.lang.Object}'s methods,
 * as it walks the class hierarchy) made six of them, about a seventh of the page's time. The
 * texts are the constants {@link Main}'s annotation names, each command's line the constant its
 * own annotation's header names; the two standard options are picocli's own
 * ({@code mixinStandardHelpOptions}), described as picocli describes them. TopLevelPageTest
 * shows the page and the version are the annotated model's, character for character.
 */
final class TopLevelPage {

  static final String NAME = "ack-release";
  static final String DESCRIPTION = "Releases AWS Controllers for Kubernetes (ACK) service controllers.";
  static final String COMMAND_LABEL = "COMMAND";
  static final String FOOTER_HEADING = "%nThe release, in order:%n";
  static final String FOOTER_1 = "  ack-release prepare v1.8.2 --service s3   the release commit, on a branch";
  static final String FOOTER_2 = "  ack-release tag v1.8.2 --push              the tag, once that commit is merged";
  static final String FOOTER_3 = "  ack-release publish                        image and chart (CI, at the tag)";
  static final String FOOTER_4 = "%nRun 'ack-release help COMMAND' for a command's options.";

  private TopLevelPage() {}

  /** The top-level command with each of {@code commands} as a name and a header only. */
  static CommandLine commandLine(Map<String, Listed> commands) {
    CommandSpec spec = CommandSpec.create().name(NAME);
    spec.usageMessage().description(DESCRIPTION).synopsisSubcommandLabel(COMMAND_LABEL).footerHeading(FOOTER_HEADING)
        .footer(FOOTER_1, FOOTER_2, FOOTER_3, FOOTER_4);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.")
        .build());
    spec.versionProvider(new VersionProvider());
    CommandLine cli = new CommandLine(spec);
    commands.forEach((name, command) -> {
      CommandSpec listed = CommandSpec.create().name(name);
      listed.usageMessage().header(command.header()).hidden(command.hidden());
      cli.addSubcommand(name, listed);
    });
    return cli;
  }
}
