package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ack-release help exit-codes} says what docs/conventions.md says: each code 0 to 6 with
 * the same meaning (the docs' backticks aside), e.g. 4 names GitHub's API among the remotes.
 */
class ExitCodesDocsTest {

  private static final Pattern ROW = Pattern.compile("(?m)^\\| (\\d) \\| (.+?) \\|$");

  @Test
  void theHelpPageGivesEachCodeTheMeaningTheConventionsGive() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("docs/conventions.md")));
    while (row.find()) {
      documented.put(row.group(1), row.group(2).replace("`", ""));
    }
    assertEquals(7, documented.size(), "docs/conventions.md's rows of exit codes 0 to 6: " + documented);
    Map<String, String> shown = new LinkedHashMap<>(ExitCodes.helpList());
    shown.keySet().retainAll(documented.keySet());
    assertEquals(documented, shown);
    String page = Cli.run("help", HelpPages.EXIT_CODES).out().replaceAll("\\s+", " ");
    documented.values().forEach(meaning -> assertTrue(page.contains(meaning), meaning + " in " + page));
  }
}
