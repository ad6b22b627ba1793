package dev.ackrelease.steps.artifacts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.YamlInput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML file parsed by Jackson, with the line of every key and the exact char span of every
 * scalar value, so that a value can be replaced in the text without re-serialising the file
 * (which would drop its comments, blank lines and quoting).
 */
final class YamlDocument {

  private static final YAMLFactory FACTORY = YamlInput.factory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  /** A scalar's text as parsed and its raw span in the file. */
  private record Scalar(String value, int line, int start, int end) {}

  private final String file;
  private final String text;
  private final JsonNode root;
  private final Map<String, Integer> keyLines;
  private final Map<String, Scalar> scalars;

  private YamlDocument(String file, String text, JsonNode root, Map<String, Integer> keyLines,
      Map<String, Scalar> scalars) {
    this.file = file;
    this.text = text;
    this.root = root == null ? MissingNode.getInstance() : root;
    this.keyLines = keyLines;
    this.scalars = scalars;
  }

  /** Parses {@code text}; malformed YAML or a duplicate key is invalid input naming file:line. */
  static YamlDocument parse(String file, String text) {
    Map<String, Integer> keyLines = new HashMap<>();
    Map<String, Scalar> scalars = new HashMap<>();
    CodePointOffsets offsets = new CodePointOffsets(text);
    // One scan of the YAML: the tokens are buffered as they stream past, and the tree is built
    // from that buffer instead of parsing the text a second time.
    try (JsonParser p = FACTORY.createParser(text); TokenBuffer tokens = new TokenBuffer(p)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        tokens.copyCurrentEvent(p);
        String pointer = p.getParsingContext().pathAsPointer().toString();
        JsonLocation at = p.currentTokenLocation();
        if (t == JsonToken.FIELD_NAME) {
          if (keyLines.putIfAbsent(pointer, at.getLineNr()) != null) {
            throw ReleaseException.invalidInput(file + ":" + at.getLineNr() + ": duplicate key " + dotted(pointer)
                + ": remove one of them");
          }
        } else if (t.isScalarValue()) {
          scalars.put(pointer, new Scalar(p.getText(), at.getLineNr(),
              offsets.charIndex(at.getCharOffset()), offsets.charIndex(p.currentLocation().getCharOffset())));
        }
      }
      JsonNode root;
      try (JsonParser replay = tokens.asParserOnFirstToken()) {
        root = tokens.firstToken() == null ? null : MAPPER.readTree(replay);
      }
      return new YamlDocument(file, text, root, keyLines, scalars);
    } catch (JsonProcessingException e) {
      if (YamlErrors.tooLong(e)) {
        throw ReleaseException.invalidInput(file + " is larger than the YAML reader's limit of " + YamlInput.MAX_CHARACTERS
            + " characters (5 MiB, Helm's limit for a chart's file): a release file that large is not a chart file ACK writes;"
            + " restore it from git");
      }
      throw ReleaseException.invalidInput(file + YamlErrors.line(e) + ": not valid YAML (" + YamlErrors.reason(e) + "): fix the YAML");
    } catch (IOException e) {
      throw ReleaseException.invalidInput(file + ": cannot read it as YAML (" + firstLine(e.getMessage()) + "): fix the YAML");
    }
  }

  String file() {
    return file;
  }

  /** The node at a JSON pointer such as {@code /image/tag}; a missing node when absent. */
  JsonNode node(String pointer) {
    return root.at(pointer);
  }

  /** The line of the key at {@code pointer}, or of its nearest present parent, or 1. */
  int line(String pointer) {
    for (String p = pointer; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = keyLines.get(p);
      if (line != null) {
        return line;
      }
    }
    return 1;
  }

  /**
   * The string scalar at {@code pointer} as a {@link Place} whose want is its current value.
   * Missing, null, boolean, mapping or sequence values, and values that are not one plain or
   * quoted scalar on a single line, are invalid input.
   */
  Place place(String pointer, String key) {
    JsonNode node = node(pointer);
    if (node.isMissingNode()) {
      throw ReleaseException.invalidInput(file + ":" + line(pointer) + ": " + key + " is missing: add it");
    }
    if (!node.isTextual() && !node.isNumber()) {
      throw ReleaseException.invalidInput(file + ":" + line(pointer) + ": " + key + " must be a string, not "
          + typeName(node) + ": fix the value");
    }
    Scalar s = scalars.get(pointer);
    String raw = s == null ? "" : text.substring(s.start(), s.end());
    boolean quoted = raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')
        && raw.charAt(raw.length() - 1) == raw.charAt(0);
    String content = quoted ? raw.substring(1, raw.length() - 1) : raw;
    if (s == null || !content.equals(s.value()) || content.contains("\n") || content.contains("\r")) {
      throw ReleaseException.invalidInput(file + ":" + line(pointer) + ": " + key
          + " is not a plain or quoted scalar on one line: write it as " + key.substring(key.lastIndexOf('.') + 1)
          + ": VALUE");
    }
    int start = quoted ? s.start() + 1 : s.start();
    return new Place(file, s.line(), key, s.value(), s.value(), quoted, start, start + content.length());
  }

  private static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a sequence";
      case NULL -> "empty";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  /**
   * Jackson YAML reports offsets in code points; Java strings index UTF-16 chars. The map is made
   * once per file (and is the identity when the text has no surrogate pairs), so locating every
   * scalar stays linear in the file's size.
   */
  private static final class CodePointOffsets {
    private final int length;
    private final int[] charIndexOfCodePoint;

    CodePointOffsets(String text) {
      int codePoints = text.codePointCount(0, text.length());
      this.length = codePoints;
      if (codePoints == text.length()) {
        this.charIndexOfCodePoint = null;
        return;
      }
      this.charIndexOfCodePoint = new int[codePoints + 1];
      int c = 0;
      for (int cp = 0; cp < codePoints; cp++) {
        charIndexOfCodePoint[cp] = c;
        c += Character.charCount(text.codePointAt(c));
      }
      charIndexOfCodePoint[codePoints] = c;
    }

    int charIndex(long codePoint) {
      int cp = (int) Math.max(0, Math.min(codePoint, length));
      return charIndexOfCodePoint == null ? cp : charIndexOfCodePoint[cp];
    }
  }

  static String dotted(String pointer) {
    return pointer.substring(1).replace('/', '.');
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String line = message.strip().split("\\R", 2)[0];
    return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
  }
}
