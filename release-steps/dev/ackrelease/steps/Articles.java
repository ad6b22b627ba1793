package dev.ackrelease.steps;

import java.util.Locale;

/** "a" or "an" before a word a message names at run time (a media type, an OS): "an application/...", "a text/...". */
public final class Articles {

  private Articles() {}

  /** {@code word} after "an" when it starts with a vowel letter, else after "a". */
  public static String a(String word) {
    String w = word == null ? "" : word;
    return (!w.isEmpty() && "aeiou".indexOf(w.toLowerCase(Locale.ROOT).charAt(0)) >= 0 ? "an " : "a ") + w;
  }
}
