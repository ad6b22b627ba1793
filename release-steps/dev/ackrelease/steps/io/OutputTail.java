package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The end of a child process's output, read as it is written and never held whole: the last
 * {@code maxLines} lines, each cut to {@code maxLineChars}, at most {@code maxChars} in all, and a
 * count of what was left out. A {@code go} that prints 100 MB costs a few kilobytes here, and
 * {@link #summary} puts only its last lines into a one-line message.
 */
public final class OutputTail {

  /** The longest note {@link #summary} puts before the lines. */
  private static final int NOTE_MAX = "(9223372036854775807 earlier lines not shown) ".length();

  private final int maxLines;
  private final int maxLineChars;
  private final int maxChars;
  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;
  private long totalLines;

  public OutputTail(int maxLines, int maxLineChars, int maxChars) {
    if (maxLines < 1 || maxLineChars < 80 || maxChars < maxLineChars) {
      throw new IllegalArgumentException("a tail of " + maxLines + " lines of " + maxLineChars + " in " + maxChars);
    }
    this.maxLines = maxLines;
    this.maxLineChars = maxLineChars;
    this.maxChars = maxChars;
  }

  /**
   * Reads {@code in} to its end (UTF-8; malformed bytes become U+FFFD), keeping the tail and
   * handing each line (already cut) to {@code eachLine}. Closes {@code in}.
   */
  public synchronized void consume(InputStream in, Consumer<String> eachLine) throws IOException {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      long lineLength = 0;
      int n;
      while ((n = reader.read(buffer)) != -1) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            add(finish(line, lineLength), eachLine);
            line.setLength(0);
            lineLength = 0;
          } else {
            lineLength++;
            if (line.length() < maxLineChars) {
              line.append(c);
            }
          }
        }
      }
      if (lineLength > 0) {
        add(finish(line, lineLength), eachLine);
      }
    }
  }

  /** A line as kept: without its carriage return; a longer one than {@code maxLineChars} is its head and a note. */
  private String finish(StringBuilder line, long length) {
    int end = line.length();
    if (length <= maxLineChars) {
      return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
    }
    int head = maxLineChars - 40;
    if (Character.isHighSurrogate(line.charAt(head - 1))) {
      head--;
    }
    return line.substring(0, head) + "…(" + (length - head) + " more characters)";
  }

  private void add(String line, Consumer<String> eachLine) {
    eachLine.accept(line);
    totalLines++;
    lines.addLast(line);
    chars += line.length();
    while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
      chars -= lines.removeFirst().length();
    }
  }

  /** The lines kept, oldest first. */
  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The kept lines joined with newlines. */
  public synchronized String text() {
    return String.join("\n", lines);
  }

  /** How many lines there were in all, kept or not. */
  public synchronized long totalLines() {
    return totalLines;
  }

  /**
   * The last non-empty lines for a one-line message: at most {@code lines} of them, joined with
   * "; " after a note of how many earlier lines are not shown, at most {@code chars} characters in
   * all; "no output" when there was none.
   */
  public synchronized String summary(int lines, int chars) {
    List<String> nonEmpty = this.lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (nonEmpty.isEmpty()) {
      return totalLines == 0 ? "no output" : "no output in its last lines";
    }
    int budget = chars - NOTE_MAX;
    List<String> shown = new ArrayList<>();
    int length = 0;
    for (int i = nonEmpty.size() - 1; i >= 0 && shown.size() < lines; i--) {
      String l = nonEmpty.get(i);
      if (!shown.isEmpty() && length + l.length() + 2 > budget) {
        break;
      }
      shown.add(0, l);
      length += l.length() + 2;
    }
    long hidden = totalLines - this.lines.size() + nonEmpty.size() - shown.size();
    return (hidden > 0 ? "(" + hidden + " earlier lines not shown) " : "") + Echo.cut(String.join("; ", shown), budget);
  }
}
