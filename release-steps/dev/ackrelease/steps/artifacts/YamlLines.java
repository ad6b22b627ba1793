package dev.ackrelease.steps.artifacts;

/**
 * A YAML text one line at a time, and what can be told of a line from the line alone: where a
 * plain key's colon is, whether a quoted scalar or a flow collection opened on it closes on it,
 * and which following lines are the content of a block scalar it opens (skipped by {@link
 * #next}). Positions are char indexes into the text; columns count from the line's start.
 */
final class YamlLines {

  /** Characters that may not start a plain key a line scan names. */
  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`<";

  final String text;
  /** The current line: its first char, the end of its content (before LF or CRLF), its 1-based number. */
  int start;
  int end;
  int number;
  /** The first non-space char of the current line; {@code end} for a blank line. */
  int first;
  private int next;
  /** While at least 0: lines indented more than this column (and blank ones) are a block scalar's content. */
  private int blockScalarParent = -1;

  YamlLines(String text) {
    this.text = text;
  }

  /**
   * True when every line ends in LF or CRLF and the text holds nothing else YAML reads as a line
   * break (a lone CR, NEL, LS, PS), nor a byte order mark.
   */
  static boolean plainLineBreaks(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n') || c == '\u0085' || c == '\u2028'
          || c == '\u2029' || c == '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  /** Moves to the next line that is neither blank, a comment, nor a block scalar's content; false at the end. */
  boolean next() {
    while (next <= text.length()) {
      start = next;
      number++;
      int newline = text.indexOf('\n', start);
      next = newline < 0 ? text.length() + 1 : newline + 1;
      end = newline < 0 ? text.length() : newline;
      if (end > start && text.charAt(end - 1) == '\r') {
        end--;
      }
      first = start;
      while (first < end && text.charAt(first) == ' ') {
        first++;
      }
      if (blockScalarParent >= 0 && (first == end || indent() > blockScalarParent)) {
        continue;
      }
      blockScalarParent = -1;
      if (first < end && text.charAt(first) != '#') {
        return true;
      }
    }
    return false;
  }

  int indent() {
    return first - start;
  }

  /**
   * A node from {@code p}: sequence entries, then a plain or quoted key and its value, or a value
   * alone. False when it may continue past the line in a way a line scan does not follow.
   */
  boolean node(int p) {
    int parent = p - start;
    while (isEntry(p)) {
      parent = p - start;
      p = skipBlanks(p + 1);
      if (p == end) {
        return true;
      }
    }
    char c = text.charAt(p);
    if (c == '?' && (p + 1 == end || isBlank(text.charAt(p + 1)))) {
      return false;
    }
    if (c == '"' || c == '\'') {
      int close = closingQuote(p);
      if (close < 0) {
        return false;
      }
      int after = skipBlanks(close + 1);
      if (after < end && text.charAt(after) == ':' && (after + 1 == end || isBlank(text.charAt(after + 1)))) {
        return value(after + 1, p - start);
      }
      return true;
    }
    if ("[{|>&!*".indexOf(c) >= 0) {
      return value(p, parent);
    }
    int colon = keyColon(p);
    return colon < 0 || value(colon + 1, p - start);
  }

  /** A value from {@code p} of a node at column {@code parent}; false when it is left open at the line's end. */
  boolean value(int p, int parent) {
    p = skipBlanks(p);
    while (p < end && (text.charAt(p) == '&' || text.charAt(p) == '!')) {
      while (p < end && !isBlank(text.charAt(p))) {
        p++;
      }
      p = skipBlanks(p);
    }
    if (p == end) {
      return true;
    }
    char c = text.charAt(p);
    if (c == '"' || c == '\'') {
      return closingQuote(p) >= 0;
    }
    if (c == '[' || c == '{') {
      return flowCloses(p);
    }
    if (c == '|' || c == '>') {
      blockScalarParent = parent;
    }
    return true;
  }

  /** Whether the flow collection opened at {@code p} closes on this line (quotes inside followed). */
  private boolean flowCloses(int p) {
    int depth = 0;
    for (int i = p; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(i);
        if (i < 0) {
          return false;
        }
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        if (--depth == 0) {
          return true;
        }
      } else if (c == '#' && isBlank(text.charAt(i - 1))) {
        return false;
      }
    }
    return false;
  }

  /** The index of the quote closing the scalar opened at {@code p} on this line (escapes followed), or -1. */
  int closingQuote(int p) {
    char q = text.charAt(p);
    for (int i = p + 1; i < end; i++) {
      char c = text.charAt(i);
      if (q == '"' && c == '\\') {
        i++;
      } else if (c == q) {
        if (q == '\'' && i + 1 < end && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The colon ending a plain key that starts at {@code p}, or -1 when the line has none ({@link
   * #keyColon}) or the key is not one a line scan can name: it starts with an indicator or ends
   * in a blank.
   */
  int plainKey(int p) {
    if (INDICATORS.indexOf(text.charAt(p)) >= 0) {
      return -1;
    }
    int colon = keyColon(p);
    return colon < 0 || isBlank(text.charAt(colon - 1)) ? -1 : colon;
  }

  /** The first colon after {@code p} followed by a blank or the line's end, before any comment; -1 when none. */
  private int keyColon(int p) {
    for (int i = p + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '#' && isBlank(text.charAt(i - 1))) {
        return -1;
      }
      if (c == ':' && (i + 1 == end || isBlank(text.charAt(i + 1)))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the plain key from {@code p} to {@code colon} is {@code key}. */
  boolean isKey(int p, int colon, String key) {
    return colon - p == key.length() && text.startsWith(key, p);
  }

  /** Whether a block sequence entry ({@code - }) starts at {@code p}. */
  boolean isEntry(int p) {
    return text.charAt(p) == '-' && (p + 1 == end || isBlank(text.charAt(p + 1)));
  }

  /** Whether only blanks, or blanks and a comment, follow {@code p} on the line. */
  boolean restIsComment(int p) {
    int q = skipBlanks(p);
    return q == end || text.charAt(q) == '#' && (q > p || isBlank(text.charAt(q - 1)));
  }

  int skipBlanks(int p) {
    while (p < end && isBlank(text.charAt(p))) {
      p++;
    }
    return p;
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
