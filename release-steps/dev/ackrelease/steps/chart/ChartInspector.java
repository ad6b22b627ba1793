package dev.ackrelease.steps.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.CredentialState;
import dev.ackrelease.steps.registry.References;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    return inspect(new RegistrySession(access, log, retry), chartName, tag);
  }

  /** Pulls the chart through the run's session: its manifest (once per run) and its content layer. */
  public Inspection inspect(RegistrySession session, String chartName, String tag) {
    String refText = session.access().registry().ref(chartName, tag);
    RegistrySession.Fetched manifest = session.manifest(chartName, tag)
        .orElseThrow(() -> ReleaseException.verification("chart " + refText + " is not in the registry: run ack-release publish"));
    JsonNode m = manifest.json();
    String mediaType = manifest.mediaType().isEmpty() ? m.path("mediaType").asText("") : manifest.mediaType();
    if (!HelmOciArtifact.MANIFEST_MEDIA_TYPE.equals(mediaType)) {
      throw notAChart(refText, "its manifest is " + mediaType);
    }
    if (!HelmOciArtifact.CONFIG_MEDIA_TYPE.equals(m.path("config").path("mediaType").asText())) {
      throw notAChart(refText, "its config is not " + HelmOciArtifact.CONFIG_MEDIA_TYPE);
    }
    String layer = null;
    for (JsonNode l : m.path("layers")) {
      if (HelmOciArtifact.CONTENT_MEDIA_TYPE.equals(l.path("mediaType").asText())) {
        layer = References.requireDigest(l.path("digest").asText(), "chart " + refText);
        break;
      }
    }
    if (layer == null) {
      throw notAChart(refText, "it has no " + HelmOciArtifact.CONTENT_MEDIA_TYPE + " layer");
    }
    // The session checks the bytes against the digest the manifest names.
    byte[] tgz = session.blob(chartName, layer);
    ChartArchive archive = ChartArchive.read(tgz, refText);
    ChartMetadata meta;
    ChartImage image;
    try {
      meta = archive.metadata(refText);
      image = archive.image(refText);
    } catch (ReleaseException e) {
      // A Chart.yaml or values.yaml that does not read is what the registry holds, not the user's input.
      if (e.kind() != ReleaseException.Kind.INVALID_INPUT) {
        throw e;
      }
      throw notAChart(refText, e.getMessage());
    }
    log.detail("pulled chart " + refText + " (" + manifest.digest() + ")");
    return new Inspection(refText, manifest.digest(), layer, meta.name(), meta.version(), meta.appVersion(), image);
  }

  /**
   * Pulls the chart and checks it against {@code expected}; one VERIFICATION failure listing
   * every difference, else the inspection.
   */
  public Inspection verify(RegistryAccess access, Expectation expected) {
    return verify(new RegistrySession(access, log, retry), expected);
  }

  /** {@link #verify(RegistryAccess, Expectation)} through the run's session. */
  public Inspection verify(RegistrySession session, Expectation expected) {
    RegistryAccess access = session.access();
    Inspection found = inspect(session, expected.chartName(), expected.tag());
    List<String> problems = new ArrayList<>();
    if (!expected.version().equals(found.version())) {
      problems.add("version is " + found.version() + ", expected " + expected.version());
    }
    if (!expected.appVersion().equals(found.appVersion())) {
      problems.add("appVersion is " + found.appVersion() + ", expected " + expected.appVersion());
    }
    if (!expected.image().equals(found.image())) {
      problems.add("values image is " + found.image() + ", expected " + expected.image());
    }
    // verify stays on the registry it was given: an image elsewhere is a finding, never a connection.
    String imageHost = found.image().registryHost();
    if (!imageHost.equals(access.registry().host())) {
      problems.add("values image " + found.image() + " is outside the registry " + access.registry() + " (" + imageHost
          + " was not contacted)");
    } else {
      try {
        Optional<String> imageDigest = resolveImage(session, found.image());
        if (imageDigest.isEmpty()) {
          problems.add("image " + found.image() + " does not exist");
        } else if (expected.imageDigest().isPresent() && !expected.imageDigest().get().equals(imageDigest.get())) {
          problems.add("image " + found.image() + " resolves to " + imageDigest.get() + ", not the pushed "
              + expected.imageDigest().get());
        }
      } catch (ReleaseException e) {
        // The chart in the registry names an image that is no reference (a bad port or path).
        if (e.kind() != ReleaseException.Kind.INVALID_INPUT) {
          throw e;
        }
        problems.add("values image " + found.image() + " is not an image reference");
      }
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
    requireReference(image, image.repository().substring(image.repository().indexOf('/') + 1));
    Registry imageRegistry = Registry.parse(image.repository());
    boolean sameHost = imageRegistry.host().equals(access.registry().host());
    RegistryAccess imageAccess = sameHost
        ? new RegistryAccess(imageRegistry, access.auth(), access.insecure(), access.caFile(), access.roots())
        : new RegistryAccess(imageRegistry, CredentialState.fixed(Optional.empty()), false, access.caFile(), access.roots());
    String path = image.repository().substring(image.repository().indexOf('/') + 1);
    return new RegistrySession(imageAccess, log, retry).manifestAt(path, image.tag()).map(RegistrySession.Fetched::digest);
  }

  /** As {@link #resolveImage(RegistryAccess, ChartImage)}, from the session when the image is in its registry. */
  public Optional<String> resolveImage(RegistrySession session, ChartImage image) {
    String prefix = session.access().registry().host() + "/";
    if (image.repository().startsWith(prefix)) {
      requireReference(image, image.repository().substring(prefix.length()));
      return session.manifestAt(image.repository().substring(prefix.length()), image.tag()).map(RegistrySession.Fetched::digest);
    }
    return resolveImage(session.access(), image);
  }

  /** Refuses (input) an image whose repository path or tag is outside the distribution spec's grammar: nothing asks for it. */
  private static void requireReference(ChartImage image, String path) {
    if (!References.NAME.matcher(path).matches() || !References.TAG.matcher(image.tag()).matches()) {
      throw ReleaseException.invalidInput(Echo.value(image.ref()) + " is not an image reference (the distribution spec's"
          + " repository and tag grammar)");
    }
  }

  public boolean imageExists(RegistryAccess access, ChartImage image) {
    return resolveImage(access, image).isPresent();
  }

  /** The image's digest; VERIFICATION (exit 5) when the chart would deploy an image that is not there. */
  public String requireImage(RegistryAccess access, ChartImage image, String chart) {
    try {
      requireReference(image, image.repository().substring(image.repository().indexOf('/') + 1));
    } catch (ReleaseException e) {
      throw ReleaseException.verification("chart " + chart + " deploys " + e.getMessage() + ": fix image.repository and"
          + " image.tag in helm/values.yaml and release again");
    }
    return resolveImage(access, image).orElseThrow(() -> ReleaseException.verification("chart " + chart + " deploys image "
        + image.ref() + ", which is not in the registry: publish the release " + image.tag() + " first"));
  }

  private static ReleaseException notAChart(String ref, String why) {
    return ReleaseException.verification(ref + " is not a Helm chart (" + why + "): republish it with ack-release publish");
  }
}
