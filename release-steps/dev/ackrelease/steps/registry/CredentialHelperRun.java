package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Cleanup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One {@code docker-credential-<name> get}: the host on stdin, the answer from stdout (stderr
 * discarded: helpers print secrets there too), bounded by a time-out. The answer is what the
 * helper wrote until it exited, read without waiting for end-of-file: a process it left running
 * in the background (a script's {@code cmd &}, a daemon it started) keeps the pipe open, and
 * waiting for that would wait for that process.
 */
final class CredentialHelperRun {

  /** More than any answer of a helper: a helper that writes more is not one. */
  private static final int MAX_ANSWER = 1 << 20;
  private static final long POLL_MILLIS = 5;

  record Result(int exitCode, String stdout) {}

  private CredentialHelperRun() {}

  /**
   * Runs {@code helper get} with {@code host} on stdin; a helper still running after
   * {@code timeoutSeconds} is stopped with its children, and waited for.
   */
  static Result get(Path helper, String host, long timeoutSeconds) throws IOException, InterruptedException {
    String name = helper.getFileName().toString();
    Process p = new ProcessBuilder(helper.toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(host.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // It exited or closed stdin without reading the host: its exit code and answer say the rest.
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream out = p.getInputStream();
      while (true) {
        boolean exited = !p.isAlive();
        if (!exited && System.nanoTime() > deadline) {
          throw ReleaseException.remote(name + " get did not answer within " + timeoutSeconds + " s: check the helper", null);
        }
        int available = out.available();
        if (available > 0) {
          answer.write(out.readNBytes(available));
          if (answer.size() > MAX_ANSWER) {
            throw ReleaseException.remote(name + " get wrote more than " + MAX_ANSWER + " bytes: check the helper", null);
          }
        } else if (exited) {
          return new Result(p.exitValue(), answer.toString(StandardCharsets.UTF_8));
        } else {
          Thread.sleep(POLL_MILLIS);
        }
      }
    } finally {
      if (p.isAlive()) {
        // With its children (a script's sleep or a prompt), waited for: none outlives the look-up.
        Cleanup.killTree(p);
      }
      p.getInputStream().close();
    }
  }
}
