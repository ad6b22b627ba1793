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
import java.util.concurrent.TimeUnit;

/** Runs an external command (git, skopeo, the jar, a script) and captures what it printed. */
public record ProcessResult(int exitCode, String stdout, String stderr) {

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
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
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
