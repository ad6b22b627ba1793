package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.io.Cleanup;
import dev.ackrelease.steps.io.CriticalSection;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM, as a terminal's Ctrl-C or a CI runner's cancel send them to the JVM alone:
 * the child process tree (go build and its compilers) is killed, temp files are removed, one line
 * says what was interrupted and that a re-run resumes, and the exit code is 130 or 143. Nothing
 * ack-release started outlives it. A run printing JSON ({@code --output json}) that has not
 * printed its document yet prints one saying so on stdout, as every failure does. Git writes
 * under way (a {@link CriticalSection}: prepare's branch, checkout and commit, a tag, umbrella's
 * commit and tag, a push attempt) end first, so no lock file or branch without its commit is left;
 * only the first signal is handled.
 */
final class Interrupts {

  /** How long a signal waits for the git writes under way; a hook still running after it is stopped with the run. */
  static final Duration WRITES_MAX = Duration.ofSeconds(10);

  /** The last progress line, for the one line an interrupt prints when no work is under way. */
  private static volatile String activity = "start-up";
  /** The run's view of stderr: the work under way, and the bars to clear before the last line. */
  private static volatile ProgressView view;
  /**
   * Set the moment the first signal arrives: the run's own failure (a killed go build) is then not
   * reported, and a second signal (Ctrl-C twice) while it waits for git writes adds no line.
   */
  private static final AtomicBoolean HANDLING = new AtomicBoolean();
  /** Where the run's JSON document goes, null in text mode. */
  private static volatile JsonSink json;

  /** A run's stdout in JSON mode, its command's name, and whether its one document is written. */
  record JsonSink(PrintWriter out, String command, AtomicBoolean written) {
    JsonSink(PrintWriter out, String command) {
      this(out, command, new AtomicBoolean());
    }
  }

  private Interrupts() {}

  static void activity(String line) {
    activity = line;
  }

  /** The run's progress: an interrupt names the work it shows under way (steps run side by side, so not the last line). */
  static void watch(ProgressView progress, JsonSink document) {
    view = progress;
    json = document;
  }

  /** A new run: no view and no document of an earlier one (in-process runs share this class). */
  static void reset() {
    view = null;
    json = null;
  }

  /**
   * Whether the caller may print the run's JSON document: true once (the run's result or its
   * error, or the interrupt's), so a signal arriving as the result is printed adds no second one.
   */
  static boolean claimDocument() {
    JsonSink sink = json;
    return sink == null || sink.written().compareAndSet(false, true);
  }

  /** What the run was doing: the work under way, else the last line it printed. */
  static String during() {
    ProgressView v = view;
    List<String> running = v == null ? List.of() : v.running();
    return running.isEmpty() ? activity : String.join(", ", running);
  }

  /** Installs the handlers; a JVM without signal support keeps its defaults. */
  static void install(PrintStream err) {
    try {
      Signal.handle(new Signal("INT"), s -> stop(err, "SIGINT", ExitCodes.SIGINT));
      Signal.handle(new Signal("TERM"), s -> stop(err, "SIGTERM", ExitCodes.SIGTERM));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // no such signal here: the JVM's default handling stays
    }
  }

  /** Whether a signal is being handled: the main thread then leaves exiting to the handler. */
  static boolean stopping() {
    return HANDLING.get();
  }

  /** Blocks while a signal is handled (the handler halts the JVM with its exit code). */
  static void awaitHandlerIfStopping() {
    while (HANDLING.get()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void stop(PrintStream err, String signal, int code) {
    if (!HANDLING.compareAndSet(false, true)) {
      return; // the first signal's handler halts the JVM
    }
    // What was running, before the clean-up stops it (a killed go build ends its progress).
    String during = during();
    Optional<String> unfinished = CriticalSection.close(WRITES_MAX);
    Cleanup.now();
    ProgressView v = view;
    if (v != null) {
      v.clear();
    }
    String outcome = unfinished.map(u -> "child processes were stopped, but " + u)
        .orElse("child processes were stopped and nothing half-written remains: run the same command again to resume");
    String line = Echo.line("error: interrupted by " + signal + " during: " + Echo.cut(during, Echo.VALUE_MAX) + "; " + outcome);
    err.println(line);
    err.flush();
    JsonSink sink = json;
    if (sink != null && claimDocument()) {
      printDocument(sink, code, line);
    }
    Runtime.getRuntime().halt(code);
  }

  /** The run's document when a signal stopped it: its exit code and the one line said on stderr. */
  static void printDocument(JsonSink sink, int code, String line) {
    FailureDocument.print(sink.out(), sink.command(), FailureDocument.of(code, line, Map.of()));
  }
}
