package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scripts/release-build's command line, before anything is checked or built: --help is the usage
 * on stdout with exit 0, and an option without its value is one line with exit 2 (its checks of
 * the tag, the tree and Go, and the build, are in SelfReleaseIT).
 */
class ReleaseBuildScriptTest {

  static ProcessResult script(String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("scripts/release-build").toString()));
    cmd.addAll(List.of(args));
    return ProcessResult.runIsolated(cmd, null, Map.of("PATH", "/usr/bin:/bin"), 60);
  }

  @Test
  void helpIsTheUsageOnStdoutWithExitZero() {
    ProcessResult help = script("--help");
    assertEquals(0, help.exitCode(), help.stderr());
    assertEquals("", help.stderr());
    assertTrue(help.stdout().startsWith("Builds a release of ack-release itself"), help.stdout());
    assertTrue(help.stdout().contains("--dry-run ") && help.stdout().contains("Exit codes: 2 invalid input"), help.stdout());
    assertEquals(help.stdout(), script("-h").stdout());
  }

  @Test
  void anOptionWithoutItsValueIsOneLine() {
    for (String option : List.of("--version", "--go-root", "--build-config", "--base-image", "--push")) {
      for (List<String> args : List.of(List.of(option), List.of(option, ""), List.of("--no-image", option))) {
        ProcessResult r = script(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), args + ": " + r.stderr());
        assertEquals("error: " + option + " needs a value: see scripts/release-build --help\n", r.stderr(), args.toString());
        assertEquals("", r.stdout());
      }
    }
  }
}
