package dev.ackrelease.steps.umbrella;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlInput;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Chart.lock} as {@code helm dependency update} writes it: every dependency of
 * {@code Chart.yaml} with the version resolved ({@code name}, {@code repository},
 * {@code version}), the {@code digest} Helm's {@code resolver.HashReq} computes (sha256 of the
 * JSON of {@code [requirements, locked]}, each dependency as Go's {@code chart.Dependency}
 * marshals it) and {@code generated}, the time (RFC 3339 with nanoseconds, quoted). Keys are in
 * the alphabetical order Helm's YAML writer uses, lists unindented.
 */
public final class ChartLock {

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChartLock() {}

  /** The digest of {@code Chart.yaml}'s dependencies, each locked at the version it names. */
  public static String digest(byte[] chartYaml) {
    JsonNode deps = chart(chartYaml).path("dependencies");
    List<Map<String, Object>> req = new ArrayList<>();
    List<Map<String, Object>> lock = new ArrayList<>();
    for (JsonNode d : deps) {
      req.add(goDependency(d, true));
      lock.add(goDependency(d, false));
    }
    try {
      return Digests.sha256(JSON.writeValueAsBytes(List.of(req, lock)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The digest a {@code Chart.lock} records. */
  public static String recordedDigest(byte[] chartLock) {
    try {
      return YAML.readTree(chartLock).path("digest").asText("");
    } catch (IOException e) {
      throw ReleaseException.invalidInput("Chart.lock of the umbrella chart is not valid YAML: fix it or delete it");
    }
  }

  /** {@code Chart.lock} for {@code chartYaml}, generated at {@code now}. */
  public static byte[] write(byte[] chartYaml, Instant now) {
    StringBuilder out = new StringBuilder("dependencies:\n");
    for (JsonNode d : chart(chartYaml).path("dependencies")) {
      out.append("- name: ").append(d.path("name").asText()).append('\n');
      out.append("  repository: ").append(d.path("repository").asText()).append('\n');
      out.append("  version: ").append(d.path("version").asText()).append('\n');
    }
    out.append("digest: ").append(digest(chartYaml)).append('\n');
    out.append("generated: \"").append(rfc3339Nano(now)).append("\"\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Go's {@code time.RFC3339Nano}: nanoseconds without trailing zeros, {@code Z} for UTC. */
  static String rfc3339Nano(Instant t) {
    String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
    String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceFirst("0+$", "");
    return base + nanos + "Z";
  }

  /** A dependency as Go's {@code chart.Dependency} marshals to JSON (field order and omitempty as Helm's struct). */
  private static Map<String, Object> goDependency(JsonNode d, boolean requirement) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.path("name").asText());
    if (!d.path("version").asText().isEmpty()) {
      m.put("version", d.path("version").asText());
    }
    m.put("repository", d.path("repository").asText(""));
    if (requirement) {
      if (!d.path("condition").asText().isEmpty()) {
        m.put("condition", d.path("condition").asText());
      }
      if (d.path("tags").isArray() && d.path("tags").size() > 0) {
        List<String> tags = new ArrayList<>();
        d.path("tags").forEach(t -> tags.add(t.asText()));
        m.put("tags", tags);
      }
      if (d.path("enabled").asBoolean(false)) {
        m.put("enabled", true);
      }
      if (d.path("import-values").isArray() && d.path("import-values").size() > 0) {
        m.put("import-values", d.path("import-values"));
      }
      if (!d.path("alias").asText().isEmpty()) {
        m.put("alias", d.path("alias").asText());
      }
    }
    return m;
  }

  private static JsonNode chart(byte[] chartYaml) {
    try {
      return YAML.readTree(chartYaml);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("Chart.yaml of the umbrella chart is not valid YAML: fix it");
    }
  }
}
