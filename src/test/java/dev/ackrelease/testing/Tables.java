package dev.ackrelease.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ack-release's text tables (an upper-case header, columns two spaces apart, the last one not
 * padded) with their cells changed: each cell is read at its column's place in the table as
 * printed, changed (knowing its column's heading), and the columns padded again to their new
 * widths. Lines outside tables are changed whole, with a null heading.
 */
public final class Tables {

  /** A header: upper-case words, columns separated by two spaces or more. */
  private static final Pattern HEADER = Pattern.compile("[A-Z][A-Z_]*(?: [A-Z][A-Z_]*)*(?: {2,}[A-Z][A-Z_]*(?: [A-Z][A-Z_]*)*)+");
  private static final Pattern COLUMN = Pattern.compile("(?<=^|  )[A-Z]");

  private Tables() {}

  public static String realign(String text, BiFunction<String, String, String> change) {
    List<String> lines = text.lines().toList();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (!HEADER.matcher(lines.get(i)).matches()) {
        out.append(change.apply(null, lines.get(i))).append('\n');
        continue;
      }
      List<Integer> starts = new ArrayList<>();
      Matcher m = COLUMN.matcher(lines.get(i));
      while (m.find()) {
        starts.add(m.start());
      }
      List<String> headings = new ArrayList<>();
      for (int c = 0; c < starts.size(); c++) {
        headings.add(lines.get(i).substring(starts.get(c), c + 1 < starts.size() ? starts.get(c + 1) : lines.get(i).length()).strip());
      }
      List<List<String>> rows = new ArrayList<>();
      int j = i;
      while (j < lines.size() && (j == i || isRow(lines.get(j), starts))) {
        List<String> cells = new ArrayList<>();
        String line = lines.get(j);
        for (int c = 0; c < starts.size(); c++) {
          int from = Math.min(starts.get(c), line.length());
          int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
          cells.add(j == i ? headings.get(c) : change.apply(headings.get(c), line.substring(from, to).strip()));
        }
        rows.add(cells);
        j++;
      }
      int[] widths = new int[starts.size()];
      rows.forEach(r -> {
        for (int c = 0; c < r.size(); c++) {
          widths[c] = Math.max(widths[c], r.get(c).length());
        }
      });
      for (List<String> r : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < r.size(); c++) {
          line.append(c + 1 < r.size() ? String.format("%-" + (widths[c] + 2) + "s", r.get(c)) : r.get(c));
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
      i = j - 1;
    }
    return out.toString();
  }

  /** A row of the table whose columns start at {@code starts}: two spaces (or the line's end) before every column but the first. */
  private static boolean isRow(String line, List<Integer> starts) {
    if (line.isBlank()) {
      return false;
    }
    for (int c = 1; c < starts.size(); c++) {
      int s = starts.get(c);
      if (s - 2 >= line.length() && c == starts.size() - 1) {
        continue;
      }
      if (s > line.length() || line.charAt(s - 1) != ' ' || line.charAt(s - 2) != ' ') {
        return false;
      }
    }
    return true;
  }
}
