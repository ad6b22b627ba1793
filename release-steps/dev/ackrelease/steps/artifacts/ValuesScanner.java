package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.YamlInput;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds {@code image.repository} and {@code image.tag} in a {@code values.yaml} line by line
 * ({@link YamlLines}), without building the document: a chart's values file can be tens of
 * thousands of lines, and a release changes two of them. It answers only for the shape ACK's
 * files have (a block mapping at column 0 with one {@code image:} key whose block holds the two
 * keys as plain or quoted scalars on one line) and when nothing in the file can make a line mean
 * something else than it looks like: a quoted scalar or flow collection left open at the end of a
 * line, a document marker or directive, a tab in an indentation, a line break other than LF or
 * CRLF, a BOM, a complex, quoted or merge key where the image keys could hide, an anchor, alias or
 * tag in the image block. For anything else it answers empty and the caller parses the whole file
 * ({@link YamlDocument}), whose messages name what is wrong.
 *
 * <p>What the scan does not do is validate the rest of the file as YAML: a syntax error or a
 * duplicate key away from the image keys is not refused by build-artifacts any more. {@code tag}
 * and {@code publish} still read the whole file (the chart's image check parses it), as Helm does
 * when it loads the chart.
 */
final class ValuesScanner {

  /** Plain words YAML 1.1 reads as a boolean or null (any case), which the parser refuses as a version. */
  private static final Set<String> NOT_STRINGS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");
  /**
   * The YAML reader's limit ({@link YamlInput#MAX_CHARACTERS}, Helm's 5 MiB per chart file): a
   * longer text goes to the parser, which refuses it.
   */
  static final int READER_LIMIT = YamlInput.MAX_CHARACTERS;

  private final String file;
  private final YamlLines line;
  private final Map<ArtifactKey, Place> places = new EnumMap<>(ArtifactKey.class);
  private boolean seenImage;
  private boolean inImage;
  /** Whether the last key at column 0 has its value on the next lines. */
  private boolean topOpen;
  private int childIndent = -1;
  private boolean lastChildOpen;
  private boolean lastChildTarget;

  private ValuesScanner(String file, String text) {
    this.file = file;
    this.line = new YamlLines(text);
  }

  /** The two places with want = have, or empty when the file's shape needs the YAML parser. */
  static Optional<Map<ArtifactKey, Place>> locate(String file, String text) {
    if (text.length() > READER_LIMIT || !YamlLines.plainLineBreaks(text)) {
      return Optional.empty();
    }
    return new ValuesScanner(file, text).scan();
  }

  private Optional<Map<ArtifactKey, Place>> scan() {
    while (line.next()) {
      int p = line.first;
      int indent = line.indent();
      if (line.text.charAt(p) == '\t' || !(indent == 0 ? topLevel(p) : inImage ? imageChild(p, indent) : line.node(p))) {
        return Optional.empty();
      }
    }
    return places.size() == 2 ? Optional.of(places) : Optional.empty();
  }

  /**
   * A line at column 0: a plain key, or an entry of a sequence its open key holds at the same
   * indentation. {@code image:} must be there once, with its block on the next lines.
   */
  private boolean topLevel(int p) {
    if (line.isEntry(p)) {
      return topOpen && !inImage && line.node(p);
    }
    int colon = line.plainKey(p);
    if (colon < 0 || line.isKey(p, colon, "<<")) {
      return false;
    }
    inImage = line.isKey(p, colon, "image");
    if (inImage) {
      if (seenImage || !line.restIsComment(colon + 1)) {
        return false;
      }
      seenImage = true;
      return true;
    }
    topOpen = line.restIsComment(colon + 1);
    return line.value(colon + 1, 0);
  }

  /**
   * A line of the image block: its keys at one indentation (repository and tag with a scalar
   * each), the nested blocks and sequences of the other keys below them.
   */
  private boolean imageChild(int p, int indent) {
    if (childIndent < 0) {
      childIndent = indent;
    }
    if (indent < childIndent) {
      return false;
    }
    if (indent > childIndent || line.isEntry(p)) {
      return !lastChildTarget && lastChildOpen && line.node(p);
    }
    int colon = line.plainKey(p);
    if (colon < 0 || line.isKey(p, colon, "<<")) {
      return false;
    }
    ArtifactKey key = line.isKey(p, colon, "repository") ? ArtifactKey.IMAGE_REPOSITORY
        : line.isKey(p, colon, "tag") ? ArtifactKey.IMAGE_TAG : null;
    lastChildTarget = key != null;
    if (key != null) {
      Place place = scalar(key, colon + 1);
      return place != null && places.put(key, place) == null;
    }
    int v = line.skipBlanks(colon + 1);
    lastChildOpen = line.restIsComment(colon + 1);
    return (v == line.end || "&*!".indexOf(line.text.charAt(v)) < 0) && line.value(colon + 1, childIndent);
  }

  /**
   * The scalar after a target key's colon: plain (a word YAML reads as a string or a number, never
   * a boolean or null), or single- or double-quoted without escapes, alone on the line but for a
   * comment; null for anything else.
   */
  private Place scalar(ArtifactKey key, int from) {
    String text = line.text;
    int p = line.skipBlanks(from);
    if (p == line.end) {
      return null;
    }
    char c = text.charAt(p);
    boolean quoted = c == '"' || c == '\'';
    int start = quoted ? p + 1 : p;
    int stop;
    if (quoted) {
      stop = line.closingQuote(p);
      if (stop < 0 || text.substring(start, stop).indexOf(c == '"' ? '\\' : '\'') >= 0) {
        return null;
      }
      p = stop + 1;
    } else {
      while (p < line.end && !YamlLines.isBlank(text.charAt(p))) {
        char v = text.charAt(p);
        if (!(v < 128 && Character.isLetterOrDigit(v) || ".-_/:@+".indexOf(v) >= 0)) {
          return null;
        }
        p++;
      }
      stop = p;
      String word = text.substring(start, stop);
      if (!Character.isLetterOrDigit(c) || word.endsWith(":") || NOT_STRINGS.contains(word.toLowerCase())) {
        return null;
      }
    }
    if (!line.restIsComment(p)) {
      return null;
    }
    String have = text.substring(start, stop);
    return new Place(file, line.number, key.key(), have, have, quoted, start, stop);
  }
}
