package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.publish.PublishRelease;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A run that stopped, as {@link Main} reports it: its exit code ({@link ExitCodes}), its one line
 * on stderr (the stack trace too with {@code --stacktrace}) and, with {@code --output json}, the
 * one JSON document on stdout that says it failed. Loaded only when a run stops on an error.
 */
final class ErrorReport {

  private ErrorReport() {}

  /** An Error that escaped a command (out of memory, a stack overflow, a class that fails to load): exit 1. */
  static int onError(CommandLine cli, Error e) {
    ParseResult parsed = cli.getParseResult();
    while (parsed != null && parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    CommandLine cmd = parsed != null ? parsed.commandSpec().commandLine() : cli;
    String message = e instanceof OutOfMemoryError ? "out of memory" + (e.getMessage() != null ? " (" + e.getMessage() + ")"
        : "") + ": run with a larger heap, e.g. ACK_RELEASE_JAVA_OPTS=-Xmx4g " + cmd.getCommandSpec().qualifiedName() + " ..."
        : internalError(e);
    report(cmd, ExitCodes.INTERNAL, message, e);
    return ExitCodes.INTERNAL;
  }

  /** The line of a bug: what was thrown, and what to do. */
  private static String internalError(Throwable e) {
    return "internal error: " + e.getClass().getName()
        + (e.getMessage() != null ? ": " + e.getMessage().replaceAll("\\s+", " ").strip() : "")
        + " (run again with --stacktrace and report it)";
  }

  static int onExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    Stop stop = stop(e, cmd);
    report(cmd, stop.code(), stop.message(), e);
    return stop.code();
  }

  /** What a run stopped by {@code e} says: its exit code, and its message (the line on stderr is {@link Stop#line}). */
  record Stop(int code, String message) {
    /** The one line on stderr, and the document's {@code error} without {@code error: }: redacted, escaped, bounded. */
    String line() {
      return Echo.line(FailureDocument.PREFIX + message);
    }
  }

  /**
   * The exit code and message of a run that {@code e} stopped in {@code cmd}: what {@link Main}
   * prints, and what a failed run's --report says before Main prints it ({@link FailureDocument#of(CommandLine,
   * String, Exception, Map)}).
   */
  static Stop stop(Exception e, CommandLine cmd) {
    if (e instanceof ReleaseException re && (re.kind() == ReleaseException.Kind.BUILD
        || !RunDirectory.isNoSpace(re))) {
      return new Stop(ExitCodes.of(re.kind()), re.kind() == ReleaseException.Kind.INVALID_INPUT ? Main.settings(cmd)
          .map(s -> SettingsAttribution.attribute(s, cmd.getCommandSpec(), re.getMessage(), re.inputAtFault()))
          .orElse(re.getMessage())
          : re.getMessage());
    }
    if (RunDirectory.isNoSpace(e)) {
      // A full disk is local, whatever step met it: never a registry failure, never a bug.
      return new Stop(ExitCodes.of(ReleaseException.Kind.BUILD), "no space left on device (" + e.getMessage()
          .replaceAll("\\s+", " ").strip() + "): free space, or pass --cache-dir on a disk with room");
    }
    return new Stop(ExitCodes.INTERNAL, internalError(e));
  }

  static int onParameterException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    Optional<Suggestions.Unknown> unknown = e instanceof Suggestions.Unknown u ? Optional.of(u)
        : e instanceof UnmatchedArgumentException unmatched ? Suggestions.of(unmatched) : Optional.empty();
    // picocli's conversion errors quote the Java exception ("(java.net.URISyntaxException: ...)"): keep only its words.
    // A converter that refuses with ack-release's own error (a name and a fix) is reported in its words alone.
    boolean own = e.getCause() instanceof ReleaseException;
    String message = own ? e.getCause().getMessage() : unknown.map(ParameterException::getMessage).orElse(e.getMessage())
        .replaceAll("\\s+", " ").strip().replaceAll("\\((?:[a-z][a-z0-9]*\\.)+[A-Z][A-Za-z0-9]*(?:Exception|Error): ", "(")
        // picocli's booleans are true or false, in any case (a flag, its variable, a settings file).
        .replaceFirst("' is not a boolean$", "' is not a boolean: use true or false");
    if (!own && e instanceof MissingParameterException m) {
      message += Suggestions.missing(m).map(hint -> ": " + hint).orElse("");
    }
    // A value from a variable or .ack-release.yaml: the error says which one. An unknown word is the
    // command line's own, whatever option its suggestion names.
    String said = message;
    // So is an option typed there (given without its value: "Missing required parameter for option '--registry'").
    message = unknown.isPresent() || typed(e, args) ? message : Main.settings(cmd).map(s -> e.getArgSpec() != null && s.origin(e.getArgSpec()).isPresent()
        ? SettingsAttribution.explain(s, e.getArgSpec(), said) : SettingsAttribution.attribute(s, cmd.getCommandSpec(), said,
        e.getCause() instanceof ReleaseException re ? re.inputAtFault() : Optional.empty()))
        .orElse(message);
    if (!own && !message.contains("--help") && !message.contains("ack-release help")) {
      message += " (see '" + name + " --help')";
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    unknown.filter(u -> !u.suggestions().isEmpty()).ifPresent(u -> extra.put("suggestions", u.suggestions()));
    report(cmd, ExitCodes.USAGE, message, null, OutputFlag.json(cmd, args, Environment.get()), extra);
    return ExitCodes.USAGE;
  }

  /** Whether the option {@code e} is about was typed on the command line ({@code --name}, {@code --name=...}, {@code -n}). */
  static boolean typed(ParameterException e, String[] args) {
    List<ArgSpec> specs = new ArrayList<>();
    if (e.getArgSpec() != null) {
      specs.add(e.getArgSpec());
    }
    if (e instanceof MissingParameterException m && m.getMissing() != null) {
      specs.addAll(m.getMissing());
    }
    for (ArgSpec spec : specs) {
      if (spec instanceof OptionSpec option) {
        for (String arg : args) {
          for (String name : option.names()) {
            if (arg.equals(name) || arg.startsWith(name + "=")) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static void report(CommandLine cmd, int code, String message, Throwable e) {
    report(cmd, code, message, e, isJson(cmd), Map.of());
  }

  private static void report(CommandLine cmd, int code, String message, Throwable e, boolean json,
      Map<String, Object> extra) {
    if (Interrupts.stopping()) {
      return; // the signal handler says what happened, in one line
    }
    PrintWriter err = cmd.getErr();
    // Redacted, escaped and cut here whatever the message holds: one bounded line.
    String line = new Stop(code, message).line();
    err.println(line);
    if (e != null && flag(cmd, "--stacktrace")) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(Secrets.redact(trace.toString()));
    }
    err.flush();
    if (json && Interrupts.claimDocument()) {
      Map<String, Object> doc;
      if (e instanceof FleetOutput.Failure fleet) {
        // A fleet run's document (a plan's that predicts a refusal) with ok, exitCode and error: its --report's.
        doc = FailureDocument.of(code, line, fleet.document());
      } else {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        if (e instanceof PublishRelease.Failed failed) {
          more.put("publish", failed.summary().toData());
        }
        doc = FailureDocument.of(code, line, more);
      }
      FailureDocument.print(cmd.getOut(), Printer.commandName(cmd.getCommandSpec()), doc);
    }
  }

  private static boolean flag(CommandLine cmd, String name) {
    OptionSpec option = cmd.getCommandSpec().findOption(name);
    return option != null && Boolean.TRUE.equals(option.getValue());
  }

  private static boolean isJson(CommandLine cmd) {
    OptionSpec option = cmd.getCommandSpec().findOption("--output");
    return option != null && option.getValue() == GlobalOptions.Format.json;
  }
}
