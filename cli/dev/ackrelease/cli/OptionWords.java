package dev.ackrelease.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command whose shared options (a mixin's, or those plan inherits from publish) mean something
 * else for it: its own words for them replace the shared ones in its help, its reference page
 * and its completion. An option that means the same everywhere keeps its one definition.
 */
interface OptionWords {

  /** This command's words for options it shares, by option name. */
  Map<String, String> optionWords();

  /** Gives the options of {@code cli}'s command, when it has words of its own, those words. */
  static void apply(CommandLine cli) {
    if (cli.getCommand() instanceof OptionWords own) {
      CommandSpec spec = cli.getCommandSpec();
      own.optionWords().forEach((name, words) -> replace(spec,
          OptionSpec.builder(spec.findOption(name)).description(words).build()));
    }
  }

  /** Replaces the option of {@code spec} named as {@code option} is with it, in its place among the options. */
  static void replace(CommandSpec spec, OptionSpec option) {
    List<OptionSpec> options = new ArrayList<>(spec.options());
    int at = options.indexOf(spec.findOption(option.longestName()));
    List<OptionSpec> after = new ArrayList<>(options.subList(at, options.size()));
    after.forEach(spec::remove);
    spec.addOption(option);
    after.subList(1, after.size()).forEach(spec::addOption);
  }
}
