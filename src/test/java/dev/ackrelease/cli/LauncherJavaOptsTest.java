package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ACK_RELEASE_JAVA_OPTS} through the installed launcher ({@code bin/} beside {@code lib/ack-release.jar}, as the
 * release archive and the image lay it out), with this JVM's java behind a stand-in that records each start and answers
 * for ack-release's main class: options the JVM refuses are bad input (one line, exit 2, nothing made), and good ones
 * cost a JVM start once, not on every run.
 */
class LauncherJavaOptsTest {

  @TempDir Path tmp;

  /**
   * The stand-in: each start's arguments on a line of $STARTS. The run of ack-release is the JVM started with the run's
   * options (up to -cp) and -version, saying "ran" when it started; anything else is java's.
   */
  private static String standIn(Path java) {
    return "#!/bin/sh\n"
        + "printf '%s\\n' \"$*\" >> \"$STARTS\"\n"
        + "case \" $* \" in *' dev.ackrelease.cli.Main '*) ;; *) exec '" + java + "' \"$@\" ;; esac\n"
        + "cut=\n"
        + "for a do shift; [ \"$a\" = -cp ] && cut=1; [ -n \"$cut\" ] || set -- \"$@\" \"$a\"; done\n"
        + "'" + java + "' \"$@\" -version 2> \"$STARTS.jvm\" || { cat \"$STARTS.jvm\" >&2; exit 1; }\n"
        + "echo ran\n";
  }

  /** The installed launcher's --version with {@code env} (PATH to the stand-in; the class-data archive on, as by default). */
  private ProcessResult run(Map<String, String> env, String... shell) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/bin"));
    Path lib = Files.createDirectories(tmp.resolve("home/lib"));
    Files.copy(Path.of("scripts/ack-release"), bin.resolve("ack-release"), StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(lib.resolve("ack-release.jar"))) {
      Files.writeString(lib.resolve("ack-release.jar"), "not read: the stand-in answers for ack-release");
    }
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Files.writeString(fakeBin.resolve("java"), standIn(Path.of(System.getProperty("java.home"), "bin", "java")));
    assertTrue(fakeBin.resolve("java").toFile().setExecutable(true));
    Map<String, String> all = new HashMap<>(Map.of("PATH", fakeBin + ":/usr/bin:/bin", "HOME", tmp.toString(),
        "STARTS", tmp.resolve("starts").toString()));
    all.putAll(env);
    List<String> command = shell.length > 0 ? List.of("/bin/bash", "-c", shell[0] + "; exec " + bin.resolve("ack-release") + " --version")
        : List.of(bin.resolve("ack-release").toString(), "--version");
    return ProcessResult.runIsolated(command, null, all, 60);
  }

  /** The JVM starts since the last call, each by its arguments. */
  private List<String> starts() throws Exception {
    Path starts = tmp.resolve("starts");
    List<String> lines = Files.exists(starts) ? Files.readAllLines(starts) : List.of();
    Files.deleteIfExists(starts);
    return lines;
  }

  private List<String> lib() throws Exception {
    try (Stream<Path> files = Files.list(tmp.resolve("home/lib"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anOptionTheJvmRefusesIsOneLineNamingItExit2AndNothingIsMade() throws Exception {
    for (String opts : List.of("-Xfoo", "-Xmx1q", "-Dsome.property=1 -XX:+NoSuchOption")) {
      ProcessResult r = run(Map.of("ACK_RELEASE_JAVA_OPTS", opts));
      String bad = opts.substring(opts.lastIndexOf(' ') + 1);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals("", r.stdout());
      assertEquals(1, r.stderr().lines().count(), r.stderr());
      assertTrue(r.stderr().startsWith("error: ACK_RELEASE_JAVA_OPTS: the JVM refuses its option " + bad + " ("), r.stderr());
      assertTrue(r.stderr().endsWith("): correct or remove it, or run without them: unset ACK_RELEASE_JAVA_OPTS\n"), r.stderr());
      assertEquals(1, starts().size(), "the options tried, no training run and no run");
      assertEquals(List.of("ack-release.jar"), lib(), "no class-data archive, no record of the options");
    }
    ProcessResult both = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xms64m -XX:+UseG1GC"));
    assertEquals(2, both.exitCode(), both.toString());
    assertTrue(both.stderr().startsWith("error: ACK_RELEASE_JAVA_OPTS: the JVM cannot start with its options ("), both.stderr());
  }

  @Test
  void theFixItGivesWorksWhenPasted() throws Exception {
    ProcessResult refused = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xfoo", "ACK_RELEASE_CDS", "off"));
    String fix = refused.stderr().strip().substring(refused.stderr().strip().lastIndexOf(": ") + 2);
    ProcessResult fixed = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xfoo", "ACK_RELEASE_CDS", "off"), fix);
    assertEquals(0, fixed.exitCode(), fix + ": " + fixed);
    assertEquals("ran\n", fixed.stdout());
  }

  /** Good options are tried once with this java; the run after starts one JVM only, as a run without any does. */
  @Test
  void goodOptionsCostOneTryNotAJvmOnEveryRun() throws Exception {
    Map<String, String> env = Map.of("ACK_RELEASE_JAVA_OPTS", " -Xmx64m  -Dack.x=1 ", "ACK_RELEASE_CDS", "off");
    ProcessResult first = run(env);
    assertEquals(0, first.exitCode(), first.toString());
    assertEquals("ran\n", first.stdout());
    List<String> tried = starts();
    assertEquals(2, tried.size(), tried::toString);
    assertTrue(tried.get(0).endsWith("-Xmx64m -Dack.x=1 -version"), tried::toString);
    assertTrue(tried.get(1).contains("-Xmx64m -Dack.x=1 -cp "), "the run has them: " + tried);

    assertEquals("ran\n", run(env).stdout());
    assertEquals(1, starts().size(), "the same options: the run alone");
    assertEquals("ran\n", run(Map.of("ACK_RELEASE_CDS", "off")).stdout());
    assertEquals(1, starts().size(), "no options: the run alone");
    assertEquals("ran\n", run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xmx96m", "ACK_RELEASE_CDS", "off")).stdout());
    assertEquals(2, starts().size(), "other options are tried");
  }
}
