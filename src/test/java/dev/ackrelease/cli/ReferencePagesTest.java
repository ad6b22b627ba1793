package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reference/ is what picocli-codegen's man page generator writes from the commands today. */
class ReferencePagesTest {

  @Test
  void theCheckedInPagesAreTheOnesTheCommandsMake(@TempDir Path tmp) throws IOException {
    ReferencePages.write(tmp);
    Map<String, String> made = pages(tmp);
    Map<String, String> checkedIn = pages(ReferencePages.DIR);
    List<String> stale = new ArrayList<>();
    made.forEach((name, text) -> {
      if (!text.equals(checkedIn.get(name))) {
        stale.add(name + (checkedIn.containsKey(name) ? " differs" : " is missing"));
      }
    });
    checkedIn.keySet().stream().filter(name -> !made.containsKey(name)).forEach(name -> stale.add(name + " is no command's"));
    assertEquals(List.of(), stale, "docs/reference/ is stale: run scripts/docs");
  }

  @Test
  void everyCommandHasAPageWithItsOptionsAndItsSettings(@TempDir Path tmp) throws IOException {
    ReferencePages.write(tmp);
    Map<String, String> made = pages(tmp);
    for (String command : Main.commandNames()) {
      String page = made.get("ack-release-" + command + ".adoc");
      assertTrue(page != null, command + " has a page: " + made.keySet());
      assertTrue(page.contains("== Options"), command);
    }
    String publish = made.get("ack-release-publish.adoc");
    assertTrue(publish.contains("== Settings\n\n"), publish);
    assertTrue(publish.contains("ACK_RELEASE_PLATFORMS"), publish);
    assertTrue(publish.indexOf("== Settings") < publish.indexOf("Exit codes"), "settings come before the exit codes");
    assertTrue(made.get("ack-release-ci-prow.adoc").contains("--controllers"));
    assertFalse(made.get("ack-release-help.adoc").contains("== Settings"), "help has no settings");
  }

  @Test
  void aHelpSectionBecomesAnAsciiDocSection() {
    assertEquals("// tag::ack-release-section[]\n== Settings\n\nOne paragraph.\n\nA B C\n\n// end::ack-release-section[]\n\n",
        ReferencePages.asciiDoc("\nSettings:\n  One paragraph.\n  A B C\n"));
  }

  static Map<String, String> pages(Path dir) throws IOException {
    Map<String, String> pages = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".adoc")).toList()) {
          pages.put(p.getFileName().toString(), Files.readString(p));
        }
      }
    }
    return pages;
  }
}
