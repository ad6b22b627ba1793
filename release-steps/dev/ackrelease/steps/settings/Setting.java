package dev.ackrelease.steps.settings;

import java.nio.file.Path;
import java.util.List;

/**
 * One key of a settings file: its value (one text, or a YAML list of texts) and where it was
 * written.
 *
 * @param key the key as written, the long option it sets without {@code --}
 * @param values the value's texts: one for a scalar, one or more for a list
 * @param list whether the value was written as a YAML list
 * @param file the file, as it is shown (relative to the working directory when under it)
 * @param line the key's line, from 1
 */
public record Setting(String key, List<String> values, boolean list, Path file, int line) {

  public Setting {
    values = List.copyOf(values);
  }

  /** Where the value was written: {@code file:line}. */
  public String origin() {
    return file + ":" + line;
  }

  /** The value as one text: a list's items joined with commas, as a comma-separated option takes them. */
  public String text() {
    return String.join(",", values);
  }
}
