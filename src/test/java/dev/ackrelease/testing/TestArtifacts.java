package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A test's own one-layer OCI artifact (not one ack-release makes), pushed through a
 * {@link RegistrySession}: a layer of {@code mediaType} with {@code annotations}, an image config
 * naming it, and the manifest at {@code tag}. Stands in for another tool's push: a planted SBOM,
 * another run's signature, an image where only its existence matters.
 */
public final class TestArtifacts {

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private TestArtifacts() {}

  /** Pushes the artifact; the manifest's digest. */
  public static String push(RegistrySession session, String name, String tag, String mediaType, byte[] layer,
      Map<String, String> annotations) {
    session.pushBlob(name, Digests.sha256(layer), layer.length, () -> new ByteArrayInputStream(layer));
    byte[] config = ("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.sha256(layer) + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    session.pushBlob(name, Digests.sha256(config), config.length, () -> new ByteArrayInputStream(config));
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST);
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("size", config.length)
        .put("digest", Digests.sha256(config));
    ObjectNode l = manifest.putArray("layers").addObject().put("mediaType", mediaType).put("size", layer.length)
        .put("digest", Digests.sha256(layer));
    if (!annotations.isEmpty()) {
      ObjectNode a = l.putObject("annotations");
      annotations.forEach(a::put);
    }
    byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
    session.putManifest(name, tag, MANIFEST, bytes);
    return Digests.sha256(bytes);
  }
}
