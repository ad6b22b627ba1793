package dev.ackrelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The layout rule: release-steps/ is a library; the command line lives only in cli/. */
class LayoutTest {

  private static final Pattern FORBIDDEN = Pattern.compile("^\\s*import\\s+(static\\s+)?(picocli|dev\\.ackrelease\\.cli)\\b",
      Pattern.MULTILINE);

  @Test
  void releaseStepsImportNeitherPicocliNorTheCli() throws IOException {
    List<Path> sources;
    try (var files = Files.walk(Path.of("release-steps"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertFalse(sources.isEmpty(), "no sources found under release-steps/");
    List<String> offenders = sources.stream().filter(LayoutTest::importsCli).map(Path::toString).toList();
    assertEquals(List.of(), offenders, "release-steps/ must not import picocli or dev.ackrelease.cli");
  }

  @Test
  void cliClassesLiveOnlyInCli() throws IOException {
    try (var files = Files.walk(Path.of("release-steps"))) {
      assertEquals(List.of(), files.filter(p -> p.toString().contains("/dev/ackrelease/cli/")).toList());
    }
  }

  @Test
  void theRuleDetectsAnOffender() {
    // Guards the guard: the pattern must match the imports it is meant to forbid.
    assertFalse(!FORBIDDEN.matcher("package x;\nimport picocli.CommandLine;\n").find());
    assertFalse(!FORBIDDEN.matcher("import dev.ackrelease.cli.Main;").find());
    assertFalse(FORBIDDEN.matcher("import dev.ackrelease.steps.Log;").find());
  }

  private static boolean importsCli(Path file) {
    try {
      return FORBIDDEN.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
