package dev.ackrelease.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the shaded jar as users run it: a separate JVM with its own, explicit environment (the
 * hermetic one of {@link Hermetic} plus the test's), nothing inherited. HOME and user.home point
 * at {@code home}, so git identity, Docker config and caches are the test's.
 */
public final class Jar {

  private Jar() {}

  public static CliRun run(Path home, Map<String, String> env, String... args) {
    ProcessResult r = ProcessResult.runIsolated(command(home, args), null, environment(home, env), 600);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }

  /** As {@link #run}, with {@code dir} as the working directory (a clone, as a user runs it there). */
  public static CliRun runIn(Path dir, Path home, Map<String, String> env, String... args) {
    ProcessResult r = ProcessResult.runIsolated(command(home, args), dir.toFile(), environment(home, env), 600);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }

  /**
   * As {@link #run}, on a terminal: under util-linux's {@code script}, stdout and stderr are a
   * pseudo-terminal (both arrive in the result's {@code out}, with the terminal's CRLF line ends).
   */
  public static CliRun runOnTerminal(Path home, Map<String, String> env, String... args) {
    String line = command(home, args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
    ProcessResult r = ProcessResult.runIsolated(List.of("script", "-qfec", line, "/dev/null"), null, environment(home, env), 600);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }

  /** A run in the background: {@link Running#kill9} it, or {@link Running#await} its result. */
  public static Running start(Path home, Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(home, args))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(environment(home, env));
    Process p = pb.start();
    return new Running(p, CompletableFuture.supplyAsync(() -> drain(p.getInputStream())),
        CompletableFuture.supplyAsync(() -> drain(p.getErrorStream())));
  }

  /** A jar run in the background. */
  public record Running(Process process, CompletableFuture<String> out,
      CompletableFuture<String> err) {

    /** SIGKILL, as a CI runner that loses the machine stops a job: nothing runs after it. */
    public void kill9() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    public CliRun await() throws InterruptedException {
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("ack-release did not finish in 600 s");
      }
      return new CliRun(process.exitValue(), out.join(), err.join());
    }
  }

  private static List<String> command(Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of("java", "-Duser.home=" + home, "-jar",
        System.getProperty("ack.release.jar", "target/ack-release.jar")));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Map<String, String> environment(Path home, Map<String, String> env) {
    Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1",
        "ACK_RELEASE_RETRY_DELAY_MS", "50"));
    environment.putAll(env);
    return Hermetic.env(environment);
  }

  private static String drain(InputStream in) {
    try (InputStream s = in) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
