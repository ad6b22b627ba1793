package dev.ackrelease.steps.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.io.BuildInputs;
import java.util.Arrays;

/**
 * A packaged chart as the OCI artifact {@code helm push} makes: a config blob (Helm's metadata
 * JSON), one content layer (the .tgz) and an image manifest with Helm's annotations, its
 * {@code created} annotation set from the commit time so the manifest, and so its digest, is
 * the same on every run. The manifest bytes are computed here and pushed as they are.
 */
public record HelmOciArtifact(byte[] config, String configDigest, byte[] manifest, String manifestDigest,
    PackagedChart chart) {

  public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
  public static final String CONTENT_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  /**
   * The manifest's media type, sent as Content-Type and also written in the manifest as its
   * {@code mediaType} field. {@code helm push} leaves the field out (helm/helm
   * pkg/registry/client.go {@code tagManifest} builds an {@code ocispec.Manifest} without it);
   * ack-release writes it because the OCI image-spec says the field SHOULD be used
   * (manifest.md), so a reader never has to guess a manifest from an index by its content. Helm
   * reads manifests with or without it.
   */
  public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

  public static HelmOciArtifact of(PackagedChart chart) {
    return of(chart, null);
  }

  /** The artifact with the digest of its build inputs as one more manifest annotation (null: none). */
  public static HelmOciArtifact of(PackagedChart chart, String buildInputs) {
    byte[] config = chart.metadata().helmConfigJson();
    String configDigest = ChartPackager.sha256(config);
    ObjectNode m = ChartMetadata.JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MANIFEST_MEDIA_TYPE);
    m.set("config", descriptor(CONFIG_MEDIA_TYPE, configDigest, config.length));
    m.putArray("layers").add(descriptor(CONTENT_MEDIA_TYPE, chart.digest(), chart.size()));
    ObjectNode annotations = m.putObject("annotations");
    chart.metadata().ociAnnotations(chart.created()).forEach(annotations::put);
    if (buildInputs != null) {
      annotations.put(BuildInputs.ANNOTATION, buildInputs);
    }
    byte[] manifest;
    try {
      // Non-ASCII escaped: the manifest is ASCII whatever the platform charset (and its digest has always been).
      manifest = ChartMetadata.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new HelmOciArtifact(config, configDigest, manifest, ChartPackager.sha256(manifest), chart);
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    ObjectNode d = ChartMetadata.JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", size);
    return d;
  }

  /** The content layer's digest: the digest of the .tgz, what "same chart" means. */
  public String contentDigest() {
    return chart.digest();
  }

  /** Config, layer and manifest sizes together. */
  public long totalBytes() {
    return config.length + chart.size() + manifest.length;
  }

  @Override
  public byte[] config() {
    return config.clone();
  }

  @Override
  public byte[] manifest() {
    return manifest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HelmOciArtifact a && Arrays.equals(manifest, a.manifest) && Arrays.equals(config, a.config)
        && chart.equals(a.chart);
  }

  @Override
  public int hashCode() {
    return manifestDigest.hashCode();
  }

  @Override
  public String toString() {
    return "HelmOciArtifact[" + chart.fileName() + ", manifest " + manifestDigest + "]";
  }
}
