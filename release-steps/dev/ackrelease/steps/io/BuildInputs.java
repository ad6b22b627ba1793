package dev.ackrelease.steps.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical description of everything an artifact is built from (sorted keys, compact JSON)
 * and its digest. The digest is recorded on what is published (an annotation on the image index
 * and on the chart manifest), so a re-run reads one tag and, when the inputs are the same, says
 * "already published" without building anything.
 */
public record BuildInputs(String json, String digest) {

  /** The annotation that carries the digest on a published index or manifest. */
  public static final String ANNOTATION = "dev.ackrelease.build-inputs";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The inputs of {@code values} (nested maps and lists of strings are fine). */
  public static BuildInputs of(Map<String, ?> values) {
    try {
      String json = JSON.writeValueAsString(new TreeMap<>(values));
      return new BuildInputs(json, Digests.sha256(json.getBytes(StandardCharsets.UTF_8)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot describe the build inputs", e);
    }
  }
}
