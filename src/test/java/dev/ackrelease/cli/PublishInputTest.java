package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to publish and verify: exit 2, one line naming the problem, and nothing done (no
 * registry is running here, so any attempt to reach one would fail differently).
 */
class PublishInputTest {

  @TempDir Path tmp;
  GitFixture repo;

  @BeforeEach
  void releasedController() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    repo.tag("v0.1.0");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private CliRun publish(String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(),
        "--cache-dir", tmp.resolve("cache").toString()));
    args.addAll(List.of(extra));
    if (!args.contains("--registry")) {
      args.addAll(List.of("--registry", "127.0.0.1:9/ack"));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--platforms|linux/s390x|linux/s390x",
      "--platforms|linux/arm64/v8|linux/arm64/v8",
      "--registry|https://example.com/ack|URL scheme",
      "--registry|Example.com/UPPER|lower-case",
      "--binary|linux/amd64=/no/such/file|/no/such/file",
      "--mode|sideways|sideways",
      "--service|S3!|S3!",
      "--image-user|root!|root!",
      "--main-package|-toolexec=x|-toolexec=x",
      "--version-package|./pkg/version|./pkg/version",
      "--go|/no/such/go|--go /no/such/go"})
  void badOptionsAreUsageErrorsWithOneLine(String option, String value, String named) {
    CliRun run = publish(option, value);

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.errorLine().startsWith("error: "), run::toString);
    assertTrue(run.errorLine().contains(named), run::toString);
    assertFalse(Files.exists(tmp.resolve("cache")), "nothing was built or cached");
  }

  /**
   * --parallel is 1 to 64 for one controller as for many: a fleet run's refusal is not skipped
   * when there is one service. A number no int holds is out of that range in the same words,
   * not "not a whole number".
   */
  @ParameterizedTest
  @CsvSource({"publish,0", "publish,-1", "plan,-1", "plan,65", "verify,-5", "verify,0", "plan,99999999999", "publish,2147483648",
      "verify,-99999999999999999999999"})
  void parallelOutsideOneTo64IsRefusedForOneControllerToo(String command, String parallel) {
    List<String> args = new ArrayList<>(List.of(command, "--controller-dir", repo.dir().toString(), "--service", "s3",
        "--registry", "127.0.0.1:9/ack", "--parallel", parallel));
    if (command.equals("verify")) {
      args.add("v0.1.0");
    } else {
      args.addAll(List.of("--cache-dir", tmp.resolve("cache").toString()));
    }

    CliRun run = Cli.run(args.toArray(String[]::new));

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(List.of("error: --parallel " + parallel + " is not from 1 to 64: pass e.g. --parallel 4"), run.errLines());
    assertFalse(Files.exists(tmp.resolve("cache")), "nothing was built or cached");
  }

  @Test
  void anUnwritableReportIsRefusedBeforeAnythingRuns() {
    CliRun run = publish("--report", tmp.resolve("no-such-dir/report.json").toString());

    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("cannot write --report " + tmp.resolve("no-such-dir/report.json") + ": its directory"), run::toString);
    assertFalse(Files.exists(tmp.resolve("cache")));
  }

  /**
   * Go writes the paths it builds in into line-based files (importcfg): a --cache-dir (the run's
   * GOTMPDIR is under it), GOCACHE or GOPATH with a line break was go's 13 lines of "unknown
   * directive" and exit 6, with the cache made. One line, exit 2, before anything is made.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"--cache-dir|", "GOCACHE|GOCACHE '", "GOPATH|GOPATH '"})
  void aGoPathWithALineBreakIsRefusedBeforeAnythingIsMade(String where, String named) {
    Path bad = tmp.resolve("c\nx");
    boolean option = where.equals("--cache-dir");
    CliRun run = Cli.runWith(option ? Map.of() : Map.of(where, bad.toString()), "publish", "--dry-run", "--controller-dir",
        repo.dir().toString(), "--cache-dir", option ? bad.toString() : tmp.resolve("cache").toString(), "--registry",
        "127.0.0.1:9/ack");

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.errorLine().startsWith("error: " + (named == null ? "the cache directory '" : named)
        + tmp.resolve("c\\x0ax") + "' holds a control character (\\x0a): Go writes the paths"), run::toString);
    assertFalse(Files.exists(bad), "nothing made under the path refused");
    assertFalse(Files.exists(tmp.resolve("cache")), "nothing made in the cache");
  }

  /** A --cache-dir publish cannot write under is refused before the mode's line: the error is the only line. */
  @Test
  void aCacheDirThatIsAFileIsRefusedBeforeAnyLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("cache-file"), "x");

    CliRun run = Cli.run("publish", "--dry-run", "--controller-dir", repo.dir().toString(), "--cache-dir", file.toString(),
        "--registry", "127.0.0.1:9/ack");

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(List.of("error: the cache directory " + file + " is a file, not a directory: pass a writable --cache-dir"),
        run.errLines());
  }

  /** A cache whose own directory is a link is refused before the mode's line too (a hostile-input audit saw two lines). */
  @Test
  void aCacheWhoseWorkIsALinkIsRefusedBeforeAnyLine() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("linked-cache"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(cache.resolve("work"), elsewhere);

    CliRun run = Cli.run("publish", "--dry-run", "--controller-dir", repo.dir().toString(), "--cache-dir", cache.toString(),
        "--registry", "127.0.0.1:9/ack");

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.errorLine().contains(": its work is a symlink to " + elsewhere + ", not a directory"), run::toString);
  }

  /**
   * A path the JVM decoded from bytes its character set does not hold (U+FFFD, as RawBytesIT
   * makes it from real bytes) is refused, naming where it came from, not written back as the
   * bytes of U+FFFD (another name): an option, its variable, and a variable publish reads.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--report||error: Invalid value for option '--report': '",
      "|ACK_RELEASE_REPORT|error: ACK_RELEASE_REPORT: Invalid value for option '--report': '",
      "|XDG_CACHE_HOME|error: XDG_CACHE_HOME '",
      "|HOME|error: HOME '"})
  void aPathTheJvmCouldNotDecodeIsRefusedNotChanged(String option, String variable, String start) {
    Path bad = tmp.resolve("\uFFFD");
    List<String> args = new ArrayList<>(List.of("publish", "--dry-run", "--controller-dir", repo.dir().toString(), "--registry",
        "127.0.0.1:9/ack"));
    if (option != null) {
      args.addAll(List.of(option, bad.toString()));
    }
    if (!"XDG_CACHE_HOME".equals(variable) && !"HOME".equals(variable)) {
      args.addAll(List.of("--cache-dir", tmp.resolve("cache").toString()));
    }

    CliRun run = Cli.runWith(variable == null ? Map.of() : Map.of(variable, bad.toString()), args.toArray(String[]::new));

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.errorLine().startsWith(start + bad + "' is not valid "), run::toString);
    assertTrue(run.errorLine().contains(": rename it to a valid "), run::toString);
    if ("HOME".equals(variable)) {
      // A fix that works where the machine has no other locale (a review): a cache named outright.
      assertTrue(run.errorLine().endsWith("; or pass --cache-dir DIR"), run::toString);
    }
    assertFalse(Files.exists(bad), "nothing made at the name it was changed to");
    assertFalse(Files.exists(tmp.resolve("cache")), "nothing made in the cache");
  }

  /** A --registry-ca that is not a file says what it is. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"/dev/null|is not a regular file (a device, a pipe or a socket)",
      "/|is a directory, not a file", "/no/such.pem|does not exist"})
  void aRegistryCaThatIsNoFileSaysWhatItIs(String ca, String is) {
    CliRun run = Cli.run("verify", "--service", "s3", "v0.1.0", "--registry", "127.0.0.1:9/ack", "--registry-ca", ca);

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(List.of("error: CA file " + ca + " " + is + ": pass a PEM file to --registry-ca"), run.errLines());
  }

  @Test
  void nothingToPublishOnMainIsSuccessWithAReport() throws Exception {
    repo.write("README.md", "after\n");
    repo.commit("After the release");
    Path report = tmp.resolve("report.json");

    CliRun run = publish("--report", report.toString(), "--output", "json");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("nothing", run.json().get("mode").asText());
    assertEquals(0, run.json().get("artifacts").size());
    assertTrue(Files.readString(report).contains("\"mode\" : \"nothing\""));
  }

  @Test
  void verifyNeedsAReleaseVersion() {
    CliRun run = Cli.run("verify", "--service", "s3", "1.2.3", "--registry", "127.0.0.1:9/ack");

    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("has no leading 'v'"), run::toString);
  }
}
