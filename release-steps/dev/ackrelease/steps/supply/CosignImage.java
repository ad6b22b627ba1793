package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image cosign stores next to an artifact ({@code .sig}, {@code .att}, {@code .sbom}), byte
 * for byte as go-containerregistry writes it, so that a manifest made here and one made by cosign
 * for the same layers are the same document:
 * <ul>
 *   <li>the base is cosign's {@code empty.Signatures()} (pkg/oci/empty/empty.go): ggcr's
 *       {@code empty.Image} with the OCI manifest and config media types;</li>
 *   <li>each added layer is an {@code Addendum} of {@code mutate.Append} (ggcr
 *       pkg/v1/mutate/image.go {@code compute}): its digest is appended to {@code rootfs.diff_ids}
 *       and one empty history entry is appended to {@code history}; the base's config is kept
 *       otherwise;</li>
 *   <li>JSON as Go's {@code encoding/json} marshals ggcr's {@code v1.ConfigFile},
 *       {@code v1.Manifest} and {@code v1.Descriptor} (pkg/v1/config.go, pkg/v1/manifest.go):
 *       struct field order, {@code omitempty} fields left out when empty, map keys sorted, the
 *       zero {@code time.Time} as {@code 0001-01-01T00:00:00Z}.</li>
 * </ul>
 */
final class CosignImage {

  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  /** Go's zero {@code time.Time}, as {@code encoding/json} writes it. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A layer: its media type, size, digest (of the payload: cosign's layers are not compressed) and annotations. */
  record Layer(String mediaType, long size, String digest, SortedMap<String, String> annotations) {

    static Layer of(String mediaType, byte[] payload, Map<String, String> annotations) {
      return new Layer(mediaType, payload.length, Digests.sha256(payload), new TreeMap<>(annotations));
    }

    /** A descriptor read from a manifest (what ggcr's {@code v1.Descriptor} keeps of it). */
    static Layer of(JsonNode descriptor) {
      SortedMap<String, String> notes = new TreeMap<>();
      descriptor.path("annotations").fields().forEachRemaining(e -> notes.put(e.getKey(), e.getValue().asText()));
      return new Layer(descriptor.path("mediaType").asText(), descriptor.path("size").asLong(),
          descriptor.path("digest").asText(), notes);
    }

    /** ggcr's {@code v1.Descriptor} field order; {@code annotations} omitted when empty. */
    ObjectNode json() {
      ObjectNode d = JSON.createObjectNode();
      d.put("mediaType", mediaType);
      d.put("size", size);
      d.put("digest", digest);
      if (!annotations.isEmpty()) {
        ObjectNode a = d.putObject("annotations");
        annotations.forEach(a::put);
      }
      return d;
    }
  }

  /** The manifest and config of an image: their exact bytes. */
  record Built(byte[] manifest, String manifestDigest, byte[] config, String configDigest, List<Layer> layers) {}

  private CosignImage() {}

  /** A new image of {@code layers} on cosign's empty base ({@code static.NewFile}, {@code AppendSignatures} on no tag). */
  static Built of(List<Layer> layers) {
    return append(Optional.empty(), List.of(), layers);
  }

  /**
   * {@code mutate.Append} of {@code added} to an existing image: its manifest (the layers stay,
   * normalised as ggcr re-marshals them; its annotations stay) and its config blob (kept; when it
   * is not a config ggcr could read, cosign's empty one).
   */
  static Built append(Optional<JsonNode> baseConfig, List<Layer> existing, List<Layer> added) {
    ObjectNode config = baseConfig.filter(JsonNode::isObject).map(CosignImage::normalisedConfig)
        .orElseGet(CosignImage::emptyConfig);
    ArrayNode history = (ArrayNode) config.get("history");
    ArrayNode diffIds = (ArrayNode) config.get("rootfs").get("diff_ids");
    for (Layer l : added) {
      // An Addendum without History: the zero v1.History, whose Created is the zero time.
      history.addObject().put("created", ZERO_TIME);
      diffIds.add(l.digest());
    }
    if (history.isEmpty()) {
      config.remove("history");
    }
    byte[] configBytes = bytes(config);
    String configDigest = Digests.sha256(configBytes);
    List<Layer> layers = new ArrayList<>(existing);
    layers.addAll(added);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", CONFIG_MEDIA_TYPE);
    c.put("size", configBytes.length);
    c.put("digest", configDigest);
    ArrayNode ls = manifest.putArray("layers");
    layers.forEach(l -> ls.add(l.json()));
    byte[] manifestBytes = bytes(manifest);
    return new Built(manifestBytes, Digests.sha256(manifestBytes), configBytes, configDigest, List.copyOf(layers));
  }

  /** The layers of a manifest as ggcr reads them. */
  static List<Layer> layers(JsonNode manifest) {
    List<Layer> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(Layer.of(l)));
    return layers;
  }

  /** {@code partial.RawConfigFile} of ggcr's {@code empty.Image}: no history, {@code rootfs.type} "layers". */
  private static ObjectNode emptyConfig() {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "");
    config.put("created", ZERO_TIME);
    config.putArray("history");
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids");
    config.putObject("config");
    return config;
  }

  /**
   * An existing config as ggcr re-marshals it after reading it into {@code v1.ConfigFile}: the
   * fields a signature image has, in the struct's order (the ones ack-release never writes,
   * such as {@code author} or {@code variant}, are kept in place when present).
   */
  private static ObjectNode normalisedConfig(JsonNode in) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", in.path("architecture").asText(""));
    copyText(in, config, "author");
    copyText(in, config, "container");
    config.put("created", in.path("created").asText(ZERO_TIME));
    copyText(in, config, "docker_version");
    ArrayNode history = config.putArray("history");
    for (JsonNode h : in.path("history")) {
      ObjectNode entry = history.addObject();
      copyText(h, entry, "author");
      entry.put("created", h.path("created").asText(ZERO_TIME));
      copyText(h, entry, "created_by");
      copyText(h, entry, "comment");
      if (h.path("empty_layer").asBoolean(false)) {
        entry.put("empty_layer", true);
      }
    }
    config.put("os", in.path("os").asText(""));
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", in.path("rootfs").path("type").asText(""));
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    in.path("rootfs").path("diff_ids").forEach(diffIds::add);
    config.set("config", in.path("config").isObject() ? in.get("config").deepCopy() : JSON.createObjectNode());
    copyText(in, config, "os.version");
    copyText(in, config, "variant");
    return config;
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    String v = from.path(field).asText("");
    if (!v.isEmpty()) {
      to.put(field, v);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
