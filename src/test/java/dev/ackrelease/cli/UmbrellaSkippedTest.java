package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * umbrella's "nothing to update" is true to what it did: a clone whose chart is older than the
 * umbrella's is skipped, and the run says it skipped it rather than that every chart is at its version.
 */
class UmbrellaSkippedTest {

  @TempDir Path tmp;

  @Test
  void nothingToUpdateSaysHowManyOlderClonesItSkipped() throws IOException {
    Path chart = Files.createDirectories(tmp.resolve("ack-chart"));
    for (String f : List.of("Chart.yaml", "Chart.lock", "values.yaml", ".helmignore")) {
      Files.copy(Path.of("src/test/resources/ack-chart").resolve(f), chart.resolve(f));
    }
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    SampleController.create(workspace, "cloudtrail").close();
    Path chartYaml = Files.createDirectories(workspace.resolve("cloudtrail-controller/helm")).resolve("Chart.yaml");
    Files.writeString(chartYaml, "apiVersion: v1\nname: cloudtrail-chart\nversion: 1.0.0\nappVersion: 1.0.0\n"); // umbrella: 1.6.0

    CliRun run = Cli.run("umbrella", "--chart-dir", chart.toString(), "--workspace", workspace.toString(), "--registry",
        "127.0.0.1:1/ack");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("ack-chart 46.158.1: nothing to update (skipped 1 older clone).", run.out().strip(), run::toString);
    assertTrue(run.err().contains("skipping cloudtrail: its chart cloudtrail-chart 1.0.0 is older than the umbrella's 1.6.0"),
        run::toString);
    assertTrue(run.err().contains("ack-chart 46.158.1: nothing to update (skipped 1 older clone)"), run::toString);
    assertFalse(run.err().contains("already has every GA controller's chart"), run::toString);
  }
}
