package dev.ackrelease.steps.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The valid name closest to a misspelt one, by edit distance (insertions, deletions, substitutions). */
final class Closest {

  private Closest() {}

  /** The name of {@code names} nearest to {@code text} (the first in sort order among equals); empty when there are none. */
  static Optional<String> to(String text, Collection<String> names) {
    String probe = text.length() > 200 ? text.substring(0, 200) : text;
    return names.stream().min(Comparator.<String>comparingInt(n -> distance(probe, n)).thenComparing(Comparator.naturalOrder()));
  }

  /** The Levenshtein distance of {@code a} and {@code b}, in one row of the table. */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
