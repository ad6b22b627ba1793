package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/release-build's command line, before anything is checked or built: --help is the usage
 * on stdout with exit 0, and an option without its value is one line with exit 2 (its checks of
 * the tag, the tree and Go, and the build, are in SelfReleaseIT); a tool it needs is looked for
 * before the build.
 */
class ReleaseBuildScriptTest {

  @TempDir Path tmp;

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

  /**
   * --push needs skopeo: a user who cannot install it hears so before Maven runs (the build takes
   * minutes), with --dry-run too; in a tagged checkout of its own, with stand-ins for java, mvn and Go.
   */
  @Test
  void aMissingSkopeoIsRefusedBeforeTheBuild() throws IOException {
    Path root = tmp.resolve("checkout");
    Files.createDirectories(root.resolve("scripts/lib"));
    Files.copy(Path.of("scripts/release-build"), root.resolve("scripts/release-build"));
    Files.copy(Path.of("scripts/lib/common.sh"), root.resolve("scripts/lib/common.sh"));
    for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "-A"),
        List.of("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "release"), List.of("tag", "v1.2.3"))) {
      List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
      cmd.addAll(git);
      ProcessResult r = ProcessResult.run(cmd, null, 60);
      assertEquals(0, r.exitCode(), cmd + ": " + r.stderr());
    }
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000, "git", "grep", "head");
    ScriptRun.write(bin, "java", "exit 0");
    ScriptRun.write(bin, "mvn", "touch \"$(dirname \"$0\")/mvn-ran\"; exit 0");
    Path go = Files.createDirectories(tmp.resolve("go/bin"));
    ScriptRun.write(go, "go", "exit 0");
    Files.writeString(tmp.resolve("go/VERSION"), "go1.22.5\n");
    for (List<String> extra : List.<List<String>>of(List.of(), List.of("--dry-run"))) {
      List<String> args = new ArrayList<>(List.of("--go-root", tmp.resolve("go").toString(), "--push", "127.0.0.1:5000/ack-release"));
      args.addAll(extra);
      ScriptRun.assertError(3, "error: skopeo not found on PATH: install them first: sudo apt-get install -y skopeo",
          ScriptRun.run(root.resolve("scripts/release-build").toString(), bin, args.toArray(String[]::new)));
      assertTrue(Files.notExists(bin.resolve("mvn-ran")), "Maven ran before skopeo was looked for");
    }
  }
}
