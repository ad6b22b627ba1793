package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run over a workspace of one service counts it as one: "1 service", not "1 services" (nor "2 at once"). */
class FleetOfOneTest {

  private static final Map<String, String> ONE_TRY = Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1");

  @TempDir Path tmp;

  @Test
  void aWorkspaceOfOneServiceSaysOneService() {
    Path ws = tmp.resolve("ws");
    GitFixture s3 = SampleController.create(ws, "s3");
    String[] plan = {"plan", "--workspace", ws.toString(), "--registry", "127.0.0.1:1/ack"};

    CliRun nothing = Cli.runWith(ONE_TRY, plan);
    assertEquals(0, nothing.exitCode(), nothing::toString);
    assertTrue(nothing.out().endsWith("\n1 service: 1 ok, 0 failed; no request needed a retry.\n"), nothing::toString);
    assertTrue(nothing.err().startsWith("plan 1 service, 1 at once: s3\n"), nothing::toString);

    // Tagged, without the release artifacts: the one service fails, and the error line counts it as one.
    s3.tag("v1.0.0");
    CliRun failed = Cli.runWith(ONE_TRY, plan);
    assertEquals(2, failed.exitCode(), failed::toString);
    assertTrue(failed.errorLine().startsWith("error: 1 of 1 service failed: s3 (exit 2: "), failed::toString);
  }
}
