package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCall;
import java.util.Optional;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Layer;
import land.oras.Manifest;

/**
 * Read-only checks of published charts (for {@code verify} and stable mode): pull a chart by tag
 * and read its Chart.yaml and values image, and look up whether an image tag exists.
 */
public final class ChartInspector {

  /** A chart in the registry: where, its digests, its Chart.yaml version/appVersion and its values image. */
  public record Inspection(String ref, String manifestDigest, String contentDigest, String name, String version,
      String appVersion, ChartImage image) {}

  /**
   * What verify expects of a published chart: its Chart.yaml version and appVersion, the image
   * its values deploy, and optionally the digest that image must resolve to (the pushed index).
   */
  public record Expectation(String chartName, String tag, String version, String appVersion, ChartImage image,
      Optional<String> imageDigest) {

    /** A release: chart {@code <svc>-chart:<version>} with version and appVersion {@code version}, image {@code <repository>:<version>}. */
    public static Expectation release(String chartName, String version, String imageRepository, Optional<String> imageDigest) {
      return new Expectation(chartName, version, version, version, new ChartImage(imageRepository, version), imageDigest);
    }

    /** The stable chart: tag and version {@code stableVersion} ({@code v1-stable}), appVersion and image tag the release. */
    public static Expectation stable(String chartName, String stableVersion, String releaseVersion, String imageRepository,
        Optional<String> imageDigest) {
      return new Expectation(chartName, stableVersion, stableVersion, releaseVersion, new ChartImage(imageRepository, releaseVersion),
          imageDigest);
    }
  }

  private final Log log;
  private final Retry.Policy retry;

  public ChartInspector(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  /** Pulls {@code <registry>/<chartName>:<tag>}; VERIFICATION when it is absent or not a Helm chart. */
  public Inspection inspect(RegistryAccess access, String chartName, String tag) {
    String refText = access.registry().ref(chartName, tag);
    ContainerRef ref = OciRegistries.ref(access.registry(), chartName, tag);
    land.oras.Registry client = OciRegistries.client(access);
    Descriptor descriptor = RegistryCall.run(retry, log, access, "look-up of " + refText, () -> OciRegistries.resolve(client, ref))
        .orElseThrow(() -> ReleaseException.verification("chart " + refText + " is not in the registry: run ack-release publish"));
    if (!HelmOciArtifact.MANIFEST_MEDIA_TYPE.equals(descriptor.getMediaType())) {
      throw notAChart(refText, "its manifest is " + descriptor.getMediaType());
    }
    String manifestDigest = descriptor.getDigest();
    Manifest manifest = RegistryCall.run(retry, log, access, "reading the manifest of " + refText,
        () -> client.getManifest(ref.withDigest(manifestDigest)));
    if (manifest.getConfig() == null || !HelmOciArtifact.CONFIG_MEDIA_TYPE.equals(manifest.getConfig().getMediaType())) {
      throw notAChart(refText, "its config is not " + HelmOciArtifact.CONFIG_MEDIA_TYPE);
    }
    Layer layer = manifest.getLayers().stream().filter(l -> HelmOciArtifact.CONTENT_MEDIA_TYPE.equals(l.getMediaType()))
        .findFirst().orElseThrow(() -> notAChart(refText, "it has no " + HelmOciArtifact.CONTENT_MEDIA_TYPE + " layer"));
    byte[] tgz = RegistryCall.run(retry, log, access, "download of the chart of " + refText,
        () -> {
          // fetchBlob streams bytes; getBlob goes through a String and breaks binary blobs.
          try (java.io.InputStream in = client.fetchBlob(ref.withDigest(layer.getDigest()))) {
            return in.readAllBytes();
          }
        });
    String actual = ChartPackager.sha256(tgz);
    if (!actual.equals(layer.getDigest())) {
      throw ReleaseException.verification("the chart layer of " + refText + " has digest " + actual + ", not "
          + layer.getDigest() + " as its manifest says: republish the chart");
    }
    ChartArchive archive = ChartArchive.read(tgz, refText);
    ChartMetadata meta = archive.metadata(refText);
    log.info("pulled chart " + refText + " (" + manifestDigest + ")");
    return new Inspection(refText, manifestDigest, layer.getDigest(), meta.name(), meta.version(), meta.appVersion(),
        archive.image(refText));
  }

  /**
   * Pulls the chart and checks it against {@code expected}; one VERIFICATION failure listing
   * every difference, else the inspection.
   */
  public Inspection verify(RegistryAccess access, Expectation expected) {
    Inspection found = inspect(access, expected.chartName(), expected.tag());
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (!expected.version().equals(found.version())) {
      problems.add("version is " + found.version() + ", expected " + expected.version());
    }
    if (!expected.appVersion().equals(found.appVersion())) {
      problems.add("appVersion is " + found.appVersion() + ", expected " + expected.appVersion());
    }
    if (!expected.image().equals(found.image())) {
      problems.add("values image is " + found.image() + ", expected " + expected.image());
    }
    Optional<String> imageDigest = resolveImage(access, found.image());
    if (imageDigest.isEmpty()) {
      problems.add("image " + found.image() + " does not exist");
    } else if (expected.imageDigest().isPresent() && !expected.imageDigest().get().equals(imageDigest.get())) {
      problems.add("image " + found.image() + " resolves to " + imageDigest.get() + ", not the pushed " + expected.imageDigest().get());
    }
    if (!problems.isEmpty()) {
      throw ReleaseException.verification("chart " + found.ref() + " does not match the release: " + String.join("; ", problems)
          + ": fix the release artifacts and publish a new release");
    }
    return found;
  }

  /**
   * The digest {@code image} resolves to, or empty when its tag does not exist. Credentials and
   * insecure/CA settings of {@code access} are used only when the image is on the same host.
   */
  public Optional<String> resolveImage(RegistryAccess access, ChartImage image) {
    Registry imageRegistry = Registry.parse(image.repository());
    boolean sameHost = imageRegistry.host().equals(access.registry().host());
    RegistryAccess imageAccess = sameHost
        ? new RegistryAccess(imageRegistry, access.auth(), access.insecure(), access.caFile())
        : new RegistryAccess(imageRegistry, Optional.empty(), false, access.caFile());
    ContainerRef ref = ContainerRef.parse(image.ref());
    land.oras.Registry client = OciRegistries.client(imageAccess);
    return RegistryCall.run(retry, log, imageAccess, "look-up of image " + image.ref(), () -> OciRegistries.resolve(client, ref))
        .map(Descriptor::getDigest);
  }

  public boolean imageExists(RegistryAccess access, ChartImage image) {
    return resolveImage(access, image).isPresent();
  }

  /** The image's digest; VERIFICATION (exit 5) when the chart would deploy an image that is not there. */
  public String requireImage(RegistryAccess access, ChartImage image, String chart) {
    return resolveImage(access, image).orElseThrow(() -> ReleaseException.verification("chart " + chart + " deploys image "
        + image.ref() + ", which is not in the registry: publish the release " + image.tag() + " first"));
  }

  private static ReleaseException notAChart(String ref, String why) {
    return ReleaseException.verification(ref + " is not a Helm chart (" + why + "): republish it with ack-release publish");
  }
}
