package dev.ackrelease.cli;

import dev.ackrelease.steps.settings.Settings;
import dev.ackrelease.steps.settings.SettingsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The "Settings" section of each command's help: how options are read from outside the command line, and their variables. */
final class SettingsHelp {

  static final String SECTION = "settings";

  private SettingsHelp() {}

  /** Adds the section, before the exit codes, to every command of {@code cli} that has options to set. */
  static void apply(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    List<String> variables = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (SettingsProvider.settable(o)) {
        variables.add(Settings.variable(SettingsProvider.key(o)));
      }
    }
    if (spec.parent() != null && !variables.isEmpty()) {
      UsageMessageSpec usage = spec.usageMessage();
      List<String> keys = new ArrayList<>(usage.sectionKeys());
      keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SECTION);
      usage.sectionKeys(keys);
      Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
      sections.put(SECTION, help -> text(spec.qualifiedName(), variables, usage.width()));
      usage.sectionMap(sections);
    }
    cli.getSubcommands().values().forEach(SettingsHelp::apply);
  }

  static String text(String command, List<String> variables, int width) {
    StringBuilder text = new StringBuilder(String.format("%nSettings:%n"));
    wrap(text, "Each option --NAME not given here is read from the variable ACK_RELEASE_NAME, else from the key"
        + " NAME of " + SettingsFile.NAME + " in the clone, else in its workspace root (the clone's parent);"
        + " '" + command.replaceFirst("^ack-release", "ack-release config") + "' shows each value and where it"
        + " comes from. The variables:", width, "  ");
    wrap(text, String.join(" ", variables), width, "  ");
    return text.toString();
  }

  private static void wrap(StringBuilder text, String words, int width, String indent) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : words.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        text.append(line).append(System.lineSeparator());
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    text.append(line).append(System.lineSeparator());
  }
}
