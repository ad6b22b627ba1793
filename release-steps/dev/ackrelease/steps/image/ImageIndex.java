package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.io.BuildInputs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI image index, serialised here with a fixed field order (schemaVersion, mediaType,
 * manifests with their platform, then the annotations sorted by key) and pushed as these exact
 * bytes ({@link dev.ackrelease.steps.registry.RegistrySession#putManifest}): no map whose iteration
 * order changes from one JVM to the next (as {@code Map.copyOf}'s does) may decide the bytes, or
 * the same index would get another digest on every other run. The annotations are {@code org.opencontainers.image.created} (the
 * commit time) and the digest of the build inputs
 * ({@link dev.ackrelease.steps.io.BuildInputs#ANNOTATION}), which a re-run reads to decide
 * without building.
 */
final class ImageIndex {

  static final String CREATED = "org.opencontainers.image.created";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageIndex() {}

  static byte[] json(List<PlatformImage> platforms, Instant created, String buildInputs) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OciLayout.INDEX_MEDIA_TYPE);
    ArrayNode manifests = index.putArray("manifests");
    for (PlatformImage p : platforms) {
      ObjectNode m = manifests.addObject();
      m.put("mediaType", p.manifest().mediaType());
      m.put("digest", p.manifest().digest());
      m.put("size", p.manifest().size());
      ObjectNode platform = m.putObject("platform");
      platform.put("os", p.platform().os());
      platform.put("architecture", p.platform().architecture());
    }
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(CREATED, created.toString());
    if (buildInputs != null) {
      annotations.put(BuildInputs.ANNOTATION, buildInputs);
    }
    ObjectNode a = index.putObject("annotations");
    annotations.forEach(a::put);
    try {
      return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(index);
    } catch (JsonProcessingException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot write the image index: report this as an ack-release bug", e);
    }
  }
}
