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
import picocli.CommandLine;
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
    int limit = t.length() <= 2 ? 0 : t.length() <= 4 ? 1 : 2;
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
    if (!commands.isEmpty()) {
      return Optional.of(unknown(cmd, "command", first, commands, spec.qualifiedName()));
    }
    return Optional.empty();
  }
}
