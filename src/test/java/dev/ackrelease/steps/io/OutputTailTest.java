package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A child's output is read through a bounded tail: never held whole, its end kept (issue 19, item 3). */
class OutputTailTest {

  /** {@code size} bytes of {@code pattern} repeated, produced as read (nothing this size is ever allocated). */
  static InputStream repeated(String pattern, long size) {
    byte[] bytes = pattern.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      long at;

      @Override
      public int read() {
        return at < size ? bytes[(int) (at++ % bytes.length)] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - at);
        for (int i = 0; i < n; i++) {
          b[off + i] = bytes[(int) (at++ % bytes.length)];
        }
        return n;
      }
    };
  }

  @Test
  void aHundredMegabytesOnOneLineKeepTheLinesHeadAndItsLength() throws IOException {
    OutputTail tail = new OutputTail(200, 2048, 64 * 1024);
    List<String> seen = new ArrayList<>();

    tail.consume(repeated("x", 100_000_000), seen::add);

    assertEquals(1, tail.lines().size());
    assertTrue(tail.lines().get(0).length() <= 2048, "length " + tail.lines().get(0).length());
    String line = tail.lines().get(0);
    assertTrue(line.endsWith("…(" + (100_000_000 - line.indexOf('…')) + " more characters)"), line.substring(1990));
    assertEquals(tail.lines(), seen, "each line is handed on as kept");
    assertTrue(tail.summary(20, 1500).length() <= 1500, "length " + tail.summary(20, 1500).length());
  }

  @Test
  void millionsOfLinesKeepTheLastOnesAndSayHowManyWereNotShown() throws IOException {
    String text = IntStream.rangeClosed(1, 2_000_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
    OutputTail tail = new OutputTail(200, 2048, 64 * 1024);

    tail.consume(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), l -> { });

    assertEquals(200, tail.lines().size());
    assertEquals("line 2000000", tail.lines().get(199));
    assertEquals(2_000_000, tail.totalLines());
    String summary = tail.summary(20, 1500);
    assertEquals("(1999980 earlier lines not shown) " + IntStream.rangeClosed(1_999_981, 2_000_000).mapToObj(i -> "line " + i)
        .collect(Collectors.joining("; ")), summary);
  }

  @Test
  void theCharacterBoundHoldsWhateverTheLineCount() throws IOException {
    OutputTail tail = new OutputTail(200, 2048, 64 * 1024);

    tail.consume(repeated("y".repeat(2000) + "\n", 2001 * 5000), l -> { });

    assertTrue(tail.lines().stream().mapToInt(String::length).sum() <= 64 * 1024);
    String summary = tail.summary(20, 1500);
    assertTrue(summary.length() <= 1500, "length " + summary.length());
    assertTrue(summary.startsWith("(4999 earlier lines not shown) yyy"), summary.substring(0, 60));
  }

  @Test
  void carriageReturnsEmptyLinesAndMalformedBytesAreHandled() throws IOException {
    OutputTail tail = new OutputTail(10, 100, 1000);
    byte[] bytes = "first\r\n\n  \nbad \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);

    tail.consume(new ByteArrayInputStream(bytes), l -> { });

    assertEquals(List.of("first", "", "  ", "bad \uFFFD"), tail.lines());
    assertEquals("first; bad \uFFFD", tail.summary(20, 1500));
    OutputTail none = new OutputTail(10, 100, 1000);
    none.consume(InputStream.nullInputStream(), l -> { });
    assertEquals("no output", none.summary(20, 1500));
  }

  static List<String> tailOf(OutputTail tail, String text) throws IOException {
    tail.consume(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), l -> { });
    return tail.lines();
  }

  /** Every bound is inclusive: a tail of 1 line of 80 in 80 is allowed, and what fits a bound exactly is kept whole. */
  @Test
  void whatFitsABoundExactlyIsKeptWhole() throws IOException {
    String a = "a".repeat(80);
    String b = "b".repeat(80);
    String c = "c".repeat(80);
    assertEquals(List.of(b), tailOf(new OutputTail(1, 80, 80), a + "\n" + b + "\n"));
    assertEquals(List.of(a, b, c), tailOf(new OutputTail(3, 80, 240), a + "\n" + b + "\n" + c + "\n"), "3 lines, 240 characters");
    assertEquals(List.of(b, c), tailOf(new OutputTail(5, 80, 200), a + "\n" + b + "\n" + c + "\n"), "a dropped line frees its characters");
  }

  @Test
  void aLongLineIsCutAtItsHeadNeverInsideASurrogatePair() throws IOException {
    assertEquals(List.of("z".repeat(40) + "…(61 more characters)"), tailOf(new OutputTail(1, 80, 80), "z".repeat(101)));
    String emoji = "\uD83D\uDE00";
    assertEquals(List.of("x".repeat(39) + "…(62 more characters)"), tailOf(new OutputTail(1, 80, 80),
        "x".repeat(39) + emoji + "y".repeat(60)));
  }

  /** The summary's budget holds each line shown with its "; " and is inclusive; what does not fit is counted as not shown. */
  @Test
  void theSummaryShowsTheLastLinesThatFitItsBudgetExactly() throws IOException {
    int note = "(9223372036854775807 earlier lines not shown) ".length();
    OutputTail tail = new OutputTail(10, 80, 1000);
    tailOf(tail, "a".repeat(10) + "\n" + "b".repeat(10) + "\n" + "c".repeat(10) + "\n");
    assertEquals("a".repeat(10) + "; " + "b".repeat(10) + "; " + "c".repeat(10), tail.summary(20, note + 36));
    assertEquals("(1 earlier lines not shown) " + "b".repeat(10) + "; " + "c".repeat(10), tail.summary(20, note + 35));
    assertEquals("(2 earlier lines not shown) " + "c".repeat(10), tail.summary(1, note + 36));
  }
}
