package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Variables;
import dev.ackrelease.steps.settings.Closest;
import dev.ackrelease.steps.settings.Settings;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * {@code ACK_RELEASE_*} variables that nothing reads, as a typo makes them ({@code ACK_RELEASE_REGSITRY} does nothing):
 * one warning line each on stderr, naming the known variable within two edits when there is one, never the value (it
 * may be a secret). The run goes on as it would without them: its exit code is its own. Known are the variables of
 * the options of every command ({@link Settings#variable}) and the others ({@link Variables#ALL}, the launcher's and the
 * scripts' among them). A run with none set looks at nothing more than the environment's names; a variable of an
 * option is found in the keys the build wrote ({@link Main#allKeys}, {@link CommandModels#optionKeys}), not by building
 * every command's model.
 */
final class UnknownVariables {

  private UnknownVariables() {}

  /**
   * Warns on {@code err} of each variable of {@code env} nothing reads, when the command line {@code args} ({@code cli})
   * reads settings: not {@code --help}, {@code --version} nor a help request, which read none.
   */
  static void warn(Map<String, String> env, CommandLine cli, String[] args, PrintWriter err) {
    if (args.length == 1 && Main.TOP_LEVEL_ONLY.contains(args[0]) || Main.settings(cli).filter(s -> !s.help()).isEmpty()) {
      return;
    }
    Set<String> unknown = new TreeSet<>();
    for (String name : env.keySet()) {
      if (name.startsWith(Settings.VARIABLE_PREFIX) && !Variables.ALL.contains(name)) {
        unknown.add(name);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    Set<String> known = variables(Main.allKeys());
    unknown.removeAll(known);
    known.addAll(Variables.ALL);
    for (String name : unknown) {
      err.println(Echo.line(line(name, near(name, known))));
    }
    err.flush();
  }

  private static Set<String> variables(Collection<String> keys) {
    Set<String> variables = new TreeSet<>();
    keys.forEach(k -> variables.add(Settings.variable(k)));
    return variables;
  }

  /**
   * The known variable nearest to {@code name} (in any case), when it is near enough to be what was
   * meant ({@link Closest#near}, as a settings file's unknown key: two edits for names this long).
   */
  static Optional<String> near(String name, Collection<String> known) {
    return Closest.near(name.toUpperCase(Locale.ROOT), known);
  }

  /** The warning about {@code name}: what it is, and a fix to paste when its name can be written in a shell as it is. */
  static String line(String name, Optional<String> near) {
    boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*");
    String shown = Echo.value(name);
    String fix = near.map(n -> "did you mean " + n + "? " + (plain ? "rename it: export " + n + "=\"$" + name + "\"; unset " + name
        : "rename it")).orElse(plain ? "unset it (unset " + name + "), or see docs/settings.md for the variables" : "unset it");
    return "warning: " + shown + " is set, but ack-release reads no such variable: it does nothing; " + fix;
  }
}
