package dev.ackrelease.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How a command shows its progress on stderr. Only publish moves enough data for bars (its builds
 * and uploads): its option says so in its own words ({@link #TRANSFERS}, {@link OptionWords}); the
 * other commands with the option print lines only, which tty colours.
 */
public final class ProgressOptions {

  /** {@code auto}: bars on a terminal, plain lines in CI or a pipe. */
  public enum Mode { auto, tty, plain, none }

  /** The option's words on a command that builds or pushes nothing (no bar, no transfer line). */
  static final String LINES = "Progress on stderr: ${COMPLETION-CANDIDATES}. This command builds and uploads nothing,"
      + " so it draws no bars: tty prints its lines in colour (unless --no-color), plain and none as they are;"
      + " auto: tty on a terminal, plain in CI (CI=true) or a pipe (default: ${DEFAULT-VALUE}).";

  /** The option's words on publish, whose builds and uploads have bars. */
  static final String TRANSFERS = "Progress on stderr: ${COMPLETION-CANDIDATES}. auto: tty on a terminal, plain in CI"
      + " (CI=true) or a pipe; tty: bars drawn in place with bytes, rate and ETA; plain: a line per artifact and at most"
      + " one line every 10 s per long transfer; none: no progress, the line per artifact stays (default: ${DEFAULT-VALUE}).";

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto", description = LINES)
  Mode mode = Mode.auto;

  /** The mode of the command {@code spec} runs: its {@code --progress}, or auto for a command without one. */
  static Mode of(CommandSpec spec) {
    return Optional.ofNullable(spec.findOption("--progress")).map(OptionSpec::getValue)
        .filter(Mode.class::isInstance).map(Mode.class::cast).orElse(Mode.auto);
  }
}
