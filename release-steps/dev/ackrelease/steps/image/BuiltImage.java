package dev.ackrelease.steps.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-platform controller image built locally: an OCI image layout directory ({@code
 * oci-layout}, {@code index.json}, {@code blobs/sha256/...}) holding the image index and every
 * platform's manifest, config and layers. The index digest is what the registry tag will point
 * at; it is known before anything is pushed. {@code skopeo inspect oci:<layout>:<version>}
 * reads it.
 */
public record BuiltImage(Path layout, ContentDescriptor index, List<PlatformImage> platforms, BuildInfo info) {

  public BuiltImage {
    platforms = List.copyOf(platforms);
  }

  /** The index digest, {@code sha256:...}. */
  public String digest() {
    return index.digest();
  }

  /** Where a blob (layer, config, manifest or the index) is stored. */
  public Path blobPath(String digest) {
    return OciLayout.blobPath(layout, digest);
  }

  /** The exact bytes of a stored manifest, config or index. */
  public byte[] read(ContentDescriptor descriptor) {
    try {
      return Files.readAllBytes(blobPath(descriptor.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every layer and config blob of every platform, each once (platforms may share layers). */
  public List<ContentDescriptor> blobs() {
    Map<String, ContentDescriptor> blobs = new LinkedHashMap<>();
    for (PlatformImage p : platforms) {
      p.layers().forEach(l -> blobs.putIfAbsent(l.digest(), l));
      blobs.putIfAbsent(p.config().digest(), p.config());
    }
    return new ArrayList<>(blobs.values());
  }

  /** The size of every blob, manifest and the index: what a push to an empty registry sends. */
  public long totalSize() {
    return blobs().stream().mapToLong(ContentDescriptor::size).sum()
        + platforms.stream().mapToLong(p -> p.manifest().size()).sum() + index.size();
  }
}
