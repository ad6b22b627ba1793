package dev.ackrelease.cli;

import static dev.ackrelease.cli.ScriptRun.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/common.sh exits as ack-release does: a tool this user cannot install is a refusal
 * (3), apt-get failing a failed download (4), a failed Maven build 6; never 1, which is a bug.
 */
class ScriptsCommonTest {

  @TempDir Path tmp;

  /** common.sh's function {@code args[0]} with the other args, from a copy of common.sh under {@code root}/scripts/lib. */
  private ProcessResult call(Path root, Path bin, String... args) throws IOException {
    Path lib = Files.createDirectories(root.resolve("scripts/lib"));
    Files.copy(Path.of("scripts/lib/common.sh"), lib.resolve("common.sh"));
    Path driver = Files.writeString(tmp.resolve("driver.sh"), "set -euo pipefail\nsource \"$1\"\nshift\n\"$@\"\n");
    List<String> all = new ArrayList<>(List.of(lib.resolve("common.sh").toString()));
    all.addAll(List.of(args));
    return ScriptRun.run(driver.toString(), bin, all.toArray(String[]::new));
  }

  @Test
  void dieExitsWithTheCodeItIsGiven() throws IOException {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    assertError(3, "error: port 5000 is in use: pick another", call(tmp.resolve("r1"), bin, "die", "3", "port 5000 is in use: pick another"));
    assertError(2, "error: --dir needs a value: see scripts/driver.sh --help", call(tmp.resolve("r2"), bin, "needs_value", "--dir"));
  }

  @Test
  void aToolThisUserCannotInstallIsARefusalNamingTheCommandToInstallIt() throws IOException {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    assertError(3, "error: skopeo go not found on PATH: install them first: sudo apt-get install -y skopeo golang-go",
        call(tmp.resolve("r"), bin, "ensure_tools", "skopeo", "go"));
  }

  @Test
  void aptGetFailingIsAFailedDownloadAndAToolStillMissingARefusal() throws IOException {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 0);
    ScriptRun.write(bin, "apt-get", "echo 'E: Failed to fetch' >&2; exit 100");
    ProcessResult failed = call(tmp.resolve("r1"), bin, "ensure_tools", "skopeo");
    assertEquals(4, failed.exitCode(), failed.stderr());
    assertTrue(failed.stderr().endsWith("\nerror: apt-get could not install skopeo (its message is above): check the network,"
        + " then run: apt-get update && apt-get install -y skopeo\n"), failed.stderr());

    ScriptRun.write(bin, "apt-get", "exit 0");
    ProcessResult missing = call(tmp.resolve("r2"), bin, "ensure_tools", "skopeo");
    assertEquals(3, missing.exitCode(), missing.stderr());
    assertTrue(missing.stderr().endsWith("\nerror: skopeo is still not on PATH after installing skopeo: put the directory"
        + " that holds it on PATH (see: dpkg -L skopeo | grep /bin/)\n"), missing.stderr());
  }

  @Test
  void aFailedBuildOfTheJarOrTheTestsExitsSix() throws IOException {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000, "find", "head", "touch");
    ScriptRun.write(bin, "java", "exit 0");
    ScriptRun.write(bin, "mvn", "echo '[ERROR] COMPILATION ERROR'; exit 1");
    Path root = tmp.resolve("root");
    ProcessResult jar = call(root, bin, "build_jar");
    assertEquals(6, jar.exitCode(), jar.stderr());
    assertTrue(jar.stderr().endsWith("\nerror: the build of target/ack-release.jar failed (Maven's output is above): fix it,"
        + " then check with: (cd " + root + " && mvn -q package -DskipTests)\n"), jar.stderr());
    assertEquals("", jar.stdout());
    Files.delete(root.resolve("scripts/lib/common.sh"));
    ProcessResult tests = call(root, bin, "test_classpath");
    assertEquals(6, tests.exitCode(), tests.stderr());
    assertTrue(tests.stderr().contains("error: compiling the tests failed"), tests.stderr());
  }

  /** Every die in the scripts says its exit code: a bare one would exit 1, a bug's code. */
  @Test
  void everyDieInTheScriptsNamesItsExitCode() throws IOException {
    Pattern die = Pattern.compile("(?:^|[\\s;&|{(])die(?:\\s+(\\S+)|$)");
    List<String> calls = new ArrayList<>();
    List<String> bare = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("scripts"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.strip().startsWith("#") || line.contains("die() {")) {
            continue;
          }
          Matcher m = die.matcher(line);
          while (m.find()) {
            calls.add(f + ": " + line.strip());
            if (m.group(1) == null || !m.group(1).matches("[0-9]+")) {
              bare.add(f + ": " + line.strip());
            }
          }
        }
      }
    }
    assertTrue(calls.size() >= 30, "the die calls found: " + calls);
    assertEquals(List.of(), bare, "give each die its exit code: die 2 (bad input), 3 (refused), 4 (remote), 6 (build), 1 (a bug)");
    assertFalse(Files.readString(Path.of("scripts/lib/common.sh")).contains("exit 1;"), "common.sh");
  }
}
