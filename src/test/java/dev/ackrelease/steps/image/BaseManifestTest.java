package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.chart.HelmOciArtifact;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.RegistrySession;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a base image may be: the media types go-containerregistry pkg/v1/types/types.go accepts
 * as an index ({@code IsIndex}), an image manifest ({@code IsImage}) and its config
 * ({@code IsConfig}); Jib pulls nothing else as a base.
 */
class BaseManifestTest {

  static final String REF = "h/x:1";
  static final String DIGEST = "sha256:" + "a".repeat(64);

  static RegistrySession.Fetched fetched(String contentType, String document) {
    return new RegistrySession.Fetched(REF, contentType, DIGEST, document.getBytes(StandardCharsets.UTF_8));
  }

  static String manifest(String mediaType, String configMediaType) {
    return "{\"schemaVersion\":2" + (mediaType == null ? "" : ",\"mediaType\":\"" + mediaType + "\"") + ",\"config\":{\"mediaType\":\""
        + configMediaType + "\",\"digest\":\"" + DIGEST + "\",\"size\":2},\"layers\":[]}";
  }

  static String refusal(RegistrySession.Fetched manifest) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> BaseManifest.requireImage(REF, manifest));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    assertTrue(e.getMessage().endsWith("): pass --base-image an image or image index, e.g. " + BaseImage.ACK_DEFAULT_REF
        + ", or scratch"), e.getMessage());
    return e.getMessage();
  }

  /** types.go IsIndex: an OCI index or a Docker manifest list is a base (Jib picks the platform's image). */
  @Test
  void anIndexOrManifestListIsAnImage() {
    BaseManifest.requireImage(REF, fetched("application/vnd.oci.image.index.v1+json", "{\"schemaVersion\":2,\"manifests\":[]}"));
    BaseManifest.requireImage(REF, fetched("application/vnd.docker.distribution.manifest.list.v2+json",
        "{\"schemaVersion\":2,\"manifests\":[]}"));
  }

  /** types.go IsImage and IsConfig: an OCI or Docker image manifest with an OCI or Docker image config. */
  @Test
  void anImageManifestWithAnImageConfigIsAnImage() {
    for (String type : BaseManifest.IMAGE) {
      for (String config : BaseManifest.CONFIG) {
        BaseManifest.requireImage(REF, fetched(type, manifest(type, config)));
      }
    }
  }

  /** A Helm chart is an OCI image manifest whose config is Helm's (helm/helm pkg/registry/constants.go ConfigMediaType). */
  @Test
  void aHelmChartIsRefusedAsOne() {
    String type = "application/vnd.oci.image.manifest.v1+json";

    assertEquals("base image h/x:1 is not a container image (it is a Helm chart: its config is"
        + " application/vnd.cncf.helm.config.v1+json): pass --base-image an image or image index, e.g. "
        + BaseImage.ACK_DEFAULT_REF + ", or scratch", refusal(fetched(type, manifest(type, HelmOciArtifact.CONFIG_MEDIA_TYPE))));
  }

  /** types.go IsConfig: any other config (an artifact's, the empty descriptor's) is no image. */
  @Test
  void anArtifactWithAnotherConfigIsRefused() {
    String type = "application/vnd.oci.image.manifest.v1+json";

    assertTrue(refusal(fetched(type, manifest(type, "application/vnd.oci.empty.v1+json")))
        .contains("(its config's media type is 'application/vnd.oci.empty.v1+json')"));
  }

  /** Neither IsIndex nor IsImage: schema 1, an unknown type, or none at all. */
  @Test
  void aManifestOfAnotherMediaTypeIsRefused() {
    for (String type : new String[] {"application/vnd.docker.distribution.manifest.v1+prettyjws", "application/json"}) {
      assertTrue(refusal(fetched(type, "{}")).contains("(its manifest's media type is '" + type + "')"), type);
    }
    assertTrue(refusal(fetched("", "{\"schemaVersion\":2}")).contains("(its manifest's media type is '')"));
  }

  /** A registry that sends no Content-Type: the document's own mediaType decides. */
  @Test
  void withoutContentTypeTheDocumentsMediaTypeDecides() {
    String type = "application/vnd.oci.image.manifest.v1+json";
    BaseManifest.requireImage(REF, fetched("", manifest(type, "application/vnd.oci.image.config.v1+json")));

    assertTrue(refusal(fetched("", manifest(type, HelmOciArtifact.CONFIG_MEDIA_TYPE))).contains("Helm chart"));
  }
}
