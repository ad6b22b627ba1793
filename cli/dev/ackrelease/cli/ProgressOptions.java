package dev.ackrelease.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** How a command that builds or transfers shows its progress on stderr. */
public final class ProgressOptions {

  /** {@code auto}: bars on a terminal, plain lines in CI or a pipe. */
  public enum Mode { auto, tty, plain, none }

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "Progress on stderr: ${COMPLETION-CANDIDATES}. auto: tty on a terminal, plain in CI (CI=true) or a pipe;"
          + " tty: bars drawn in place with bytes, rate and ETA; plain: a line per artifact and at most one line every 10 s"
          + " per long transfer; none: no progress, the line per artifact stays (default: ${DEFAULT-VALUE}).")
  Mode mode = Mode.auto;

  /** The mode of the command {@code spec} runs: its {@code --progress}, or auto for a command without one. */
  static Mode of(CommandSpec spec) {
    return Optional.ofNullable(spec.findOption("--progress")).map(OptionSpec::getValue)
        .filter(Mode.class::isInstance).map(Mode.class::cast).orElse(Mode.auto);
  }
}
