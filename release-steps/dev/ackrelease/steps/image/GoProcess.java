package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Cleanup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code go} command: exactly the environment given, no stdin, output collected,
 * a time limit. When the run is interrupted or times out, the whole process tree (go and the
 * compilers and linker it started) is killed, so nothing keeps writing after ack-release stops.
 */
final class GoProcess {

  private static final int ERROR_LINES = 6;

  /** What the command printed (stdout and stderr together) and its exit code; -1 after a time-out. */
  record Result(int exitCode, String output) {

    boolean timedOut() {
      return exitCode == -1;
    }

    /** The last non-empty lines, joined with "; ": the part of Go's output that names the error. */
    String lastLines() {
      List<String> lines = new ArrayList<>(output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
      if (lines.isEmpty()) {
        return "no output";
      }
      return String.join("; ", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
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
    pb.environment().putAll(environment);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot run " + go + " in " + dir + " (" + e.getMessage()
          + "): check that go works there, or pass --go PATH", e);
    }
    Cleanup.track(process);
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        Cleanup.killTree(process);
        return new Result(-1, out.join());
      }
      return new Result(process.exitValue(), out.join());
    } catch (InterruptedException e) {
      Cleanup.killTree(process);
      Thread.currentThread().interrupt();
      throw new ReleaseException(ReleaseException.Kind.BUILD, "interrupted while running go " + String.join(" ", args)
          + ": run again to resume", e);
    } finally {
      Cleanup.untrack(process);
    }
  }

  private static String drain(InputStream in) {
    try (InputStream s = in) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
