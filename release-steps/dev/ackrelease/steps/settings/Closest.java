package dev.ackrelease.steps.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The valid name closest to a misspelt one, by edit distance (insertions, deletions, substitutions, swaps of neighbours). */
public final class Closest {

  private Closest() {}

  /** The name of {@code names} nearest to {@code text} (the first in sort order among equals); empty when there are none. */
  static Optional<String> to(String text, Collection<String> names) {
    String probe = probe(text);
    return names.stream().min(Comparator.<String>comparingInt(n -> distance(probe, n)).thenComparing(Comparator.naturalOrder()));
  }

  /** The part of {@code text} compared: its first 200 characters. */
  private static String probe(String text) {
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  /**
   * How many edits from a name a text of {@code length} characters may be and still be taken for
   * it: two, one for a text of up to four characters, none for one of two (the command line's
   * "did you mean" takes them so too).
   */
  public static int maxEdits(int length) {
    return length <= 2 ? 0 : length <= 4 ? 1 : 2;
  }

  /**
   * The name of {@code names} nearest to {@code text} when it is near enough to be what was meant:
   * within {@link #maxEdits} of it.
   */
  public static Optional<String> near(String text, Collection<String> names) {
    String probe = probe(text);
    return to(text, names).filter(n -> distance(probe, n) <= maxEdits(text.length()));
  }

  /**
   * The optimal string alignment distance of {@code a} and {@code b}: insertions, deletions,
   * substitutions and swaps of neighbours (a swapped pair is one edit). The command line's "did you
   * mean" uses it too.
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
