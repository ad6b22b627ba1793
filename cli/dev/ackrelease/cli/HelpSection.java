package dev.ackrelease.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * One section of a help page ({@link HelpPages#SECTIONS}): what it says, laid out by
 * {@link HelpPages}. A class, not a lambda: OpenJDK 17 crashed dumping the launcher's class-data
 * archive with lambda proxies of picocli's interfaces when they were Java 5 class files (see Main's Hooks).
 */
final class HelpSection implements IHelpSectionRenderer {

  private final String key;

  HelpSection(String key) {
    this.key = key;
  }

  @Override
  public String render(Help help) {
    CommandSpec spec = help.commandSpec();
    return switch (key) {
      case "usage" -> usage(spec);
      case "description" -> description(spec);
      case "commands" -> commands(spec);
      case "arguments" -> arguments(spec);
      case "options" -> options(spec);
      case SettingsHelp.SECTION -> SettingsHelp.text(spec, HelpPages.width(spec));
      case "examples" -> examples(spec);
      default -> String.format("%n%s%n", HelpPages.EXIT_CODES_POINTER);
    };
  }

  /** {@code Usage: ack-release tag [OPTIONS] VERSION}: the command's own synopsis when it has one (await's VERSION is required, yet --version may give it). */
  private static String usage(CommandSpec spec) {
    if (spec.usageMessage().customSynopsis().length > 0) {
      return "Usage: " + String.join(System.lineSeparator() + "       ", spec.usageMessage().customSynopsis()) + System.lineSeparator();
    }
    StringBuilder line = new StringBuilder("Usage: ").append(spec.qualifiedName());
    boolean group = !HelpPages.visibleCommands(spec).isEmpty();
    if (group) {
      line.append(" COMMAND");
    }
    if (!HelpPages.visibleOptions(spec).isEmpty()) {
      line.append(" [OPTIONS]");
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
        line.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
      }
    }
    if (spec.parent() == null) {
      line.append(System.lineSeparator()).append("       ").append(spec.name()).append(" --version | --help");
    }
    return line.append(System.lineSeparator()).toString();
  }

  private static String description(CommandSpec spec) {
    int width = HelpPages.width(spec);
    StringBuilder text = new StringBuilder();
    UsageMessageSpec usage = spec.usageMessage();
    List<String> paragraphs = new ArrayList<>();
    for (String[] part : List.of(usage.header(), usage.description())) {
      if (part.length > 0) {
        paragraphs.add(String.join(" ", part).replace("%n", " ").strip());
      }
    }
    for (String paragraph : paragraphs) {
      text.append(System.lineSeparator());
      HelpPages.fill(text, paragraph, width, "", "");
    }
    return text.toString();
  }

  private static String arguments(CommandSpec spec) {
    List<String[]> rows = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        rows.add(new String[] {p.paramLabel(), String.join(" ", p.description())
            + (p.arity().min() > 0 ? " " + HelpPages.tag("required") : "")});
      }
    }
    return HelpPages.list("Arguments:", rows, HelpPages.width(spec));
  }

  private static String options(CommandSpec spec) {
    List<String[]> rows = new ArrayList<>();
    List<OptionSpec> options = new ArrayList<>(HelpPages.visibleOptions(spec));
    options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT)));
    for (OptionSpec o : options) {
      rows.add(new String[] {HelpPages.names(o), HelpPages.optionText(o)});
    }
    return HelpPages.list("Options:", rows, HelpPages.width(spec));
  }

  private static String commands(CommandSpec spec) {
    List<String[]> rows = new ArrayList<>();
    HelpPages.visibleCommands(spec).forEach((name, sub) -> {
      String[] header = sub.getCommandSpec().usageMessage().header();
      rows.add(new String[] {name, header.length > 0 ? header[0] : ""});
    });
    return HelpPages.list("Commands:", rows, HelpPages.width(spec));
  }

  /** The footer as written: examples and the release's command lines, each line whole, so it can be pasted. */
  private static String examples(CommandSpec spec) {
    UsageMessageSpec usage = spec.usageMessage();
    if (usage.footer().length == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder(verbatim(usage.footerHeading() == null ? "" : usage.footerHeading()));
    for (String line : usage.footer()) {
      text.append(verbatim(line)).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** A footer line as picocli would format it ({@code %n} a line break, {@code %%} a percent sign), unwrapped. */
  private static String verbatim(String line) {
    return line.replace("%n", System.lineSeparator()).replace("%%", "%");
  }
}
