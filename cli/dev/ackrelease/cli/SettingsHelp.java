package dev.ackrelease.cli;

import dev.ackrelease.steps.settings.SettingsFile;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The "Settings" section of each command's help: how options are read from outside the command
 * line. Each option's own entry names its variable ({@link HelpPages#optionText}).
 */
final class SettingsHelp {

  static final String SECTION = "settings";

  private SettingsHelp() {}

  /** The section of {@code spec}'s help (nothing for the top level and for commands without options to set). */
  static String text(CommandSpec spec, int width) {
    List<OptionSpec> settable = spec.options().stream().filter(SettingsProvider::settable).toList();
    if (spec.parent() == null || settable.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(String.format("%nSettings:%n"));
    HelpPages.fill(text, "Each option not given on the command line is read from its variable [env: ...], else from"
        + " its key (the option's name without --) in " + SettingsFile.NAME + " in the clone, else in its workspace root"
        + " (the clone's parent)." + (spec.name().equals("config") ? "" // config shows the settings of other commands
        : " '" + HelpPages.glued(spec.qualifiedName().replaceFirst("^ack-release", "ack-release config"))
        + "' shows each value and where it comes from."), width, "  ", "  ");
    return text.toString();
  }
}
