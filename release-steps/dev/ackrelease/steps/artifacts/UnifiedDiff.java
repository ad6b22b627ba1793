package dev.ackrelease.steps.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** A unified diff of one file's old and new bytes, as {@code git diff} prints it (JGit's formatter). */
public final class UnifiedDiff {

  private UnifiedDiff() {}

  /**
   * The diff of {@code file} from {@code before} (null for a new file) to {@code after}; empty
   * when they are equal.
   */
  public static String of(String file, byte[] before, byte[] after) {
    RawText a = before == null ? RawText.EMPTY_TEXT : new RawText(before);
    RawText b = new RawText(after);
    EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
        .diff(RawTextComparator.DEFAULT, a, b);
    if (edits.isEmpty()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      out.writeBytes(((before == null ? "--- /dev/null" : "--- a/" + file) + "\n+++ b/" + file + "\n")
          .getBytes(StandardCharsets.UTF_8));
      formatter.format(edits, a, b);
      formatter.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
