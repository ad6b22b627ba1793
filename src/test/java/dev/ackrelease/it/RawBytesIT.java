package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void invalidUtf8AndAnEscapeInAnArgumentAreRefusedInOneLine() {
    CliRun run = jar("", "verify v0.1.0 --service s3 --registry \"$(printf '127.0.0.1:1/\\377\\033[2J')\"");

    assertOneLine(run, "registry namespace '");
    assertTrue(run.errorLine().contains("\\x1b[2J"), "the escape is shown, not sent to the terminal: " + run);
  }
}
