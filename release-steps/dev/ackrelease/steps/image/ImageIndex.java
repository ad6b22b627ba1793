package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import land.oras.Index;
import land.oras.ManifestDescriptor;
import land.oras.utils.JsonUtils;

/**
 * The OCI image index, serialised by the ORAS SDK. ORAS pushes an index by serialising its
 * {@link Index} object again (it has no raw-bytes push for indexes), so the bytes hashed here are
 * exactly what {@link land.oras.Registry#pushIndex} sends: the index is built, serialised,
 * parsed and serialised again until the text is stable, and {@link #forPush} checks that again
 * before a push. The only annotation is {@code org.opencontainers.image.created} (the commit
 * time): ORAS would otherwise add the current time, and a single key has no ordering to vary.
 */
final class ImageIndex {

  static final String CREATED = "org.opencontainers.image.created";

  private ImageIndex() {}

  static byte[] json(List<PlatformImage> platforms, Instant created) {
    List<ManifestDescriptor> manifests = platforms.stream()
        .map(p -> ManifestDescriptor.of(p.manifest().mediaType(), p.manifest().digest(), p.manifest().size())
            .withPlatform(land.oras.Platform.of(p.platform().os(), p.platform().architecture())))
        .toList();
    Index index = Index.fromManifests(manifests).withAnnotations(Map.of(CREATED, created.toString()));
    byte[] bytes = bytes(JsonUtils.toJson(index));
    forPush(bytes);
    return bytes;
  }

  /** The ORAS object whose serialisation is exactly {@code json}, or an internal error. */
  static Index forPush(byte[] json) {
    Index index = Index.fromJson(new String(json, StandardCharsets.UTF_8));
    byte[] again = bytes(JsonUtils.toJson(index));
    if (!Arrays.equals(json, again)) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "the ORAS SDK does not serialise the image index stably,"
          + " so its digest cannot be known before the push: report this as an ack-release bug");
    }
    return index;
  }

  /** ORAS sends {@code String.getBytes()} in the default charset: the JSON must be ASCII for that to be these bytes. */
  private static byte[] bytes(String json) {
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(json)) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "the image index is not ASCII: report this as an ack-release bug");
    }
    return json.getBytes(StandardCharsets.US_ASCII);
  }
}
