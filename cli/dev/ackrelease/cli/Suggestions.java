package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.settings.Closest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean": the names nearest a mistyped command, option or help topic, by edit distance
 * (picocli's own suggestions list every option sharing two letters, or up to three commands
 * however far). One line either way, with the fix first.
 */
final class Suggestions {

  /** A usage error about a name that is not one: its line, and the names it suggests. */
  static final class Unknown extends ParameterException {
    private final List<String> suggestions;

    Unknown(CommandLine cmd, String message, List<String> suggestions) {
      super(cmd, message);
      this.suggestions = List.copyOf(suggestions);
    }

    List<String> suggestions() {
      return suggestions;
    }
  }

  private Suggestions() {}

  /**
   * The candidates nearest {@code typed}, ignoring case and leading dashes: those starting with it
   * (from two characters on), and those within two edits of it (one for a name of up to four
   * characters, none for one of two; a swap of neighbours is one edit); at most three, the nearest first.
   */
  static List<String> closest(String typed, Collection<String> candidates) {
    String t = key(typed);
    int limit = Closest.maxEdits(t.length());
    List<String> near = new ArrayList<>();
    for (String c : candidates) {
      if (Closest.distance(t, key(c)) <= limit || (t.length() >= 2 && key(c).startsWith(t))) {
        near.add(c);
      }
    }
    near.sort(Comparator.comparingInt(c -> Closest.distance(t, key(c))));
    return near.subList(0, Math.min(3, near.size()));
  }

  private static String key(String name) {
    return name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
  }

  /**
   * {@code unknown WHAT 'typed': did you mean 'x'?}, else {@code unknown WHAT 'typed': run 'listing --help'
   * to list them} ({@code 'listing'} alone for a help page, e.g. {@code ack-release help ci}): the error
   * about a name that is none of {@code candidates}.
   */
  static Unknown unknown(CommandLine cmd, String what, String typed, Collection<String> candidates, String listing) {
    List<String> near = typed.length() > Echo.VALUE_MAX ? List.of() : closest(typed, candidates);
    String start = "unknown " + what + " '" + Echo.value(typed) + "': ";
    String fix = near.isEmpty() ? "run '" + listing + (listing.startsWith("ack-release help") ? "" : " --help") + "' to list them"
        : "did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
    return new Unknown(cmd, start + fix, near);
  }

  /**
   * picocli's error about an argument no command or option of {@code e}'s command takes, as an
   * unknown command or option with what it may have meant; empty for other unmatched arguments.
   */
  static Optional<Unknown> of(UnmatchedArgumentException e) {
    List<String> unmatched = e.getUnmatched();
    if (unmatched.isEmpty() || unmatched.get(0) == null) {
      return Optional.empty();
    }
    CommandLine cmd = e.getCommandLine();
    CommandSpec spec = cmd.getCommandSpec();
    String first = unmatched.get(0);
    if (e.isUnknownOption()) {
      String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
      List<String> names = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (!o.hidden()) {
          names.addAll(List.of(o.names()));
        }
      }
      return Optional.of(unknown(cmd, "option", name, names, spec.qualifiedName()));
    }
    List<String> commands = spec.subcommands().entrySet().stream()
        .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList();
    OptionSpec version = spec.findOption("--version");
    if (!commands.isEmpty() && first.equalsIgnoreCase("version") && version != null && version.versionHelp()) {
      // cobra's CLIs (kubectl, helm) have a version command: here it is the option.
      return Optional.of(new Unknown(cmd, "unknown command '" + first + "': the version is an option: run '"
          + spec.qualifiedName() + " --version'", List.of("--version")));
    }
    if (!commands.isEmpty()) {
      return Optional.of(unknown(cmd, "command", first, commands, spec.qualifiedName()));
    }
    return Optional.empty();
  }

  /** An example value in a description: the word after "e.g.". */
  private static final Pattern EXAMPLE = Pattern.compile("\\be\\.g\\. ([^\\s,;()]+?)[.,;)]?(?:\\s|$)");

  /**
   * What to pass for the required arguments picocli found missing, with an example to paste:
   * {@code pass --service S, e.g. --service s3}, from each one's description ("e.g. s3"), else the
   * command's first example naming every missing option; empty when {@code e} names none.
   */
  static Optional<String> missing(MissingParameterException e) {
    List<ArgSpec> missing = e.getMissing() == null ? List.of() : e.getMissing();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    List<String> what = new ArrayList<>();
    List<String> example = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean positional = false;
    for (ArgSpec arg : missing) {
      String name = arg instanceof OptionSpec o ? o.longestName() : null;
      String label = arg.arity().max == 0 ? "" : arg.paramLabel();
      what.add(name == null ? label : label.isEmpty() ? name : name + " " + label);
      positional |= name == null;
      if (name != null) {
        names.add(name);
      }
      Matcher m = EXAMPLE.matcher(String.join(" ", arg.description()));
      example.add(!m.find() ? null : name == null ? m.group(1) : label.isEmpty() ? name : name + " " + m.group(1));
    }
    String hint = "pass " + String.join(" ", what);
    if (!example.contains(null)) {
      return Optional.of(hint + ", e.g. " + (positional ? spec.qualifiedName() + " " : "") + String.join(" ", example));
    }
    for (String line : spec.usageMessage().footer()) {
      String l = line.strip();
      if (l.startsWith(spec.qualifiedName() + " ") && !l.endsWith("\\")
          && names.stream().allMatch(n -> (l + " ").contains(" " + n + " "))) {
        return Optional.of(hint + ", e.g. " + l);
      }
    }
    return Optional.of(hint);
  }
}
