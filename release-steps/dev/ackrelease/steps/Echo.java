package dev.ackrelease.steps;

/**
 * How text a user (or a child process) controls appears in a message: redacted of known secrets
 * first, then with control and bidirectional-format characters written as escapes (a NUL, a
 * terminal escape or a right-to-left override cannot change how the line reads), then cut in
 * the middle with an ellipsis saying how much was left out. Cutting after redacting means a
 * secret is never half shown.
 *
 * <p>{@link #value} is for one value inside a message (an option, a variable, a ref, a file's
 * content); {@link #line} is the last resort where a line is printed, so no error line is longer
 * than {@link #LINE_MAX} characters whatever a message holds.
 */
public final class Echo {

  /** At most this many characters of one value in a message. */
  public static final int VALUE_MAX = 200;
  /** At most this many characters in a printed line. */
  public static final int LINE_MAX = 2000;

  private Echo() {}

  /** {@code value} as a message shows it: redacted, escaped, at most {@link #VALUE_MAX} characters. */
  public static String value(String value) {
    return value == null ? "null" : cut(escape(Secrets.redact(value)), VALUE_MAX);
  }

  /**
   * {@code line} as it is printed: redacted, on one line, escaped, at most {@link #LINE_MAX}
   * characters, keeping its start (the problem) and its end (the fix).
   */
  public static String line(String line) {
    String oneLine = Secrets.redact(line == null ? "" : line).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return cut(escape(oneLine), LINE_MAX);
  }

  /**
   * {@code text} cut to at most {@code max} characters (at least 64): its head and tail around
   * {@code …(N characters cut)…}. Never splits a surrogate pair.
   */
  public static String cut(String text, int max) {
    int limit = Math.max(max, 64);
    if (text.length() <= limit) {
      return text;
    }
    // The note's length depends on the count it gives: grow the count until the two agree.
    int cut = text.length() - limit;
    while (text.length() - (limit - note(cut).length()) != cut) {
      cut = text.length() - (limit - note(cut).length());
    }
    int keep = text.length() - cut;
    int head = keep * 2 / 3;
    if (Character.isLowSurrogate(text.charAt(head))) {
      head--;
    }
    int tail = text.length() - (keep - head);
    if (Character.isLowSurrogate(text.charAt(tail))) {
      tail++;
    }
    return text.substring(0, head) + note(tail - head) + text.substring(tail);
  }

  private static String note(int cut) {
    return "…(" + cut + " characters cut)…";
  }

  /** Control and format characters (C0, DEL, C1, bidi marks and overrides, zero-width, lone surrogates) as escapes. */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int type = Character.getType(cp);
      boolean hidden = cp != '\t' && (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR);
      if (hidden && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (hidden) {
        out.append(cp < 0x100 ? String.format("\\x%02x", cp) : String.format("\\u%04x", cp));
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out == null ? text : out.toString();
  }
}
