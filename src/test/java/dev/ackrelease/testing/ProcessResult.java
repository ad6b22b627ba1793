package dev.ackrelease.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs an external command (git, skopeo, the jar, a script) and captures what it printed. */
public record ProcessResult(int exitCode, String stdout, String stderr) {

  /**
   * The threads that read what processes print, one per stream for as long as it is open: not
   * the common fork-join pool, whose few threads (one per core but one) a handful of blocking
   * reads in test classes running side by side would take up, leaving a process blocked on a
   * full pipe.
   */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "process-output");
    t.setDaemon(true);
    return t;
  });

  public static ProcessResult run(List<String> command, File dir, long timeoutSeconds) {
    return run(command, dir, Map.of(), timeoutSeconds);
  }

  public static ProcessResult run(List<String> command, File dir, Map<String, String> env, long timeoutSeconds) {
    return run(command, dir, env, timeoutSeconds, false);
  }

  /** Runs with exactly {@code env}: nothing from this process's environment. */
  public static ProcessResult runIsolated(List<String> command, File dir, Map<String, String> env, long timeoutSeconds) {
    return run(command, dir, env, timeoutSeconds, true);
  }

  private static ProcessResult run(List<String> command, File dir, Map<String, String> env, long timeoutSeconds, boolean isolated) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir);
      if (isolated) {
        pb.environment().clear();
      }
      pb.environment().putAll(env);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      CompletableFuture<String> out = drainAsync(p.getInputStream());
      CompletableFuture<String> err = drainAsync(p.getErrorStream());
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
      }
      return new ProcessResult(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** All of {@code in} as UTF-8, read on a thread of its own until it ends. */
  public static CompletableFuture<String> drainAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> drain(in), READERS);
  }

  private static String drain(InputStream in) {
    try (InputStream s = in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      s.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails with the output when the command did not exit 0. */
  public ProcessResult assertOk() {
    if (exitCode != 0) {
      throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
    }
    return this;
  }
}
