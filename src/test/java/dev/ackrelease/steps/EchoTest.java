package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a user controls reaches a message redacted, escaped and bounded (issue 19: harmless on every input). */
class EchoTest {

  @AfterEach
  void forget() {
    Secrets.clear();
  }

  @Test
  void aShortValueIsShownAsItIs() {
    assertEquals("127.0.0.1:5000/ack", Echo.value("127.0.0.1:5000/ack"));
    assertEquals("null", Echo.value(null));
  }

  @Test
  void aLongValueIsCutInTheMiddleSayingHowMuchWasLeftOut() {
    String value = "head-" + "x".repeat(120_000) + "-tail";

    String shown = Echo.value(value);

    assertEquals(Echo.VALUE_MAX, shown.length(), shown);
    assertTrue(shown.startsWith("head-x") && shown.endsWith("x-tail"), shown);
    int kept = shown.length() - shown.replaceAll("…\\(\\d+ characters cut\\)…", "").length();
    String count = shown.replaceAll(".*…\\((\\d+) characters cut\\)….*", "$1");
    assertEquals(value.length(), shown.length() - kept + Integer.parseInt(count), "the count is what was left out: " + shown);
  }

  @Test
  void everyLengthAroundTheLimitStaysWithinIt() {
    for (int n = Echo.VALUE_MAX - 3; n < Echo.VALUE_MAX + 2000; n += 7) {
      String shown = Echo.value("y".repeat(n));
      assertTrue(shown.length() <= Echo.VALUE_MAX, n + ": " + shown.length());
      assertEquals(n <= Echo.VALUE_MAX, !shown.contains("characters cut"), n + ": " + shown);
    }
  }

  @Test
  void controlAndBidiCharactersAreEscaped() {
    assertEquals("a\\x00b\\x1b[2Jc\\u202ed\\x7fe\\x85f\\u200fg\\ud800h", Echo.value("a\0b\u001b[2Jc\u202Ed\u007fe\u0085f\u200Fg\uD800h"));
    assertEquals("tab\tand full-width １ and 😀", Echo.value("tab\tand full-width １ and 😀"), "printable text is kept");
    assertEquals("a b", Echo.line("a\r\n  b"), "a line is one line");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    for (int pad = 0; pad < 4; pad++) {
      String shown = Echo.value("a".repeat(pad) + "😀".repeat(500));
      for (int i = 0; i < shown.length(); i++) {
        char c = shown.charAt(i);
        assertFalse(Character.isHighSurrogate(c) && (i + 1 == shown.length() || !Character.isLowSurrogate(shown.charAt(i + 1))),
            "a lone high surrogate at " + i + " in " + shown);
        assertFalse(Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(shown.charAt(i - 1))),
            "a lone low surrogate at " + i + " in " + shown);
      }
    }
  }

  @Test
  void aSecretIsRedactedBeforeTheCutSoNoPartOfItShows() {
    String secret = "s3cr3t-" + "p".repeat(300) + "-end";
    Secrets.register(secret);
    // The secret straddles where the cut falls: cut first, its two halves would each escape redaction.
    String value = "v".repeat(100) + secret + "w".repeat(100);

    String shown = Echo.value(value);

    assertTrue(shown.contains("****"), shown);
    assertFalse(shown.contains("s3cr3t") || shown.contains("ppppp") || shown.contains("-end"), shown);
    String line = Echo.line("error: bad " + value + ": fix it");
    assertFalse(line.contains("s3cr3t") || line.contains("ppppp"), line);
  }

  @Test
  void aLineKeepsItsProblemAndItsFixWithinTheBound() {
    String line = Echo.line("error: registry '" + "h".repeat(500_000) + "' is not a host: use e.g. public.ecr.aws/x");

    assertTrue(line.length() <= Echo.LINE_MAX, "length " + line.length());
    assertTrue(line.startsWith("error: registry 'hhh"), line);
    assertTrue(line.endsWith("' is not a host: use e.g. public.ecr.aws/x"), line);
  }
}
