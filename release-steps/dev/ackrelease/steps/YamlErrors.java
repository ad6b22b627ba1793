package dev.ackrelease.steps;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML reader's error in the words of the file's author: what is wrong and on which line, never
 * the parser's class names (Jackson reports a complex key, {@code ? [a]}, as "got this instead:
 * &lt;org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, ...)&gt;").
 */
public final class YamlErrors {

  /** Jackson's refusal of a key that is a list or a mapping: it reads plain keys only. */
  private static final Pattern COMPLEX_KEY = Pattern.compile(
      "Expected a field name \\(Scalar value in YAML\\), got this instead: <?(?:[a-z]+\\.)*(SequenceStart|MappingStart)Event\\b.*");
  /** One SnakeYAML event as Jackson prints it. */
  private static final Pattern EVENT = Pattern.compile("<?(?:[a-z]+\\.)*([A-Z][A-Za-z]*)Event(?:\\([^)]*\\))?>?");
  /** A fully qualified class name, e.g. org.yaml.snakeyaml.error.YAMLException. */
  private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9]*\\.){2,}([A-Z][A-Za-z0-9]*)");

  /** SnakeYAML's refusal of a document longer than its bound ({@link YamlInput#MAX_CHARACTERS}). */
  private static final Pattern TOO_LONG = Pattern.compile("The incoming YAML document exceeds the limit: (\\d+) code points\\.?");

  private static final Map<String, String> EVENTS = Map.of("SequenceStart", "a list", "SequenceEnd", "the end of a list",
      "MappingStart", "a mapping", "MappingEnd", "the end of a mapping", "Scalar", "a value", "Alias", "an alias",
      "DocumentStart", "a new document", "DocumentEnd", "the end of a document", "StreamStart", "the start of the file",
      "StreamEnd", "the end of the file");

  private YamlErrors() {}

  /**
   * What is wrong, in one line of the user's terms, from a YAML reader's exception (its first line, no class names).
   * SnakeYAML's context alone ("while scanning for the next token") says nothing of what is wrong when it has no line
   * of its own: then its problem follows ("found character '\t(TAB)' that cannot start any token...").
   */
  public static String reason(Throwable e) {
    MarkedYAMLException marked = marked(e);
    if (marked != null && marked.getContext() != null && marked.getContextMark() == null && marked.getProblem() != null) {
      return reason(new IOException(marked.getContext().strip() + ": " + marked.getProblem().strip()));
    }
    String first = firstLine(e);
    if (first.endsWith(":")) {
      first = first.substring(0, first.length() - 1);
    }
    Matcher tooLong = TOO_LONG.matcher(first);
    if (tooLong.matches()) {
      return "longer than " + tooLong.group(1) + " characters, the 5 MiB Helm takes in a chart's file";
    }
    Matcher key = COMPLEX_KEY.matcher(first);
    if (key.matches()) {
      return "a key must be a plain name, not " + (key.group(1).equals("SequenceStart") ? "a list" : "a mapping");
    }
    Matcher event = EVENT.matcher(first);
    StringBuilder said = new StringBuilder();
    while (event.find()) {
      String noun = EVENTS.get(event.group(1));
      event.appendReplacement(said, Matcher.quoteReplacement(noun != null ? noun : event.group()));
    }
    event.appendTail(said);
    return QUALIFIED.matcher(said).replaceAll("$1");
  }

  /** Whether {@code e} is SnakeYAML's refusal of a document longer than {@link YamlInput#MAX_CHARACTERS}. */
  public static boolean tooLong(Throwable e) {
    return TOO_LONG.matcher(firstLine(e)).matches();
  }

  /** The first line of the reader's own message ({@code ""} when it has none), without Jackson's location. */
  private static String firstLine(Throwable e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? "" : message.strip().split("\\R", 2)[0].strip();
  }

  /** The line the reader stopped at, as {@code :N} to follow a file's name; empty when it does not say. */
  public static String line(Throwable e) {
    MarkedYAMLException marked = marked(e);
    if (marked != null && marked.getContextMark() == null && marked.getProblemMark() != null) {
      return ":" + (marked.getProblemMark().getLine() + 1); // where SnakeYAML found the problem, not Jackson's last token
    }
    JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
    return at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "";
  }

  /** SnakeYAML's own error in {@code e}'s causes, which knows where it found the problem; null when there is none. */
  private static MarkedYAMLException marked(Throwable e) {
    return Causes.find(e, MarkedYAMLException.class).orElse(null);
  }

  /** {@code " at line N"} to follow a description of the file; empty when the reader does not say. */
  public static String atLine(Throwable e) {
    String line = line(e);
    return line.isEmpty() ? "" : " at line " + line.substring(1);
  }
}
