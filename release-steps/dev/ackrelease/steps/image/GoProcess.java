package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Cleanup;
import dev.ackrelease.steps.io.OutputTail;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the {@code go} command: exactly the environment given, no stdin, a time limit, and
 * its output (stdout and stderr together) streamed through a bounded {@link OutputTail}: only its
 * last lines are kept, however much it prints. When the run is interrupted or times out, the whole process tree (go and the
 * compilers and linker it started) is killed, so nothing keeps writing after ack-release stops.
 */
final class GoProcess {

  /** Kept of the output: enough to show a failed build's errors above its error line. */
  static final int KEPT_LINES = 200;
  static final int KEPT_LINE_CHARS = 2048;
  static final int KEPT_CHARS = 64 * 1024;
  /**
   * In an error line: the last lines, at most this many, of at most this many characters in all
   * (so the line stays within {@link Echo#LINE_MAX} with its problem and fix).
   */
  static final int ERROR_LINES = 20;
  static final int ERROR_CHARS = 1500;

  private static final String NO_SPACE = "no space left on device";

  /**
   * The end of what the command printed, its exit code (-1 after a time-out), and whether any
   * line said the disk is full (seen as it streamed by, kept or not).
   */
  record Result(int exitCode, OutputTail output, boolean noSpace) {

    boolean timedOut() {
      return exitCode == -1;
    }

    /** The last non-empty lines, joined with "; " and at most {@link #ERROR_CHARS}: the part of Go's output that names the error. */
    String lastLines() {
      return output.summary(ERROR_LINES, ERROR_CHARS);
    }

    /** The kept output, stripped: a one-line answer ({@code go env GOVERSION}, {@code go list}) whole. */
    String text() {
      return output.text().strip();
    }
  }

  private GoProcess() {}

  static Result run(Path go, List<String> args, Path dir, Map<String, String> environment, long timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add(go.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    environment.forEach((name, value) -> {
      if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0 || name.indexOf('=') >= 0) {
        // No process environment can hold it (ProcessBuilder refuses it with an IllegalArgumentException).
        throw ReleaseException.invalidInput("the environment variable " + Echo.value(name) + " holds a NUL byte or its name an"
            + " '=': unset it or fix its value");
      }
      pb.environment().put(name, value);
    });
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot run " + go + " in " + dir + " (" + e.getMessage()
          + "): check that go works there, or pass --go PATH", e);
    }
    Cleanup.track(process);
    OutputTail tail = new OutputTail(KEPT_LINES, KEPT_LINE_CHARS, KEPT_CHARS);
    AtomicBoolean noSpace = new AtomicBoolean();
    CompletableFuture<Void> out = CompletableFuture.runAsync(() -> drain(process.getInputStream(), tail, noSpace));
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        Cleanup.killTree(process);
        out.join();
        return new Result(-1, tail, noSpace.get());
      }
      out.join();
      return new Result(process.exitValue(), tail, noSpace.get());
    } catch (InterruptedException e) {
      Cleanup.killTree(process);
      Thread.currentThread().interrupt();
      throw new ReleaseException(ReleaseException.Kind.BUILD, "interrupted while running go " + String.join(" ", args)
          + ": run again to resume", e);
    } finally {
      Cleanup.untrack(process);
    }
  }

  private static void drain(InputStream in, OutputTail tail, AtomicBoolean noSpace) {
    try {
      tail.consume(in, line -> {
        if (!noSpace.get() && line.toLowerCase(Locale.ROOT).contains(NO_SPACE)) {
          noSpace.set(true);
        }
      });
    } catch (IOException e) {
      // The pipe broke (the process was killed): what was read so far is the output.
    }
  }
}
