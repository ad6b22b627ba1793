package dev.ackrelease.steps.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.YamlInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .ack-release.yaml}: a YAML mapping of keys to a text, a number, true/false or a list
 * of those. Anything else (no mapping, a key twice, no value, a mapping as a value, an empty
 * value, a YAML alias, a PEM block, bytes that are not UTF-8, more than {@link #MAX_BYTES}) is invalid input
 * naming file:line.
 */
public final class SettingsFile {

  /** The file's name, in a controller's clone and in a workspace root. */
  public static final String NAME = ".ack-release.yaml";

  /** The most a settings file may hold: a few keys, never a data file. */
  public static final int MAX_BYTES = 64 * 1024;

  private SettingsFile() {}

  /** The settings in {@code file} by key, in file order; none when there is no file there. */
  public static Map<String, Setting> read(Path file) {
    if (!exists(file)) {
      return Map.of();
    }
    if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      // A link whose target moved: its settings are missing, not absent; a run without them could push elsewhere.
      throw ReleaseException.invalidInput(file + " is a link to " + target(file) + ", which is not there: fix the link,"
          + " or remove it");
    }
    if (!Files.isRegularFile(file)) {
      throw ReleaseException.invalidInput(file + " is not a regular file: " + NAME + " holds settings as YAML; remove or"
          + " rename what is there");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | SecurityException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " (" + Echo.value(String.valueOf(e.getMessage()))
          + "): make it readable, or remove it");
    }
    if (bytes.length > MAX_BYTES) {
      throw ReleaseException.invalidInput(file + " is more than " + MAX_BYTES / 1024 + " KiB: a settings file holds a few"
          + " keys (each the long option it sets); keep only those");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw ReleaseException.invalidInput(file + " is not UTF-8 text: save it as UTF-8");
    }
    return parse(file, text);
  }

  /** Whether anything is at {@code file}, a link whose target is missing too. */
  private static boolean exists(Path file) {
    try {
      return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    } catch (InvalidPathException | SecurityException e) {
      return false;
    }
  }

  private static String target(Path link) {
    try {
      return Echo.value(Files.readSymbolicLink(link).toString());
    } catch (IOException | SecurityException e) {
      return "a file";
    }
  }

  /** The settings in {@code text}, read as the file {@code file}. */
  static Map<String, Setting> parse(Path file, String text) {
    Map<String, Setting> settings = new LinkedHashMap<>();
    try (JsonParser p = Yaml.FACTORY.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return settings; // empty, or comments only
      }
      if (t != JsonToken.START_OBJECT) {
        throw invalid(file, line(p), "not a mapping of keys to values: write one setting a line, e.g. platforms: linux/amd64");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int line = line(p);
        Setting first = settings.get(key);
        if (first != null) {
          throw invalid(file, line, key(key) + " is set twice (first on line " + first.line() + "): remove one of them");
        }
        settings.put(key, value(p, file, key, line));
      }
      if (p.nextToken() != null) {
        throw invalid(file, line(p), "a second YAML document: keep the settings in one mapping, without ---");
      }
      return settings;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw invalid(file, line, "not valid YAML (" + Echo.value(YamlErrors.reason(e)) + "): fix the YAML, e.g. platforms:"
          + " linux/amd64");
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " (" + Echo.value(String.valueOf(e.getMessage()))
          + "): make it readable, or remove it");
    }
  }

  /** The value of {@code key}: a scalar, or a list of scalars. */
  private static Setting value(JsonParser p, Path file, String key, int line) throws IOException {
    JsonToken t = p.nextToken();
    List<String> values = new ArrayList<>();
    if (t == JsonToken.START_ARRAY) {
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT || t == JsonToken.VALUE_NULL) {
          throw invalid(file, line(p), key(key) + " lists something that is not a value: give it a list of texts, e.g. "
              + key + ": [a, b]");
        }
        values.add(scalar(p, file, key));
      }
      if (values.isEmpty()) {
        throw invalid(file, line, key(key) + " is an empty list: give it a value, or remove the line");
      }
      return new Setting(key, values, true, file, line);
    }
    if (t == JsonToken.START_OBJECT) {
      throw invalid(file, line, key(key) + " is a mapping: give it a text, a number, true/false or a list");
    }
    if (t == JsonToken.VALUE_NULL) {
      throw invalid(file, line, key(key) + " has no value: give it one, or remove the line");
    }
    values.add(scalar(p, file, key));
    return new Setting(key, values, false, file, line);
  }

  private static String scalar(JsonParser p, Path file, String key) throws IOException {
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      // Jackson reads an alias as the anchor's name, not the value it stands for.
      throw invalid(file, line(p), key(key) + " is a YAML alias (*" + Echo.value(p.getText()) + "): write the value"
          + " itself, e.g. " + key + ": VALUE (a settings file takes no anchors or aliases)");
    }
    String text = p.getText();
    if (text == null || text.isBlank()) {
      throw invalid(file, line(p), key(key) + " is empty: give it a value, or remove the line");
    }
    if (text.contains("-----BEGIN")) {
      throw invalid(file, line(p), key(key) + " holds a PEM block: " + NAME + " names a key, never holds one; keep the"
          + " key in a file outside the repo (or in AWS KMS) and give its path (or awskms:// reference)");
    }
    return text;
  }

  private static String key(String key) {
    return "'" + Echo.value(key) + "'";
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static ReleaseException invalid(Path file, int line, String message) {
    return ReleaseException.invalidInput(file + (line > 0 ? ":" + line : "") + ": " + message);
  }

  /** Jackson's YAML factory, made when a settings file is first parsed: with none, Jackson stays unloaded. */
  private static final class Yaml {
    static final YAMLFactory FACTORY = YamlInput.factory();
  }
}
