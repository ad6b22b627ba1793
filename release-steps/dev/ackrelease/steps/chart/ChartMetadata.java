package dev.ackrelease.steps.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.YamlInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart's {@code Chart.yaml}: the fields ack-release needs, Helm's OCI config blob (the JSON of
 * Helm's {@code chart.Metadata}, fields in Go's order, empty ones left out) and Helm's manifest
 * annotations. {@code yaml} is the parsed document.
 */
public record ChartMetadata(String name, String version, String appVersion, String apiVersion, String description,
    JsonNode yaml) {

  static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Helm's {@code chart.Metadata} JSON field names, in the struct's order. */
  private static final List<String> METADATA_FIELDS = List.of("name", "home", "sources", "version", "description",
      "keywords", "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations",
      "kubeVersion", "dependencies", "type");
  private static final Pattern VERSION_LINE = Pattern.compile("(?m)^version:[^\\r\\n]*");

  /** Parses Chart.yaml text; {@code source} names it in errors. */
  public static ChartMetadata parse(byte[] chartYaml, String source) {
    JsonNode doc;
    try {
      doc = YAML.readTree(chartYaml);
    } catch (IOException e) {
      throw ReleaseException.invalidInput(source + " is not valid YAML" + YamlErrors.atLine(e) + " (" + YamlErrors.reason(e)
          + "): fix the file");
    }
    if (doc == null || !doc.isObject()) {
      throw ReleaseException.invalidInput(source + " is not a YAML mapping: fix the file");
    }
    String name = text(doc, "name");
    String version = text(doc, "version");
    if (name.isEmpty() || version.isEmpty()) {
      throw ReleaseException.invalidInput(source + " needs a name and a version: add them");
    }
    return new ChartMetadata(name, version, text(doc, "appVersion"), text(doc, "apiVersion"), text(doc, "description"), doc);
  }

  /**
   * Where the chart's source lives: the first {@code https://} entry of {@code sources}, else
   * {@code home} when it is an {@code https://} address (ACK's charts name their controller repo
   * in both).
   */
  public Optional<String> sourceUrl() {
    for (JsonNode s : yaml.path("sources")) {
      if (s.isTextual() && s.asText().strip().startsWith("https://")) {
        return Optional.of(s.asText().strip());
      }
    }
    String home = text(yaml, "home");
    return home.startsWith("https://") ? Optional.of(home) : Optional.empty();
  }

  static ChartMetadata read(Path chartYaml) {
    return parse(ChartSource.read(chartYaml.getParent(), chartYaml.getFileName().toString()), chartYaml.toString());
  }

  /**
   * The same Chart.yaml text with only its top-level {@code version:} line changed; comments and
   * every other byte stay.
   */
  static byte[] withVersion(byte[] chartYaml, String newVersion, String source) {
    String text = new String(chartYaml, StandardCharsets.UTF_8);
    Matcher m = VERSION_LINE.matcher(text);
    if (!m.find()) {
      throw ReleaseException.invalidInput(source + " has no top-level 'version:' line: add one");
    }
    int start = m.start();
    int end = m.end();
    if (m.find()) {
      throw ReleaseException.invalidInput(source + " has more than one top-level 'version:' line: keep one");
    }
    return (text.substring(0, start) + "version: " + newVersion + text.substring(end)).getBytes(StandardCharsets.UTF_8);
  }

  /** Helm's OCI config blob: {@code json.Marshal(chart.Metadata)}. */
  public byte[] helmConfigJson() {
    ObjectNode config = JSON.createObjectNode();
    for (String field : METADATA_FIELDS) {
      JsonNode value = withoutNulls(yaml.get(field));
      if (value == null || isEmpty(value)) {
        continue;
      }
      config.set(field, value.isValueNode() && !value.isBoolean() ? config.textNode(value.asText()) : value);
    }
    try {
      return JSON.writer().with(GoHtmlEscapes.INSTANCE).writeValueAsBytes(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The manifest annotations {@code helm push} writes (description, title, version, url, created,
   * source, authors, then the chart's own annotations), sorted; {@code created} replaces "now".
   */
  public Map<String, String> ociAnnotations(Instant created) {
    Map<String, String> a = new TreeMap<>();
    JsonNode own = yaml.get("annotations");
    if (own != null && own.isObject()) {
      own.fields().forEachRemaining(e -> a.put(e.getKey(), e.getValue().asText()));
    }
    putIfPresent(a, "org.opencontainers.image.description", description);
    putIfPresent(a, "org.opencontainers.image.title", name);
    putIfPresent(a, "org.opencontainers.image.version", version);
    putIfPresent(a, "org.opencontainers.image.url", text(yaml, "home"));
    a.put("org.opencontainers.image.created", DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
    JsonNode sources = yaml.get("sources");
    if (sources != null && sources.isArray() && !sources.isEmpty()) {
      putIfPresent(a, "org.opencontainers.image.source", sources.get(0).asText());
    }
    putIfPresent(a, "org.opencontainers.image.authors", authors());
    return a;
  }

  private String authors() {
    JsonNode maintainers = yaml.get("maintainers");
    if (maintainers == null || !maintainers.isArray()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < maintainers.size(); i++) {
      JsonNode m = maintainers.get(i);
      sb.append(text(m, "name"));
      if (!text(m, "email").isEmpty()) {
        sb.append(" (").append(text(m, "email")).append(')');
      }
      if (i < maintainers.size() - 1) {
        sb.append(", ");
      }
    }
    return sb.toString();
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
  }

  private static boolean isEmpty(JsonNode v) {
    return (v.isContainerNode() && v.isEmpty()) || (v.isTextual() && v.asText().isEmpty())
        || (v.isBoolean() && !v.booleanValue());
  }

  private static JsonNode withoutNulls(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.fields().forEachRemaining(e -> {
        JsonNode v = withoutNulls(e.getValue());
        if (v != null) {
          copy.set(e.getKey(), v);
        }
      });
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(v -> {
        JsonNode c = withoutNulls(v);
        if (c != null) {
          copy.add(c);
        }
      });
      return copy;
    }
    return node;
  }

  /** Go's {@code json.Marshal} escapes {@code < > &} and U+2028/U+2029 as {@code \\u00XX}; so does the config blob. */
  private static final class GoHtmlEscapes extends CharacterEscapes {
    static final GoHtmlEscapes INSTANCE = new GoHtmlEscapes();
    private final int[] table = standardAsciiEscapesForJSON();

    private GoHtmlEscapes() {
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
