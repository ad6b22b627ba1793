package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.LogEvent;
import dev.ackrelease.steps.Log;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Jib's log lines, as ack-release shows them: its warnings and errors, {@code jib: } first, and
 * its base image as a detail. Its falling back to unverified TLS or plain HTTP is what
 * {@code --insecure-registry} asked for: a detail, not a warning.
 */
final class JibLog implements Consumer<LogEvent> {

  /**
   * The colours Jib puts on its error lines (jib-core's {@code RegistryEndpointCaller.logError}):
   * dropped, where the log would show them escaped ({@code \x1b[31;1m}).
   */
  private static final Pattern COLOURS = Pattern.compile("\u001B\\[[0-9;]*m");

  private final Log log;

  JibLog(Log log) {
    this.log = log;
  }

  /** {@code message} as the log shows it: {@code jib: } first, without Jib's colours. */
  static String line(String message) {
    return "jib: " + COLOURS.matcher(message).replaceAll("");
  }

  @Override
  public void accept(LogEvent event) {
    String line = line(event.getMessage());
    switch (event.getLevel()) {
      case ERROR, WARN -> {
        if (line.contains("Attempting again with")) {
          log.detail(line);
        } else {
          log.info(line);
        }
      }
      case LIFECYCLE -> {
        if (line.startsWith("jib: Using base image")) {
          log.detail(line);
        }
      }
      default -> { }
    }
  }
}
