package dev.ackrelease.steps.chart;

/**
 * Go's {@code path/filepath.Match} on Unix, ported step for step over UTF-8 bytes as Go runs it
 * ({@code Match}, {@code scanChunk}, {@code matchChunk}, {@code getEsc} of go/src/path/filepath/match.go):
 * {@code *} matches a run of bytes without {@code /}, {@code ?} one rune but {@code /}, a class
 * one rune (a {@code /} too), {@code \\} escapes. Each star commits to the first place its chunk
 * matches, as Go's does, so a match costs at most pattern times name steps: no backtracking, no
 * regular expression, whatever the pattern. A star skips bytes, not runes, as Go's does, so
 * {@code *??} matches the three bytes of {@code €}.
 */
final class GoGlob {

  /** Go's {@code filepath.ErrBadPattern}: the pattern is malformed. */
  static final class BadPatternException extends Exception {
    private static final long serialVersionUID = 1L;

    BadPatternException() {
      super("syntax error in pattern", null, false, false);
    }
  }

  private static final int RUNE_ERROR = 0xFFFD;

  private GoGlob() {}

  /** Whether {@code name} matches {@code pattern}, both UTF-8; a malformed pattern throws, as Go's Match returns ErrBadPattern. */
  static boolean match(byte[] pattern, byte[] name) throws BadPatternException {
    int p = 0;
    int n = 0;
    next:
    while (p < pattern.length) {
      boolean star = false;
      while (p < pattern.length && pattern[p] == '*') {
        p++;
        star = true;
      }
      int chunk = p;
      p = chunkEnd(pattern, p);
      if (star && chunk == p) {
        // Trailing * matches the rest of the name unless it has a /.
        return indexOf(name, n, (byte) '/') < 0;
      }
      int t = matchChunk(pattern, chunk, p, name, n);
      if (t >= 0 && (t == name.length || p < pattern.length)) {
        n = t;
        continue;
      }
      if (star) {
        for (int i = n; i < name.length && name[i] != '/'; i++) {
          int u = matchChunk(pattern, chunk, p, name, i + 1);
          if (u >= 0) {
            if (p == pattern.length && u < name.length) {
              continue; // the last chunk must exhaust the name
            }
            n = u;
            continue next;
          }
        }
      }
      // filepath.Match stops here: the rest of the pattern is not read, so x*[ is no error for abc
      // (path.Match goes on to check it; filepath's, which Helm calls, does not).
      return false;
    }
    return n == name.length;
  }

  /** Go's scanChunk: where the chunk starting at {@code from} (after its stars) ends, at the next star outside a class. */
  private static int chunkEnd(byte[] pattern, int from) {
    boolean inRange = false;
    int i = from;
    for (; i < pattern.length; i++) {
      byte c = pattern[i];
      if (c == '\\') {
        if (i + 1 < pattern.length) {
          i++;
        }
      } else if (c == '[') {
        inRange = true;
      } else if (c == ']') {
        inRange = false;
      } else if (c == '*' && !inRange) {
        break;
      }
    }
    return i;
  }

  /**
   * Go's matchChunk: whether {@code pattern[c, end)} matches the start of {@code s} from
   * {@code si}, giving where the rest of {@code s} starts, or -1. After a mismatch the chunk is
   * still read to its end, to find a malformed one.
   */
  private static int matchChunk(byte[] pattern, int c, int end, byte[] s, int si) throws BadPatternException {
    boolean failed = false;
    while (c < end) {
      if (!failed && si == s.length) {
        failed = true;
      }
      byte b = pattern[c];
      if (b == '[') {
        int r = 0;
        if (!failed) {
          int decoded = decodeRune(s, si, s.length);
          r = rune(decoded);
          si += width(decoded);
        }
        c++;
        boolean negated = c < end && pattern[c] == '^';
        if (negated) {
          c++;
        }
        boolean match = false;
        for (int ranges = 0; ; ranges++) {
          if (c < end && pattern[c] == ']' && ranges > 0) {
            c++;
            break;
          }
          long lo = escaped(pattern, c, end);
          c = (int) (lo >>> 32);
          int hi = (int) lo;
          if (pattern[c] == '-') {
            long h = escaped(pattern, c + 1, end);
            c = (int) (h >>> 32);
            hi = (int) h;
          }
          if ((int) lo <= r && r <= hi) {
            match = true;
          }
        }
        if (match == negated) {
          failed = true;
        }
      } else if (b == '?') {
        if (!failed) {
          if (s[si] == '/') {
            failed = true;
          }
          si += width(decodeRune(s, si, s.length));
        }
        c++;
      } else {
        if (b == '\\') {
          c++;
          if (c == end) {
            throw new BadPatternException();
          }
        }
        if (!failed) {
          if (pattern[c] != s[si]) {
            failed = true;
          }
          si++;
        }
        c++;
      }
    }
    return failed ? -1 : si;
  }

  /** Go's getEsc: the rune of a class at {@code c} (escaped or not) and, in the high half, where the class goes on. */
  private static long escaped(byte[] pattern, int c, int end) throws BadPatternException {
    if (c >= end || pattern[c] == '-' || pattern[c] == ']') {
      throw new BadPatternException();
    }
    if (pattern[c] == '\\') {
      c++;
      if (c >= end) {
        throw new BadPatternException();
      }
    }
    int decoded = decodeRune(pattern, c, end);
    if (rune(decoded) == RUNE_ERROR && width(decoded) == 1) {
      throw new BadPatternException();
    }
    int next = c + width(decoded);
    if (next >= end) {
      throw new BadPatternException();
    }
    return ((long) next << 32) | rune(decoded);
  }

  private static int indexOf(byte[] s, int from, byte b) {
    for (int i = from; i < s.length; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int rune(int decoded) {
    return decoded & 0x1FFFFF;
  }

  private static int width(int decoded) {
    return decoded >>> 24;
  }

  /**
   * Go's utf8.DecodeRune of {@code s[i, end)}: the rune and, in the top byte, its width; an
   * invalid or short encoding (a stray continuation byte, an overlong form, a surrogate, past
   * U+10FFFF) is U+FFFD of width 1.
   */
  static int decodeRune(byte[] s, int i, int end) {
    int b0 = s[i] & 0xFF;
    if (b0 < 0x80) {
      return 1 << 24 | b0;
    }
    int width;
    int r;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      width = 2;
      r = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      width = 3;
      r = b0 & 0x0F;
      lo = b0 == 0xE0 ? 0xA0 : lo;
      hi = b0 == 0xED ? 0x9F : hi;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      width = 4;
      r = b0 & 0x07;
      lo = b0 == 0xF0 ? 0x90 : lo;
      hi = b0 == 0xF4 ? 0x8F : hi;
    } else {
      return 1 << 24 | RUNE_ERROR;
    }
    if (i + width > end) {
      return 1 << 24 | RUNE_ERROR;
    }
    for (int k = 1; k < width; k++) {
      int c = s[i + k] & 0xFF;
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
        return 1 << 24 | RUNE_ERROR;
      }
      r = r << 6 | (c & 0x3F);
    }
    return width << 24 | r;
  }
}
