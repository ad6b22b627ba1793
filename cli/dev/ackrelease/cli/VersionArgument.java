package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The release version, one shape on every command: an argument ({@code ack-release verify v1.8.2}),
 * as tag, prepare, notes and github-release take it. {@code --version VERSION}, the form
 * build-artifacts, verify and await had, still works: hidden from help, with a one-line note on
 * stderr. Its variable and settings key ({@code ACK_RELEASE_VERSION}, {@code version}) still set it.
 */
final class VersionArgument {

  /** The hidden option's description (what {@code config} and the settings schema show). */
  static final String DEPRECATED = "Deprecated: the VERSION argument (its variable still sets the version).";

  private VersionArgument() {}

  /**
   * The version of {@code spec}'s run: the argument, else {@code --version} (from the command line,
   * its variable or the settings file), else null. A {@code --version} on the command line is
   * noted on stderr; one that disagrees with the argument is a usage error.
   */
  static String of(CommandSpec spec, String argument, String option) {
    ParseResult parsed = spec.commandLine().getParseResult();
    boolean typed = parsed != null && parsed.hasMatchedOption("--version");
    if (typed) {
      spec.commandLine().getErr().println(Echo.line("warning: --version is deprecated: pass the version as an argument, e.g. "
          + spec.qualifiedName() + " " + (option == null || option.isBlank() ? "v1.2.3" : Echo.value(option)) + " ..."));
      spec.commandLine().getErr().flush();
      if (argument != null && option != null && !argument.equals(option)) {
        throw new ParameterException(spec.commandLine(), "the version is given twice, as '" + Echo.value(argument)
            + "' and --version '" + Echo.value(option) + "': pass it once, as the argument");
      }
    }
    return argument != null ? argument : option;
  }

  /** {@link #of}, and a usage error when there is none. */
  static String required(CommandSpec spec, String argument, String option) {
    String version = of(spec, argument, option);
    if (version == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'VERSION': pass the release, e.g. "
          + spec.qualifiedName() + " v1.2.3");
    }
    return version;
  }
}
