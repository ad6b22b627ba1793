package dev.ackrelease.cli;

import dev.ackrelease.steps.settings.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every help page, laid out to the terminal's width ({@code COLUMNS}, else the TTY's as picocli's
 * usageHelpAutoWidth finds it, else 80). Text is broken at spaces only: a URL, a host:port or a
 * path longer than the line stands whole on a line of its own, and the examples are printed as
 * they are written, never wrapped, so each can be pasted. Each option shows its variable and its
 * default; the exit codes are one page of their own ({@code ack-release help exit-codes}). What each
 * section says is {@link HelpSection}.
 */
final class HelpPages {

  /** The topic of {@code ack-release help exit-codes}. */
  static final String EXIT_CODES = "exit-codes";

  static final String EXIT_CODES_POINTER = "Exit codes: run 'ack-release help exit-codes'.";

  static final int DEFAULT_WIDTH = 80;
  static final int MIN_WIDTH = 40;

  /** Binds the words of a phrase that must stay on one line (replaced by a space when printed). */
  private static final char GLUE = '\u00a0';

  private HelpPages() {}

  /** The sections of every page, in order. */
  static final List<String> SECTIONS = List.of("usage", "description", "commands", "arguments", "options", SettingsHelp.SECTION,
      "examples", EXIT_CODES);

  /** Lays out the help of {@code cli} and of each of its commands. */
  static void apply(CommandLine cli) {
    UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
    usage.autoWidth(true);
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
    for (String key : SECTIONS) {
      sections.put(key, new HelpSection(key));
    }
    usage.sectionKeys(SECTIONS);
    usage.sectionMap(sections);
    cli.getSubcommands().values().forEach(HelpPages::apply);
  }

  /**
   * The width help is laid out to: {@code COLUMNS} when it is a number, else the terminal's
   * (picocli asks stty when stdout is a TTY), else {@value #DEFAULT_WIDTH}; never under {@value #MIN_WIDTH}.
   */
  static int width(CommandSpec spec) {
    OptionalInt columns = Terminal.columnsVariable(Environment.get());
    if (columns.isPresent()) {
      return Math.max(MIN_WIDTH, columns.getAsInt());
    }
    int detected = spec == null ? DEFAULT_WIDTH : spec.root().usageMessage().width();
    return Math.max(MIN_WIDTH, detected);
  }

  /** The page of {@code ack-release help exit-codes}: every exit code, what it means. */
  static String exitCodes(int width) {
    StringBuilder text = new StringBuilder("Exit codes of every ack-release command:").append(System.lineSeparator());
    List<String[]> rows = new ArrayList<>();
    ExitCodes.helpList().forEach((code, meaning) -> rows.add(new String[] {code, meaning}));
    text.append(table(rows, width, 2));
    return text.toString();
  }

  // ---------------------------------------------------------------- an option's entry

  /** {@code -o, --output=FORMAT}, or {@code     --dry-run}. */
  static String names(OptionSpec o) {
    List<String> shorts = new ArrayList<>();
    List<String> longs = new ArrayList<>();
    for (String name : o.names()) {
      (name.startsWith("--") ? longs : shorts).add(name);
    }
    String joined = String.join(", ", shorts) + (shorts.isEmpty() || longs.isEmpty() ? "" : ", ") + String.join(", ", longs);
    String label = o.arity().max() > 0 ? "=" + o.paramLabel() : "";
    return (shorts.isEmpty() ? "    " : "") + joined + label;
  }

  /** The option's description, then its default when the description does not say it, whether it is required, its variable. */
  static String optionText(OptionSpec o) {
    StringBuilder text = new StringBuilder(String.join(" ", o.description()).replace("%n", " ").strip());
    String said = text.toString().toLowerCase(Locale.ROOT);
    if (o.arity().max() > 0 && o.defaultValue() != null && !said.contains("default")) {
      text.append(' ').append(tag("default: " + o.defaultValue()));
    }
    if (o.required()) {
      text.append(' ').append(tag("required"));
    }
    if (SettingsProvider.settable(o)) {
      text.append(' ').append(tag("env: " + Settings.variable(SettingsProvider.key(o))));
    }
    return text.toString();
  }

  /** {@code [words]}, kept on one line. */
  static String tag(String words) {
    return "[" + glued(words) + "]";
  }

  /** {@code words} kept on one line when filled ({@link #fill}). */
  static String glued(String words) {
    return words.replace(' ', GLUE);
  }

  static List<OptionSpec> visibleOptions(CommandSpec spec) {
    return spec.options().stream().filter(o -> !o.hidden()).toList();
  }

  static Map<String, CommandLine> visibleCommands(CommandSpec spec) {
    Map<String, CommandLine> visible = new LinkedHashMap<>();
    spec.subcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        visible.put(name, sub);
      }
    });
    return visible;
  }

  // ---------------------------------------------------------------- layout

  /** A heading and its two-column rows (nothing without rows). */
  static String list(String heading, List<String[]> rows, int width) {
    if (rows.isEmpty()) {
      return "";
    }
    return System.lineSeparator() + heading + System.lineSeparator() + table(rows, width, 2);
  }

  /**
   * Rows of a term and its text: the text in a column after the longest term (at most 28
   * characters; a longer term has its text on the next line), or, when that column would be
   * narrower than 36 characters, under the term, indented.
   */
  static String table(List<String[]> rows, int width, int indent) {
    int longest = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int column = indent + Math.min(longest, 28) + 2;
    boolean stacked = width - column < 36;
    if (stacked) {
      column = indent + 6;
    }
    StringBuilder text = new StringBuilder();
    String pad = " ".repeat(column);
    for (String[] row : rows) {
      String term = " ".repeat(indent) + row[0];
      if (row[1].isEmpty()) {
        text.append(term).append(System.lineSeparator());
      } else if (stacked || term.length() + 2 > column) {
        text.append(term).append(System.lineSeparator());
        fill(text, row[1], width, pad, pad);
      } else {
        fill(text, row[1], width, term + " ".repeat(column - term.length()), pad);
      }
    }
    return text.toString();
  }

  /**
   * Appends {@code words} filled to {@code width}: the first line after {@code first}, the others
   * after {@code rest}. Lines break at spaces only; a word longer than a line is not cut, it
   * stands alone after the indentation (so a line past the width is one word).
   */
  static void fill(StringBuilder text, String words, int width, String first, String rest) {
    StringBuilder line = new StringBuilder(first);
    int start = first.length();
    boolean empty = true;
    for (String word : words.split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean full = empty ? line.length() + word.length() > width && !line.toString().isBlank()
          : line.length() + 1 + word.length() > width;
      if (full) {
        text.append(line.toString().replace(GLUE, ' ').stripTrailing()).append(System.lineSeparator());
        line = new StringBuilder(rest);
        start = rest.length();
      }
      line.append(line.length() > start ? " " : "").append(word);
      empty = false;
    }
    text.append(line.toString().replace(GLUE, ' ').stripTrailing()).append(System.lineSeparator());
  }
}
