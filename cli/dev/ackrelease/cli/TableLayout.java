package dev.ackrelease.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text tables' layout: at most {@value #WIDTH} columns. A digest shows its first 12 hex digits
 * ({@code sha256:7a8f5f3e08e8…}; {@code --output json} has it whole), and when a table is still too
 * wide, the cells of its widest column are cut, in the middle (a ref keeps its repository's end and
 * its tag) or, in the last column, at the end.
 */
final class TableLayout {

  static final int WIDTH = 120;
  private static final int MIN_COLUMN = 12;
  private static final Pattern DIGEST = Pattern.compile("\\b(sha256[:-][0-9a-f]{12})[0-9a-f]{52}\\b");

  private TableLayout() {}

  /**
   * The table's lines, aligned and whole: for a table whose cells are meant to be copied (config's
   * origins and values, paths among them), not a release's.
   */
  static List<String> whole(List<String[]> rows) {
    List<String[]> cells = rows.stream().map(r -> Arrays.stream(r).map(c -> c == null ? "-" : c).toArray(String[]::new))
        .toList();
    return render(cells, widths(cells));
  }

  /** The table's lines within {@value #WIDTH} columns, the first row its header. */
  static List<String> lines(List<String[]> rows) {
    List<String[]> cells = new ArrayList<>();
    for (String[] row : rows) {
      String[] r = new String[row.length];
      for (int i = 0; i < row.length; i++) {
        r[i] = shortDigests(row[i] == null ? "-" : row[i]);
      }
      cells.add(r);
    }
    // Narrow the widest column a character at a time (a tie: the later one), none under its header or 12.
    int[] width = widths(cells);
    int total = total(width);
    while (total > WIDTH) {
      int widest = -1;
      for (int i = 0; i < width.length; i++) {
        boolean narrowable = width[i] > Math.max(MIN_COLUMN, cells.get(0)[i].length());
        if (narrowable && (widest < 0 || width[i] >= width[widest])) {
          widest = i;
        }
      }
      if (widest < 0) {
        break; // every column is as narrow as it may be: the table stays wider, whole
      }
      width[widest]--;
      total--;
    }
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        r[i] = cut(r[i], width[i], i == r.length - 1);
      }
    }
    return render(cells, width);
  }

  private static List<String> render(List<String[]> cells, int[] width) {
    List<String> lines = new ArrayList<>();
    for (String[] r : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** {@code text} with each sha256 digest (or digest tag, {@code sha256-...}) cut to 12 hex digits and an ellipsis. */
  static String shortDigests(String text) {
    return DIGEST.matcher(text).replaceAll("$1…");
  }

  /** {@code ref} relative to {@code registry} when it is inside it (the table's heading names the registry). */
  static String relative(String ref, String registry) {
    return ref != null && registry != null && ref.startsWith(registry + "/") ? ref.substring(registry.length() + 1) : ref;
  }

  private static String cut(String cell, int width, boolean atEnd) {
    if (cell.length() <= width) {
      return cell;
    }
    if (atEnd) {
      return cell.substring(0, width - 1) + "…";
    }
    int head = (width - 1) / 3;
    return cell.substring(0, head) + "…" + cell.substring(cell.length() - (width - 1 - head));
  }

  private static int[] widths(List<String[]> cells) {
    int[] width = new int[cells.get(0).length];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    return width;
  }

  private static int total(int[] width) {
    int total = 2 * (width.length - 1);
    for (int w : width) {
      total += w;
    }
    return total;
  }
}
