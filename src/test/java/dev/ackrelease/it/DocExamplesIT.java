package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.DocExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every example the docs mark ({@code <!-- example: NAME -->}) shows what running it prints now:
 * the same generation {@code scripts/doc-examples} writes, against a local registry and the
 * sample controller, compared with the checked-in docs.
 */
class DocExamplesIT {

  @Test
  void theExamplesInTheDocsAreWhatRunningThemPrints() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    Map<Path, String> generated = DocExamples.generate(root);
    assertTrue(generated.size() >= 3, "examples in several pages: " + generated.keySet());
    List<String> stale = new ArrayList<>();
    for (Map.Entry<Path, String> doc : generated.entrySet()) {
      String checkedIn = Files.readString(doc.getKey());
      if (!checkedIn.equals(doc.getValue())) {
        stale.add(root.relativize(doc.getKey()) + ":\n" + firstDifference(checkedIn, doc.getValue()));
      }
    }
    assertEquals(List.of(), stale, "the docs' examples are stale: run scripts/doc-examples");
  }

  /** The first line that differs, as checked in and as run. */
  static String firstDifference(String checkedIn, String generated) {
    List<String> a = checkedIn.lines().toList();
    List<String> b = generated.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "<end>";
      String y = i < b.size() ? b.get(i) : "<end>";
      if (!x.equals(y)) {
        return "  line " + (i + 1) + " checked in: " + x + "\n  line " + (i + 1) + " as run:     " + y;
      }
    }
    return "  (line endings differ)";
  }
}
