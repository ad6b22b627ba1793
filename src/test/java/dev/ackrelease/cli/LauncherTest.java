package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/ack-release} installed as the archive lays it out ({@code bin/} beside
 * {@code lib/ack-release.jar}), with a stand-in {@code java} on PATH that behaves as the JVM's
 * training run does: it writes its class-data archive as it exits, on SIGTERM too.
 */
class LauncherTest {

  @TempDir Path tmp;

  /** The stand-in java: a training run takes {@code $TRAIN_TENTHS} tenths of a second; any other run exits 0. */
  private static final String FAKE_JAVA = """
      #!/bin/sh
      case "$1" in
        -XX:ArchiveClassesAtExit=*)
          out="${1#*=}"
          trap 'echo archive > "$out"; exit 143' TERM
          : > "$MARK"
          i=0
          while [ "$i" -lt "$TRAIN_TENTHS" ]; do sleep 0.1; i=$((i + 1)); done
          echo archive > "$out" ;;
      esac
      exit 0
      """;

  private Process launch(int trainTenths) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/bin"));
    Path lib = Files.createDirectories(tmp.resolve("home/lib"));
    Files.copy(Path.of("scripts/ack-release"), bin.resolve("ack-release"));
    Files.writeString(lib.resolve("ack-release.jar"), "not read by the stand-in java");
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Files.writeString(fakeBin.resolve("java"), FAKE_JAVA);
    assertTrue(fakeBin.resolve("java").toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder(bin.resolve("ack-release").toString(), "--version")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "MARK", tmp.resolve("training").toString(),
        "TRAIN_TENTHS", String.valueOf(trainTenths)));
    pb.environment().remove("ACK_RELEASE_CDS");
    return pb.start();
  }

  private List<String> lib() throws Exception {
    try (Stream<Path> files = Files.list(tmp.resolve("home/lib"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTrainingRunThatFinishesLeavesTheArchiveBesideTheJar() throws Exception {
    Process p = launch(1);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals(List.of("ack-release.jar", "ack-release.jsa"), lib());
  }

  @Test
  void sigtermDuringTheTrainingRunStopsItAndLeavesNoHalfMadeArchive() throws Exception {
    Process p = launch(30);
    for (int i = 0; i < 100 && !Files.exists(tmp.resolve("training")); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(tmp.resolve("training")), "the training run started");
    p.destroy(); // SIGTERM, to the launcher only (as a CI runner that cancels a job's shell)
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue());
    Thread.sleep(4000); // longer than the training run would have gone on without the launcher
    assertEquals(List.of("ack-release.jar"), lib(), "no ack-release.jsa.<pid>.tmp of 30 MB left behind");
  }
}
