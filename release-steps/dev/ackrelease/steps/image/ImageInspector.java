package dev.ackrelease.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Index;
import land.oras.ManifestDescriptor;

/**
 * Reads a published controller image back for {@code verify}: the index at the tag, each
 * platform's manifest and config (labels, user, entrypoint). {@link #problems} lists what does
 * not match the release; {@link #verify} turns them into a VERIFICATION failure.
 */
public final class ImageInspector {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> INDEX_TYPES = List.of(OciLayout.INDEX_MEDIA_TYPE,
      "application/vnd.docker.distribution.manifest.list.v2+json");

  /** What the registry holds at a tag. {@code platforms} is empty when it is not an index. */
  public record InspectedImage(String ref, String digest, String mediaType, List<InspectedPlatform> platforms) {
    public InspectedImage {
      platforms = List.copyOf(platforms);
    }
  }

  /** One manifest of the index, as its descriptor and its config say. {@code variant} may be null. */
  public record InspectedPlatform(String os, String architecture, String variant, String manifestDigest,
      Map<String, String> labels, String user, List<String> entrypoint) {

    public String platform() {
      return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
  }

  private final Log log;
  private final Retry.Policy retry;

  public ImageInspector(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  /** The image at {@code <registry>/<name>:<tag>}, or empty when the tag does not exist. */
  public Optional<InspectedImage> inspect(RegistryAccess access, String name, String tag) {
    Registry registry = access.registry();
    String ref = registry.ref(name, tag);
    String repository = registry.repositoryRef(name);
    RegistryCalls calls = new RegistryCalls(log, retry, access);
    land.oras.Registry client = OciRegistries.client(access);
    ContainerRef tagRef = OciRegistries.ref(registry, name, tag);

    Optional<Descriptor> top = calls.call("lookup of " + ref, () -> OciRegistries.resolve(client, tagRef));
    if (top.isEmpty()) {
      return Optional.empty();
    }
    String mediaType = top.get().getMediaType();
    List<InspectedPlatform> platforms = new ArrayList<>();
    if (INDEX_TYPES.contains(mediaType)) {
      Index index = calls.call("read of the index " + ref, () -> client.getIndex(tagRef));
      for (ManifestDescriptor m : index.getManifests()) {
        platforms.add(platform(calls, client, repository, m));
      }
    }
    return Optional.of(new InspectedImage(ref, top.get().getDigest(), mediaType, platforms));
  }

  /** Fails (VERIFICATION) unless the tag holds an index with every platform, each labelled with the version. */
  public InspectedImage verify(RegistryAccess access, String name, String tag, List<Platform> expected, String version) {
    InspectedImage image = inspect(access, name, tag).orElseThrow(() -> ReleaseException.verification(
        access.registry().ref(name, tag) + " does not exist: publish the release first (ack-release publish)"));
    List<String> problems = problems(image, expected, version);
    if (!problems.isEmpty()) {
      throw ReleaseException.verification(image.ref() + " (" + image.digest() + ") does not match the release: "
          + String.join("; ", problems) + ": publish a new version built by ack-release");
    }
    return image;
  }

  /** What is wrong with {@code image} for a release of {@code version} on {@code expected}; empty when nothing. */
  public static List<String> problems(InspectedImage image, List<Platform> expected, String version) {
    List<String> problems = new ArrayList<>();
    if (!INDEX_TYPES.contains(image.mediaType())) {
      problems.add("it is a " + image.mediaType() + ", not an image index");
      return problems;
    }
    for (Platform p : expected) {
      List<InspectedPlatform> matches = image.platforms().stream()
          .filter(i -> i.os().equals(p.os()) && i.architecture().equals(p.architecture())).toList();
      if (matches.isEmpty()) {
        problems.add("no " + p + " image");
      }
      for (InspectedPlatform m : matches) {
        if (m.variant() != null && !m.variant().isEmpty()) {
          problems.add(m.platform() + " has a variant; ACK's index names " + p + " without one");
        }
        String have = m.labels().get(ImageBuilder.LABEL_VERSION);
        if (!version.equals(have)) {
          problems.add(m.platform() + " config label " + ImageBuilder.LABEL_VERSION + " is "
              + (have == null ? "missing" : have) + ", not " + version);
        }
      }
    }
    return problems;
  }

  private InspectedPlatform platform(RegistryCalls calls, land.oras.Registry client, String repository, ManifestDescriptor m) {
    land.oras.Platform p = m.getPlatformOrNull();
    String digest = m.getDigest();
    var manifest = calls.call("read of manifest " + digest, () -> client.getManifest(ContainerRef.parse(repository + "@" + digest)));
    String configDigest = manifest.getConfig().getDigest();
    byte[] configBytes = calls.call("read of config " + configDigest,
        () -> client.getBlob(ContainerRef.parse(repository + "@" + configDigest)));
    JsonNode config;
    try {
      config = JSON.readTree(configBytes).path("config");
    } catch (IOException e) {
      throw ReleaseException.verification("the config " + configDigest + " in " + repository + " is not JSON: the image is damaged; publish a new version");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    config.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    return new InspectedPlatform(p == null ? "unknown" : p.os(), p == null ? "unknown" : p.architecture(),
        p == null ? null : p.variant(), digest, labels, config.path("User").asText(null), entrypoint);
  }
}
