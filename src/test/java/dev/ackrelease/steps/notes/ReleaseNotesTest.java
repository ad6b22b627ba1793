package dev.ackrelease.steps.notes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Titles and authors come from whoever wrote a commit or opened a pull request: a terminal escape
 * or a right-to-left override in one is written as an escape in the text and the Markdown, so it
 * cannot recolour a terminal or change how the notes read.
 */
class ReleaseNotesTest {

  @Test
  void controlAndBidiCharactersOfATitleOrAuthorAreWrittenAsEscapes() {
    List<Change> changes = List.of(
        new Change(Optional.of(7), "feat: red \u001b[31mtext\u001b[0m", "alice", true, List.of(), "a".repeat(40), Group.FEATURES),
        new Change(Optional.empty(), "Fix \u202eevil", "Mallory\u001b]0;title\u0007", false, List.of(), "b".repeat(40),
            Group.OTHER));
    ReleaseNotes notes = new ReleaseNotes("s3", "v0.2.0", Optional.of("v0.1.0"), "c".repeat(40), false, true, 2, changes,
        Optional.empty());
    for (String out : List.of(notes.text(), notes.markdown())) {
      assertFalse(out.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), out);
      assertTrue(out.contains("red \\x1b[31mtext\\x1b[0m") && out.contains("Fix \\u202eevil") && out.contains("Mallory\\x1b]0;title\\x07"),
          out);
    }
  }
}
