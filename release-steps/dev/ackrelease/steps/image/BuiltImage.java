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

  /**
   * Refuses an {@code --oci-layout} target that holds something other than an image layout
   * (exit 2), before anything is built.
   */
  public static void requireExportTarget(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(d) || (Files.exists(d) && !Files.isDirectory(d))) {
      throw dev.ackrelease.steps.ReleaseException.invalidInput("--oci-layout " + dir + " is not a directory: pass a new or empty directory");
    }
    if (Files.isDirectory(d) && !Files.isRegularFile(d.resolve("oci-layout"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var entries = Files.list(d)) {
        if (entries.findAny().isPresent()) {
          throw dev.ackrelease.steps.ReleaseException.invalidInput("--oci-layout " + dir
              + " is not empty and not an OCI image layout: pass a new or empty directory");
        }
      } catch (IOException e) {
        throw dev.ackrelease.steps.io.RunDirectory.localFailure(e, d);
      }
    }
  }

  /**
   * Writes this image as an OCI image layout at {@code dir} (replacing a layout there): the
   * blobs are hard links to the built ones where the file system allows, the directory appears
   * whole (built beside it, then moved into place). {@code skopeo copy oci:DIR:<version>} reads it.
   */
  public Path exportTo(Path dir) {
    requireExportTarget(dir);
    Path target = dir.toAbsolutePath().normalize();
    Path staging = target.resolveSibling("." + target.getFileName() + ".partial-" + java.util.UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
      try (var files = Files.walk(layout)) {
        for (Path from : files.toList()) {
          Path to = staging.resolve(layout.relativize(from).toString());
          if (Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(to);
          } else if (Files.isRegularFile(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
              Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
              Files.copy(from, to);
            }
          }
        }
      }
      if (Files.exists(target)) {
        dev.ackrelease.steps.io.Directories.recreate(target);
        Files.delete(target);
      }
      Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      dev.ackrelease.steps.io.Directories.deleteQuietly(staging);
      throw dev.ackrelease.steps.io.RunDirectory.localFailure(e, target.getParent());
    }
  }

  /** The size of every blob, manifest and the index: what a push to an empty registry sends. */
  public long totalSize() {
    return blobs().stream().mapToLong(ContentDescriptor::size).sum()
        + platforms.stream().mapToLong(p -> p.manifest().size()).sum() + index.size();
  }
}
