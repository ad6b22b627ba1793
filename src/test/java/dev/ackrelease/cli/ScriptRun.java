package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the project's shell scripts with a PATH of their own: a directory holding only the
 * commands a test names (links to this machine's) and stand-ins it writes, among them an
 * {@code id} that says which user runs the script (so a missing tool is never installed).
 */
final class ScriptRun {

  /** What the scripts run before they read their arguments, and what --help prints with. */
  static final List<String> BASICS = List.of("dirname", "readlink", "awk", "sed", "cat", "mkdir", "rm", "tail", "seq", "sleep");

  private ScriptRun() {}

  /** {@code dir} with links to the {@link #BASICS} and {@code commands}, and an id of user {@code uid}. */
  static Path bin(Path dir, int uid, String... commands) {
    try {
      Files.createDirectories(dir);
      List<String> all = new ArrayList<>(BASICS);
      all.addAll(List.of(commands));
      for (String c : all) {
        Path real = Files.exists(Path.of("/usr/bin", c)) ? Path.of("/usr/bin", c) : Path.of("/bin", c);
        assertTrue(Files.isExecutable(real), "this machine has no " + c);
        Files.deleteIfExists(dir.resolve(c));
        Files.createSymbolicLink(dir.resolve(c), real);
      }
      write(dir, "id", "[ \"$1\" = -u ] && echo " + uid);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stand-in command {@code name} in {@code bin} that runs {@code body} with /bin/sh. */
  static void write(Path bin, String name, String body) {
    try {
      Path f = bin.resolve(name);
      Files.deleteIfExists(f);
      Files.writeString(f, "#!/bin/sh\n" + body + "\n");
      assertTrue(f.toFile().setExecutable(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code script} (e.g. scripts/registry) with bash, PATH={@code bin} and nothing else of this environment. */
  static ProcessResult run(String script, Path bin, String... args) {
    return run(script, bin, Map.of(), args);
  }

  static ProcessResult run(String script, Path bin, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", Path.of(script).toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Map<String, String> all = new HashMap<>(env);
    all.put("PATH", bin.toString());
    return ProcessResult.runIsolated(cmd, null, all, 60);
  }

  /** Exit {@code code}, nothing on stdout, and {@code line} alone on stderr. */
  static void assertError(int code, String line, ProcessResult r) {
    assertEquals(code, r.exitCode(), r.stderr());
    assertEquals(line + "\n", r.stderr());
    assertEquals("", r.stdout());
  }
}
