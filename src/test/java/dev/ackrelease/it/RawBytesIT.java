package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes no Java string holds, passed as a shell passes them (issue 19): invalid UTF-8 and
 * control bytes in an argument or a variable reach ack-release as the JVM decodes them, and are
 * refused with exit 2 in one line, escaped where they would act on a terminal. The in-process
 * sweep ({@code InputSweepTest}) feeds the decoded form; this checks the decoding itself.
 */
class RawBytesIT {

  @TempDir Path tmp;

  /** Runs the jar through {@code sh}, so {@code prefix} can set a variable to raw bytes with printf. */
  CliRun jar(String prefix, String args) {
    String jar = Path.of(System.getProperty("ack.release.jar", "target/ack-release.jar")).toAbsolutePath().toString();
    ProcessResult r = ProcessResult.runIsolated(List.of("sh", "-c", prefix + " exec java -jar '" + jar + "' " + args), null,
        Hermetic.env(Map.of("HOME", tmp.toString())), 120);
    return new CliRun(r.exitCode(), r.stdout(), r.stderr());
  }

  static void assertOneLine(CliRun run, String fragment) {
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.errorLine().startsWith("error: ") && run.errorLine().contains(fragment), run::toString);
    assertTrue(run.errorLine().length() <= Echo.LINE_MAX, run::toString);
    assertFalse(run.err().contains("Exception") || run.err().contains("\u001b"), "no exception, no raw escape: " + run);
  }

  @Test
  void invalidUtf8InAVariableIsRefusedInOneLine() {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");

    CliRun run = jar("ACK_RELEASE_RETRY_ATTEMPTS=\"$(printf '\\377\\3763')\"", "tag v0.1.0 --dry-run --controller-dir '"
        + repo.dir() + "'");

    assertOneLine(run, "ACK_RELEASE_RETRY_ATTEMPTS='");
    assertTrue(run.errorLine().contains("is not a whole number from 1 to 100 in plain digits"), run::toString);
  }

  /**
   * A directory named in a byte UTF-8 does not hold (0xfe, made by the shell: Java cannot name
   * it), given to an option: the JVM decodes it to U+FFFD, and the name it would use is another
   * (EF BF BD), which was "does not exist". Refused as a name the locale's character set does
   * not decode.
   */
  @Test
  void aDirectoryNamedInInvalidUtf8IsRefusedAsSuch() {
    String dir = "\"$(printf '" + tmp + "/\\376')\"";

    CliRun run = jar("mkdir " + dir + " &&", "tag v0.1.0 --dry-run --controller-dir " + dir);

    assertOneLine(run, "Invalid value for option '--controller-dir': '" + tmp + "/\uFFFD' is not valid UTF-8 (");
  }

  /** XDG_CACHE_HOME in such bytes: publish made its cache under the changed name; now it is refused and nothing is made. */
  @Test
  void aCacheVariableInInvalidUtf8IsRefusedAndNothingIsMade() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    repo.tag("v0.1.0");

    CliRun run = jar("XDG_CACHE_HOME=\"$(printf '" + tmp + "/\\376')\"", "publish --dry-run --controller-dir '" + repo.dir()
        + "' --registry 127.0.0.1:1/ack");

    assertOneLine(run, "error: XDG_CACHE_HOME '" + tmp + "/\uFFFD' is not valid UTF-8 (");
    try (Stream<Path> entries = Files.list(tmp)) {
      assertEquals(List.of(repo.dir()), entries.toList(), "no cache was made");
    }
  }

  @Test
  void invalidUtf8AndAnEscapeInAnArgumentAreRefusedInOneLine() {
    CliRun run = jar("", "verify v0.1.0 --service s3 --registry \"$(printf '127.0.0.1:1/\\377\\033[2J')\"");

    assertOneLine(run, "registry namespace '");
    assertTrue(run.errorLine().contains("\\x1b[2J"), "the escape is shown, not sent to the terminal: " + run);
  }
}
