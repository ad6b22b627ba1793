package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An error about a value a variable or {@code .ack-release.yaml} gave ({@link SettingsProvider}),
 * led by where the value came from, so the fix is made there and not on a command line that never
 * had it.
 */
final class SettingsAttribution {

  private SettingsAttribution() {}

  /** {@code message} about an option's value, led by where the value came from when that was a variable or a file. */
  static String explain(SettingsProvider settings, ArgSpec arg, String message) {
    return settings.origin(arg).map(o -> o.label() + ": " + message).orElse(message);
  }

  /**
   * {@code message} of a run of {@code command} that stopped on invalid input, led by where the
   * values it names came from (an option's name, or a value quoted), when a variable or a file gave them
   * and the message does not say so already. When the input at fault is known ({@code atFault}, see
   * {@link ReleaseException#inputAtFault()}), only a setting that gave that input leads it (the
   * setting naming a key file whose content is bad), never one whose value the message merely shows
   * (the registry host a bad entry of Docker's config.json is for).
   */
  static String attribute(SettingsProvider settings, CommandSpec command, String message, Optional<String> atFault) {
    Set<String> labels = new LinkedHashSet<>();
    for (OptionSpec option : command.options()) {
      SettingsProvider.Origin o = settings.origin(option).orElse(null);
      boolean said = o != null && message.contains(o.variable() != null ? o.variable() : o.setting().origin());
      if (o != null && !said && (message.contains(option.longestName()) || names(message, o.text()))
          && atFault.map(input -> gave(o.text(), input)).orElse(true)) {
        labels.add(o.label());
      }
    }
    return labels.isEmpty() ? message : String.join(", ", labels) + ": " + message;
  }

  /** Whether a setting's {@code value} is {@code input}: the same text, or the same file. */
  static boolean gave(String value, String input) {
    if (value.equals(input)) {
      return true;
    }
    try {
      return Path.of(value).toAbsolutePath().normalize().equals(Path.of(input).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Whether {@code message} shows {@code value}: whole and on its own (not inside a longer name,
   * as a registry's host is inside a base image's reference), or a part of it (a list's item, a
   * path's name) in quotes.
   */
  static boolean names(String message, String value) {
    if (value.strip().length() >= 3 && standsAlone(message, Echo.value(value.strip()))) {
      return true;
    }
    for (String part : value.split("[,/]")) {
      if (!part.isBlank() && message.contains("'" + Echo.value(part) + "'")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text} is in {@code message} with no character of a name, path or reference
   * (a letter, a digit, or one of {@code /._:@-}) right before or after it; a {@code .}, {@code :}
   * or {@code ,} after it ends a sentence or a clause when a space or the end follows.
   */
  private static boolean standsAlone(String message, String text) {
    for (int i = message.indexOf(text); i >= 0; i = message.indexOf(text, i + 1)) {
      int end = i + text.length();
      boolean before = i == 0 || !nameChar(message.charAt(i - 1));
      boolean after = end == message.length() || !nameChar(message.charAt(end))
          || (".:,".indexOf(message.charAt(end)) >= 0 && (end + 1 == message.length() || message.charAt(end + 1) == ' '));
      if (before && after) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameChar(char c) {
    return Character.isLetterOrDigit(c) || "/._:@-".indexOf(c) >= 0;
  }
}
