package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.chart.HelmOciArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.util.Set;

/**
 * Whether what {@code --base-image} names is an image Jib can build on, read from the manifest
 * its one look-up returned: an image index or an image manifest whose config is an image config,
 * by the media types go-containerregistry pkg/v1/types/types.go {@code IsIndex}, {@code IsImage}
 * and {@code IsConfig} accept. Anything else an OCI registry holds (a Helm chart, whose config is
 * {@code application/vnd.cncf.helm.config.v1+json}, a signature, an unknown artifact) is refused
 * as input (exit 2) before anything is built or pushed: Jib would fail on it only after the
 * controller's layers were pushed, with a message about platforms.
 */
final class BaseManifest {

  static final Set<String> IMAGE = Set.of(OciLayout.MANIFEST_MEDIA_TYPE, "application/vnd.docker.distribution.manifest.v2+json");
  static final Set<String> CONFIG = Set.of("application/vnd.oci.image.config.v1+json",
      "application/vnd.docker.container.image.v1+json");

  private BaseManifest() {}

  /** Refuses (INVALID_INPUT) a manifest of {@code named} that is no image index or image manifest. */
  static void requireImage(String named, RegistrySession.Fetched manifest) {
    // The registry's Content-Type; a registry that sends none leaves the document's own mediaType.
    String mediaType = manifest.mediaType().isEmpty() ? manifest.json().path("mediaType").asText("") : manifest.mediaType();
    if (ImageInspector.INDEX_TYPES.contains(mediaType)) {
      return;
    }
    if (!IMAGE.contains(mediaType)) {
      throw notAnImage(named, "its manifest's media type is '" + Echo.value(mediaType) + "'");
    }
    String config = manifest.json().path("config").path("mediaType").asText("");
    if (config.equals(HelmOciArtifact.CONFIG_MEDIA_TYPE)) {
      throw notAnImage(named, "it is a Helm chart: its config is " + HelmOciArtifact.CONFIG_MEDIA_TYPE);
    }
    if (!CONFIG.contains(config)) {
      throw notAnImage(named, "its config's media type is '" + Echo.value(config) + "'");
    }
  }

  private static ReleaseException notAnImage(String named, String why) {
    return ReleaseException.invalidInput("base image " + named + " is not a container image (" + why + "): pass --base-image"
        + " an image or image index, e.g. " + BaseImage.ACK_DEFAULT_REF + ", or scratch");
  }
}
