package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.artifacts.Fixtures;
import dev.ackrelease.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shape (issue 23, item 4): every command takes the release version as an argument, as tag
 * and prepare did; build-artifacts', verify's and await's --version VERSION still works, the same
 * way, with one line on stderr saying it is deprecated; its variable still sets it, silently.
 */
class VersionArgumentTest {

  static final String NOTE = "warning: --version is deprecated: pass the version as an argument, e.g. ack-release"
      + " build-artifacts v1.0.5 ...";

  @TempDir Path tmp;

  @Test
  void theDeprecatedOptionDoesWhatTheArgumentDoesAndSaysSo() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("s3-controller"));
    CliRun argument = Cli.run("build-artifacts", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(), "--dry-run",
        "--output", "json", "-q");
    assertEquals(0, argument.exitCode(), argument::toString);
    assertEquals("", argument.err());
    CliRun option = Cli.run("build-artifacts", "--version", "v1.0.5", "--service", "s3", "--controller-dir", dir.toString(),
        "--dry-run", "--output", "json", "-q");
    assertEquals(0, option.exitCode(), option::toString);
    assertEquals(argument.json(), option.json());
    assertEquals(List.of(NOTE), option.errLines());
    CliRun variable = Cli.runWith(Map.of("ACK_RELEASE_VERSION", "v1.0.5"), "build-artifacts", "--service", "s3",
        "--controller-dir", dir.toString(), "--dry-run", "--output", "json", "-q");
    assertEquals(argument.json(), variable.json());
    assertEquals("", variable.err(), "a variable is a setting, not the deprecated form");
  }

  @Test
  void twoDifferentVersionsAreAUsageError() {
    CliRun run = Cli.run("verify", "v1.0.0", "--version", "v1.0.1", "--service", "s3", "--registry", "127.0.0.1:1/ack");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("error: the version is given twice, as 'v1.0.0' and --version 'v1.0.1': pass it once, as the argument (see"
        + " 'ack-release verify --help')", run.errorLine());
  }

  @Test
  void awaitNeedsTheVersionEitherWay() {
    CliRun run = Cli.run("await", "--service", "s3", "--registry", "127.0.0.1:1/ack");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(List.of("error: Missing required parameter: 'VERSION': pass the release, e.g. ack-release await v1.2.3 (see"
        + " 'ack-release await --help')"), run.errLines());
    CliRun old = Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1"), "await", "--version", "v1.0.0", "--service", "s3", "--registry", "127.0.0.1:1/ack", "--timeout", "1s",
        "--retry-timeout", "1s");
    assertTrue(old.errLines().get(0).startsWith("warning: --version is deprecated"), old::toString);
    assertTrue(old.errorLine().contains("127.0.0.1:1"), "it got as far as the registry: " + old);
  }
}
