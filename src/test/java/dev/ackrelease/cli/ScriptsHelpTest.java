package dev.ackrelease.cli;

import static dev.ackrelease.cli.ScriptRun.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every script's -h and --help print its opening comment, whole, on stdout with exit 0, before
 * anything else (no tool is looked for, nothing built or run: the PATH here has none of them);
 * the demo's and the docs scripts' bad arguments are one line with exit 2.
 */
class ScriptsHelpTest {

  @TempDir Path tmp;

  /** The opening comment: after the #! line, up to the first line that is not a comment. */
  private static String header(Path script) throws IOException {
    StringBuilder out = new StringBuilder();
    List<String> lines = Files.readAllLines(script);
    for (String line : lines.subList(1, lines.size())) {
      if (!line.startsWith("#")) {
        break;
      }
      out.append(line.replaceFirst("^# ?", "")).append('\n');
    }
    return out.toString();
  }

  @Test
  void everyScriptsHelpIsItsOpeningCommentOnStdoutWithExitZero() throws IOException {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("scripts"))) {
      // scripts/ack-release is the CLI's launcher: its --help is the jar's (LauncherTest, HelpTest).
      files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("ack-release")).sorted().forEach(scripts::add);
    }
    assertTrue(scripts.size() >= 9, scripts.toString());
    for (Path script : scripts) {
      String header = header(script);
      assertTrue(header.lines().count() >= 2, script + ": " + header);
      for (String flag : List.of("--help", "-h")) {
        ProcessResult r = ScriptRun.run(script.toString(), bin, flag);
        assertEquals(0, r.exitCode(), script + " " + flag + ": " + r.stderr());
        assertEquals("", r.stderr(), script + " " + flag);
        assertEquals(header, r.stdout(), script + " " + flag);
      }
    }
  }

  @Test
  void aBadArgumentIsOneLineWithExitTwo() {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    assertError(2, "error: unknown argument '--kep': run scripts/demo, or scripts/demo --keep to keep its registry and repos",
        ScriptRun.run("scripts/demo", bin, "--kep"));
    assertError(2, "error: scripts/docs takes no arguments, not 'reference': run scripts/docs", ScriptRun.run("scripts/docs", bin, "reference"));
    assertError(2, "error: unknown argument '--chek': run scripts/doc-examples, or scripts/doc-examples --check",
        ScriptRun.run("scripts/doc-examples", bin, "--chek"));
    assertError(2, "error: scripts/doc-examples takes one argument at most, not 2: run scripts/doc-examples, or scripts/doc-examples --check",
        ScriptRun.run("scripts/doc-examples", bin, "--check", "README.md"));
  }

  @Test
  void theDemoWithoutItsToolsIsRefusedWithTheLineThatInstallsThem() {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    ProcessResult r = ScriptRun.run("scripts/demo", bin);
    assertError(3, "error: java mvn git go skopeo docker-registry curl openssl not found on PATH: install them first: sudo apt-get install -y"
        + " openjdk-17-jdk-headless maven git golang-go skopeo docker-registry curl openssl", r);
  }
}
