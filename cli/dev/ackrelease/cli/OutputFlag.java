package dev.ackrelease.cli;

import dev.ackrelease.steps.settings.Setting;
import dev.ackrelease.steps.settings.Settings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Whether a command line asked for JSON, read from its words: a usage error can stop parsing
 * before {@code --output} is reached (an unknown command, a bad value before it), and its error
 * document is still JSON when the line, the variable or the settings file says so.
 */
final class OutputFlag {

  private OutputFlag() {}

  /**
   * Whether the run of {@code cmd} prints JSON: {@code --output json} (or {@code -o json},
   * {@code -ojson}, {@code -qo json}...) among {@code args} before {@code --}, else
   * {@code ACK_RELEASE_OUTPUT}, else the settings file's {@code output}. Only the top level and
   * commands with {@code --output} print a document.
   */
  static boolean json(CommandLine cmd, String[] args, Map<String, String> env) {
    OptionSpec output = cmd.getCommandSpec().findOption("--output");
    if (output == null && cmd.getCommandSpec().parent() != null) {
      return false;
    }
    if (output != null && output.getValue() == GlobalOptions.Format.json) {
      return true;
    }
    Optional<String> given = given(args);
    if (given.isPresent()) {
      return isJson(given.get());
    }
    String variable = env.get(Settings.variable("output"));
    if (variable != null && !variable.isBlank()) {
      return isJson(variable);
    }
    return Main.settings(cmd).flatMap(s -> s.settings().get("output")).map(Setting::text).map(OutputFlag::isJson)
        .orElse(false);
  }

  /** The last value of --output or -o on the command line. */
  static Optional<String> given(String[] args) {
    String value = null;
    for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
      String a = args[i];
      String next = i + 1 < args.length ? args[i + 1] : null;
      if (a.equals("--output")) {
        value = next;
      } else if (a.startsWith("--output=")) {
        value = a.substring("--output=".length());
      } else if (a.matches("-[qhvV]*o.*")) {
        // A cluster of short options: flags, then -o with its value attached or next.
        String rest = a.substring(a.indexOf('o') + 1);
        value = rest.isEmpty() ? next : rest.replaceFirst("^=", "");
      }
    }
    return Optional.ofNullable(value);
  }

  private static boolean isJson(String value) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals("json");
  }
}
