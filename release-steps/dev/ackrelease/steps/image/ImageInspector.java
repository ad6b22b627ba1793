package dev.ackrelease.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Articles;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.References;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a published controller image back for {@code verify}: the index at the tag, each
 * platform's manifest and config (labels, user, entrypoint). {@link #problems} lists what does
 * not match the release; {@link #verify} turns them into a VERIFICATION failure.
 */
public final class ImageInspector {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> INDEX_TYPES = List.of(OciLayout.INDEX_MEDIA_TYPE,
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
    return inspect(new RegistrySession(access, log, retry), name, tag);
  }

  /**
   * The image at the tag, read through the run's session: the index (one request, or none when
   * the run already read it), then each platform's manifest and config, once each.
   */
  public Optional<InspectedImage> inspect(RegistrySession session, String name, String tag) {
    String ref = session.access().registry().ref(name, tag);
    Optional<RegistrySession.Fetched> top = session.manifest(name, tag);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    String mediaType = top.get().mediaType().isEmpty()
        ? top.get().json().path("mediaType").asText("") : top.get().mediaType();
    List<InspectedPlatform> platforms = new ArrayList<>();
    if (INDEX_TYPES.contains(mediaType)) {
      for (JsonNode m : top.get().json().path("manifests")) {
        platforms.add(platform(session, name, m));
      }
    }
    return Optional.of(new InspectedImage(ref, top.get().digest(), mediaType, platforms));
  }

  /** Verifies through a session made for {@code access}. */
  public InspectedImage verify(RegistryAccess access, String name, String tag, List<Platform> expected, String version) {
    return verify(new RegistrySession(access, log, retry), name, tag, expected, version);
  }

  /** Fails (VERIFICATION) unless the tag holds an index with every platform, each labelled with the version. */
  public InspectedImage verify(RegistrySession session, String name, String tag, List<Platform> expected, String version) {
    InspectedImage image = inspect(session, name, tag).orElseThrow(() -> ReleaseException.verification(
        session.access().registry().ref(name, tag) + " does not exist: publish the release first (ack-release publish)"));
    List<String> problems = problems(image, expected, version);
    if (!problems.isEmpty()) {
      throw ReleaseException.verification(image.ref() + " (" + image.digest() + ") does not match the release: "
          + String.join("; ", problems) + ": " + fixFor(image, expected, problems));
    }
    return image;
  }

  /**
   * An image that is right but for fewer platforms than asked (published with {@code --platforms})
   * is verified with those; anything else takes a new version.
   */
  static String fixFor(InspectedImage image, List<Platform> expected, List<String> problems) {
    List<String> present = image.platforms().stream().map(InspectedPlatform::platform).distinct().toList();
    long missing = expected.stream().filter(p -> image.platforms().stream()
        .noneMatch(i -> i.os().equals(p.os()) && i.architecture().equals(p.architecture()))).count();
    // Only "no <platform> image" problems, and what is there is what --platforms can name.
    if (!present.isEmpty() && missing == problems.size() && image.platforms().stream().allMatch(i -> i.variant() == null
        || i.variant().isEmpty())) {
      return "if it was published for " + String.join(" and ", present) + " only, verify those: --platforms "
          + String.join(",", present);
    }
    return "publish a new version built by ack-release";
  }

  /** What is wrong with {@code image} for a release of {@code version} on {@code expected}; empty when nothing. */
  public static List<String> problems(InspectedImage image, List<Platform> expected, String version) {
    List<String> problems = new ArrayList<>();
    if (!INDEX_TYPES.contains(image.mediaType())) {
      // No Content-Type and no mediaType field: say so, never "it is a , not ...".
      problems.add((image.mediaType().isBlank() ? "it has no media type (no Content-Type, no mediaType in the manifest)"
          : "it is " + Articles.a(image.mediaType())) + ", not an image index");
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
        String have = m.labels().get(ImageLabels.VERSION);
        if (!version.equals(have)) {
          problems.add(m.platform() + " config label " + ImageLabels.VERSION + " is "
              + (have == null ? "missing" : have) + ", not " + version);
        }
      }
    }
    return problems;
  }

  private InspectedPlatform platform(RegistrySession session, String name, JsonNode descriptor) {
    JsonNode p = descriptor.path("platform");
    String index = "the index of " + session.access().registry().repositoryRef(name);
    String digest = References.requireDigest(descriptor.path("digest").asText(), index);
    RegistrySession.Fetched manifest = session.manifest(name, digest).orElseThrow(() -> ReleaseException.verification(
        "the index of " + session.access().registry().repositoryRef(name) + " names manifest " + digest
            + ", which the registry does not have: the image is damaged; publish a new version"));
    String configDigest = References.requireDigest(manifest.json().path("config").path("digest").asText(),
        "the manifest " + digest + " of " + session.access().registry().repositoryRef(name));
    byte[] configBytes = session.blob(name, configDigest);
    JsonNode config;
    try {
      config = JSON.readTree(configBytes).path("config");
    } catch (IOException e) {
      throw ReleaseException.verification("the config " + configDigest + " in " + session.access().registry().repositoryRef(name)
          + " is not JSON: the image is damaged; publish a new version");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    config.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    String variant = p.path("variant").isTextual() ? p.path("variant").asText() : null;
    return new InspectedPlatform(p.path("os").asText("unknown"), p.path("architecture").asText("unknown"), variant, digest,
        labels, config.path("User").asText(null), entrypoint);
  }
}
