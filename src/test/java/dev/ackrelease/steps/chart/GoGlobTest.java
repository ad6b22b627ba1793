package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GoGlob} against Go's path/filepath.Match on Unix: each row's answer is what Go's Match
 * gives for the same bytes (run through go1.19's Match; today's match.go differs from it only
 * in form). {@code %XX} in a row is the raw byte XX, to reach UTF-8 Go does not accept (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF, a short sequence), which Go
 * decodes as U+FFFD of one byte; everything else is UTF-8.
 */
class GoGlobTest {

  private static final String[][] GO = {
    // literals; a star stops at / and commits to the first place its chunk matches, but the last chunk must exhaust the name
    {"abc", "abc", "match"},
    {"abc", "abd", "no match"},
    {"abc", "ab", "no match"},
    {"ab", "abc", "no match"},
    {"", "", "match"},
    {"", "a", "no match"},
    {"*", "abc", "match"},
    {"*", "", "match"},
    {"*", "a/b", "no match"},
    {"*", "/b", "no match"},
    {"**", "ab", "match"},
    {"a*", "a", "match"},
    {"a*", "abc", "match"},
    {"a*", "ab/c", "no match"},
    {"*c", "abc", "match"},
    {"*c", "abcd", "no match"},
    {"a*/b", "abc/b", "match"},
    {"a*/b", "a/c/b", "no match"},
    {"*x", "xxx", "match"},
    {"*.txt", "a.txt.txt", "match"},
    {"*.txt", "a.txt.tx", "no match"},
    {"*a*b", "xaxb", "match"},
    {"*a*b", "xaxbx", "no match"},
    {"a*b*c", "abbbc", "match"},
    {"a*b*c", "ab/bc", "no match"},
    {"a*b?c*x", "abxbbxdbxebxczzx", "match"},
    {"a*b?c*x", "abxbbxdbxebxczzy", "no match"},
    {"*/b", "a/b", "match"},
    {"*/b", "/b", "match"},
    {"a/*", "a/", "match"},
    {"a/*", "a/b/c", "no match"},
    // ? is one rune but /
    {"?", "a", "match"},
    {"?", "", "no match"},
    {"?", "/", "no match"},
    {"??", "a", "no match"},
    {"a?c", "abc", "match"},
    {"a?c", "a/c", "no match"},
    // classes: ranges, negation, escapes, / (a class matches it), a reversed range matches nothing
    {"[abc]", "b", "match"},
    {"[abc]", "d", "no match"},
    {"[a-c]", "c", "match"},
    {"[a-c]", "d", "no match"},
    {"[a-c]", "`", "no match"},
    {"[^a-c]", "d", "match"},
    {"[^a-c]", "b", "no match"},
    {"[^a-c]", "^", "match"},
    {"[^a]", "[", "match"},
    {"[^a]", "", "no match"},
    {"[a-cx-z]", "y", "match"},
    {"[a-cx-z]", "m", "no match"},
    {"[^a-cx-z]", "m", "match"},
    {"[^a-cx-z]", "x", "no match"},
    {"[\\]a]", "]", "match"},
    {"[\\-]", "-", "match"},
    {"[x\\-]", "x", "match"},
    {"[x\\-]", "-", "match"},
    {"[x\\-]", "z", "no match"},
    {"[\\-x]", "a", "no match"},
    {"[a\\-z]", "b", "no match"},
    {"[\\a-\\c]", "b", "match"},
    {"[\\a-\\c]", "d", "no match"},
    {"[/]", "/", "match"},
    {"a[/]b", "a/b", "match"},
    {"[z-a]", "m", "no match"},
    // malformed: an empty class, a bare - or ], a dangling backslash or [, wherever the name stops matching
    {"[]a]", "]", "bad pattern"},
    {"[-]", "-", "bad pattern"},
    {"[x-]", "x", "bad pattern"},
    {"[-x]", "x", "bad pattern"},
    {"\\", "a", "bad pattern"},
    {"[a-b-c]", "a", "bad pattern"},
    {"[", "a", "bad pattern"},
    {"[^", "a", "bad pattern"},
    {"[^bc", "a", "bad pattern"},
    {"[a", "a", "bad pattern"},
    {"[a-", "a", "bad pattern"},
    {"[a-b", "a", "bad pattern"},
    {"[\\", "a", "bad pattern"},
    {"a[", "a", "bad pattern"},
    {"a[", "ab", "bad pattern"},
    {"a[", "x", "bad pattern"},
    {"a/b[", "x", "bad pattern"},
    // filepath.Match stops at the first chunk that fails: what follows is not read (path.Match reads it)
    {"x*[", "abc", "no match"},
    {"x*[", "xyz", "bad pattern"},
    {"x*[", "x", "bad pattern"},
    {"*[", "abc", "bad pattern"},
    // escapes outside a class
    {"a\\", "a", "bad pattern"},
    {"ab\\", "a", "bad pattern"},
    {"a\\*b", "a*b", "match"},
    {"a\\*b", "ab", "no match"},
    {"a\\*b", "axb", "no match"},
    {"\\[", "[", "match"},
    {"\\?", "?", "match"},
    {"\\?", "x", "no match"},
    {"\\\\", "\\", "match"},
    {"\\a", "a", "match"},
    // runes: ? and a class take a rune, a star skips bytes
    {"a?b", "a\u263ab", "match"},
    {"a[^a]b", "a\u263ab", "match"},
    {"a???b", "a\u263ab", "no match"},
    {"a[^a][^a][^a]b", "a\u263ab", "no match"},
    {"[a-\u03b6]*", "\u03b1", "match"},
    {"*[a-\u03b6]", "A", "no match"},
    {"[\u03b1-\u03c9]", "\u03b2", "match"},
    {"[\u03b1-\u03c9]", "\u03a9", "no match"},
    {"*??", "\u20ac", "match"},
    {"*??", "\u00e9", "no match"},
    {"*??", "ab", "match"},
    {"*???", "\u20ac", "no match"},
    {"?", "\u20ac", "match"},
    {"??", "\u20ac", "no match"},
    {"[\u20ac]", "\u20ac", "match"},
    {"[^\u20ac]", "\u20ac", "no match"},
    {"[\u20ac-\u20ac]", "\u20ac", "match"},
    // invalid UTF-8 in a class is malformed; in a name it is U+FFFD of one byte
    {"[%ff]", "a", "bad pattern"},
    {"[^%ff]", "a", "bad pattern"},
    {"[a-%ff]", "a", "bad pattern"},
    {"[%c3]", "a", "bad pattern"},
    {"[%e2%82]", "a", "bad pattern"},
    {"[%ef%bf%bd]", "%ff", "match"},
    {"[%c2%80]", "%80", "no match"},
    {"[%ef%bf%bd]", "%80", "match"},
    {"[%ef%bf%bd]", "%ef%bf%bd", "match"},
    {"[^%ef%bf%bd]", "%ff", "no match"},
    {"?", "%ff", "match"},
    {"?", "%ff%ff", "no match"},
    {"??", "%ff%ff", "match"},
    // Go's utf8.DecodeRune: the bounds of each width, overlong forms, surrogates, past U+10FFFF, short and broken sequences
    {"?", "%c2%80", "match"},
    {"?", "%c1%bf", "no match"},
    {"??", "%c1%bf", "match"},
    {"?", "%df%bf", "match"},
    {"?", "%e0%a0%80", "match"},
    {"?", "%e0%9f%bf", "no match"},
    {"???", "%e0%9f%bf", "match"},
    {"?", "%ef%bf%bf", "match"},
    {"?", "%ed%9f%bf", "match"},
    {"?", "%ed%a0%80", "no match"},
    {"???", "%ed%a0%80", "match"},
    {"?", "%f0%90%80%80", "match"},
    {"?", "%f0%8f%bf%bf", "no match"},
    {"????", "%f0%8f%bf%bf", "match"},
    {"?", "%f4%8f%bf%bf", "match"},
    {"?", "%f4%90%80%80", "no match"},
    {"????", "%f4%90%80%80", "match"},
    {"?", "%f5%80%80%80", "no match"},
    {"?", "%e2%82", "no match"},
    {"??", "%e2%82", "match"},
    {"?", "%e1%80%c0", "no match"},
    {"???", "%e1%80%c0", "match"},
    {"?", "%e1%7f%80", "no match"},
    {"?", "%e1%80%7f", "no match"},
    {"?", "%f1%80%80%c0", "no match"},
    {"????", "%f1%80%80%c0", "match"},
    {"?", "%c2", "match"},
    {"[%c2%80-%df%bf]", "%c2%80", "match"},
    {"[%c2%80-%df%bf]", "%df%bf", "match"},
    {"[%c2%80-%df%bf]", "%e0%a0%80", "no match"},
    {"[%c2%81-%df%bf]", "%c2%80", "no match"},
    {"[%e0%a0%80]", "%e0%a0%80", "match"},
    {"[%e0%a0%81-%ef%bf%bf]", "%e0%a0%80", "no match"},
    {"[%f0%90%80%80-%f4%8f%bf%bf]", "%f0%90%80%80", "match"},
    {"[%f0%90%80%80-%f4%8f%bf%bf]", "%f4%8f%bf%bf", "match"},
    {"[%f0%90%80%81-%f4%8f%bf%be]", "%f4%8f%bf%bf", "no match"},
    {"[%f0%90%80%81-%f4%8f%bf%be]", "%f0%90%80%80", "no match"},
    {"[%ed%9f%bf]", "%ed%9f%bf", "match"},
    {"[^%ed%9f%be]", "%ed%9f%bf", "match"},
    {"[%ed%9f%be]", "%ed%9f%bf", "no match"},
  };

  @Test
  void everyRowIsAnsweredAsGosMatchAnswersIt() {
    List<String> wrong = new ArrayList<>();
    for (String[] row : GO) {
      String got = answer(bytes(row[0]), bytes(row[1]));
      if (!got.equals(row[2])) {
        wrong.add("Match(" + row[0] + ", " + row[1] + ") is " + row[2] + " in Go, here " + got);
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static String answer(byte[] pattern, byte[] name) {
    try {
      return GoGlob.match(pattern, name) ? "match" : "no match";
    } catch (GoGlob.BadPatternException e) {
      return "bad pattern";
    }
  }

  /** UTF-8, but {@code %XX} is the byte XX. */
  static byte[] bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        int end = Character.isHighSurrogate(s.charAt(i)) ? i + 2 : i + 1;
        out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return out.toByteArray();
  }
}
