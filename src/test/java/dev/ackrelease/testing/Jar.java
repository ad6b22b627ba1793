package dev.ackrelease.testing;

import dev.ackrelease.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
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
 * hermetic one of {@link Hermetic} plus the test's), nothing inherited, started with the options
 * {@code scripts/ack-release} gives it ({@link #command}). HOME and user.home point at
 * {@code home}, so git identity, Docker config and caches are the test's; Go's build cache is
 * the build's ({@link #GO_CACHE}) unless the test names one.
 */
public final class Jar {

  /** The shaded jar the build made. */
  public static final Path JAR = Path.of(System.getProperty("ack.release.jar", "target/ack-release.jar")).toAbsolutePath();

  /** The jar's main class, which the launcher names (its manifest names the same for {@code java -jar}). */
  public static final String MAIN = Main.class.getName();

  /**
   * Go's build cache ({@code GOCACHE}) of every run whose test sets none: one for the whole build
   * under target/, the unit tests' too, so the sample's packages are compiled once per platform,
   * not again in each test's {@code --cache-dir}. Go's cache is keyed by everything that goes
   * into a compile (flags, environment, sources), so a hit gives the bytes a cold build would.
   */
  public static final Path GO_CACHE = JAR.resolveSibling("test-caches").resolve("go").resolve("go-build");

  /**
   * In a test's environment: no {@code GOCACHE} at all, so Go's cache is where ack-release puts
   * it by default, under {@code --cache-dir}: for a test whose point is a cold or its own cache.
   */
  public static final Map<String, String> OWN_GO_CACHE = Map.of("GOCACHE", "");

  /**
   * Go's cache where ack-release puts it when the environment names none ({@code go/go-build}
   * under {@code --cache-dir cacheDir}, used with {@link #OWN_GO_CACHE}), as a copy of
   * {@link #GO_CACHE}: for a test whose point is that cache's place (in --cache-dir, shared by
   * two runs or one per run), not its being empty. An empty one makes Go compile the standard
   * library first, about 17 s of CPU for one platform on this machine; the copy takes a
   * fraction of one. Go uses an entry only when its index line is whole and its output has the size the
   * line names, so an entry copied while another run wrote it is a miss, never a wrong hit.
   */
  public static Path seedOwnGoCache(Path cacheDir) throws IOException {
    Path to = cacheDir.resolve("go").resolve("go-build");
    Files.createDirectories(to);
    if (!Files.isDirectory(GO_CACHE)) {
      return to;
    }
    // A run that trims the cache while this copies removes an entry: one entry fewer.
    return Trees.copyWhileTrimmed(GO_CACHE, to);
  }

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
    String line = command(home, args).stream().map(Jar::shellWord)
        .collect(Collectors.joining(" "));
    ProcessResult r = ProcessResult.runIsolated(List.of("script", "-qfec", line, "/dev/null"), null, environment(home, env), 600);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }

  /** A run in the background: {@link Running#kill9} it, or {@link Running#await} its result. */
  public static Running start(Path home, Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(home, args)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(environment(home, env));
    Process p = pb.start();
    return new Running(p, ProcessResult.drainAsync(p.getInputStream()), ProcessResult.drainAsync(p.getErrorStream()));
  }

  /** A jar run in the background. */
  public record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err) {

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

  /**
   * {@code java}, {@link #JVM_OPTIONS}, {@code -Duser.home=home}, the jar as class path with its
   * main class (as the launcher runs it: {@code -jar} would open the jar to read its manifest),
   * then {@code args}.
   */
  public static List<String> command(Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(List.of("-Duser.home=" + home, "-cp", JAR.toString(), MAIN));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * The JVM options of {@code scripts/ack-release}: a short-lived CLI's (the serial collector,
   * 1 MB stacks, the first compiler tier only) and its class-data-sharing archive,
   * {@code ack-release.jsa} beside the jar, when there is one made for this jar (the launcher
   * makes it on first use; the build runs the launcher once before the integration tests). The
   * launcher keeps the optimizing compiler for {@code publish}, which hashes and compresses a
   * controller's layers of tens of MB; the sample's are a few MB, where it costs more than it
   * saves (a publish of both platforms: 2.5 s of CPU instead of 3.5 s). None of them changes what
   * runs: the archive only how fast classes load (without it the JVM loads them from the jar).
   */
  public static final List<String> JVM_OPTIONS = jvmOptions();

  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xss1m", "-XX:TieredStopAtLevel=1"));
    Path archive = JAR.resolveSibling(JAR.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
    if (Files.isRegularFile(archive) && archive.toFile().lastModified() >= JAR.toFile().lastModified()) {
      options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Xshare:auto"));
    }
    return List.copyOf(options);
  }

  /**
   * A POSIX shell script that runs the jar as {@link #command} does, for tests that put
   * {@code ack-release} on PATH as the CI images do; user.home is {@code $HOME}.
   */
  public static String launcherScript() {
    return "#!/bin/sh\nexec java " + String.join(" ", JVM_OPTIONS.stream().map(Jar::shellWord).toList())
        + " -Duser.home=\"$HOME\" -cp " + shellWord(JAR.toString()) + " " + MAIN + " \"$@\"\n";
  }

  private static String shellWord(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static Map<String, String> environment(Path home, Map<String, String> env) {
    Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1",
        "ACK_RELEASE_RETRY_DELAY_MS", "50", "GOCACHE", GO_CACHE.toString()));
    environment.putAll(env);
    environment.remove("GOCACHE", "");
    return Hermetic.env(environment);
  }
}
