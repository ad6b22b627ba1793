package dev.ackrelease.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * What stderr is: a terminal (how wide) or not, and whether colour is wanted. Java 17 cannot ask
 * whether stderr is a terminal ({@code System.console()} speaks of stdin and stdout), so Linux's
 * {@code /proc/self/fd/2} is read, and elsewhere {@code test -t 2} runs with this stderr.
 */
final class Terminal {

  private Terminal() {}

  /** The progress a run shows: {@code auto} becomes tty on a terminal, plain in CI, a pipe or a dumb terminal. */
  static ProgressOptions.Mode resolve(ProgressOptions.Mode mode, Map<String, String> env) {
    if (mode != ProgressOptions.Mode.auto) {
      return mode;
    }
    boolean dumb = "dumb".equals(env.get("TERM"));
    return !ci(env) && !dumb && stderrIsTerminal() ? ProgressOptions.Mode.tty : ProgressOptions.Mode.plain;
  }

  /** In CI: {@code CI} set to anything but empty, {@code 0} or {@code false} (as CI services and the ci-info readers set it). */
  static boolean ci(Map<String, String> env) {
    return truthy(env.get("CI"));
  }

  /** A variable set to anything but empty, {@code 0} or {@code false} (spaces around it ignored). */
  private static boolean truthy(String value) {
    String v = value == null ? "" : value.strip();
    return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  /**
   * Colour on a terminal: never with {@code --no-color} or {@code NO_COLOR} (any value but empty, as
   * no-color.org says); always when forced ({@link #colourForced}); else not with {@code CLICOLOR=0}
   * (as gh and BSD's ls read it) nor on a dumb terminal.
   */
  static boolean colour(boolean noColorOption, Map<String, String> env) {
    if (refused(noColorOption, env)) {
      return false;
    }
    return forced(env) || !"0".equals(env.getOrDefault("CLICOLOR", "").strip()) && !"dumb".equals(env.get("TERM"));
  }

  /**
   * Colour off a terminal too (a pipe, a CI log that shows it): {@code CLICOLOR_FORCE} or
   * {@code FORCE_COLOR} set to anything but empty, {@code 0} or {@code false}, as gh and Node's
   * tools read them; {@code NO_COLOR} and {@code --no-color} still win.
   */
  static boolean colourForced(boolean noColorOption, Map<String, String> env) {
    return !refused(noColorOption, env) && forced(env);
  }

  private static boolean refused(boolean noColorOption, Map<String, String> env) {
    return noColorOption || Optional.ofNullable(env.get("NO_COLOR")).filter(v -> !v.isEmpty()).isPresent();
  }

  private static boolean forced(Map<String, String> env) {
    return truthy(env.get("CLICOLOR_FORCE")) || truthy(env.get("FORCE_COLOR"));
  }

  /**
   * {@code COLUMNS} when it gives a width: a positive number of up to five digits, spaces around it
   * ignored (help and the progress lines read it so).
   */
  static OptionalInt columnsVariable(Map<String, String> env) {
    String columns = env.getOrDefault("COLUMNS", "").strip();
    int width = columns.matches("[0-9]{1,5}") ? Integer.parseInt(columns) : 0;
    return width > 0 ? OptionalInt.of(width) : OptionalInt.empty();
  }

  /** The terminal's width: {@code COLUMNS} ({@link #columnsVariable}), else what {@code stty size} says of the terminal, else 80. */
  static int columns(Map<String, String> env) {
    OptionalInt columns = columnsVariable(env);
    if (columns.isPresent()) {
      return columns.getAsInt();
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("[0-9]+ [0-9]{2,4}")) {
        return Integer.parseInt(size.substring(size.indexOf(' ') + 1));
      }
    } catch (IOException e) {
      // no stty or no terminal: the default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 80;
  }

  private static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException e) {
        return false;
      }
    }
    try {
      Process test = new ProcessBuilder("sh", "-c", "test -t 2").redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return test.waitFor(2, TimeUnit.SECONDS) && test.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
