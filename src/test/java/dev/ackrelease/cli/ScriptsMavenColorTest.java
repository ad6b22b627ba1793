package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scripts' Maven runs write no colour codes: their output goes to logs and pipes (the
 * launcher's jar rebuild, CI), not terminals. Maven 3.8's -B leaves jansi's "ESC[0m" resets at
 * start and exit; -Dstyle.color=never turns its colours off and jansi.noreset (a JVM property,
 * so in .mvn/jvm.config) the resets.
 */
class ScriptsMavenColorTest {

  @Test
  void everyMavenRunOfTheScriptsIsWithoutColour() throws IOException {
    List<String> runs = new ArrayList<>();
    List<String> coloured = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("scripts"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.matches(".*\\bmvn -B\\b.*")) {
            runs.add(f + ": " + line.strip());
            if (!line.contains("-Dstyle.color=never")) {
              coloured.add(f + ": " + line.strip());
            }
          }
        }
      }
    }
    assertTrue(runs.size() >= 5, "the scripts' Maven runs: " + runs);
    assertEquals(List.of(), coloured, "add -Dstyle.color=never");
    List<String> jvm = List.of(Files.readString(Path.of(".mvn/jvm.config")).strip().split("\\s+"));
    assertTrue(jvm.contains("-Djansi.noreset=true"), ".mvn/jvm.config: " + jvm);
  }
}
