package dev.ackrelease.steps.image;

import dev.ackrelease.steps.io.Directories;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A multi-platform controller image built locally: an OCI image layout directory ({@code
 * oci-layout}, {@code index.json}, {@code blobs/sha256/...}) holding the image index and every
 * platform's manifest, config and layers. The index digest is what the registry tag will point
 * at; it is known before anything is pushed. {@code skopeo inspect oci:<layout>:<version>}
 * reads it. {@code ahead} holds the layers the build sent to the registry as they were compressed
 * ({@link PushAhead}), which the push waits for.
 */
public record BuiltImage(Path layout, ContentDescriptor index, List<PlatformImage> platforms, BuildInfo info,
    Optional<PushAhead> ahead) {

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

  /** What an image layout holds (OCI image-layout.md): a directory holding only these is one ack-release may replace. */
  private static final Set<String> LAYOUT_ENTRIES = Set.of("oci-layout", "index.json", "blobs");

  /**
   * Refuses (exit 2), before anything is built, an {@code --oci-layout} target that {@link
   * OutputFile}'s rule does not allow to be written as a directory (a symlink, a file, a device,
   * in a missing directory, holding files git tracks), or an existing directory that is neither
   * empty nor an image layout: the export replaces it whole.
   */
  public static void requireExportTarget(Path dir) {
    OutputFile target = target(dir);
    Path d = target.checkDirectory();
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var entries = Files.list(d)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      boolean layout = Files.isRegularFile(d.resolve("oci-layout"), LinkOption.NOFOLLOW_LINKS) && LAYOUT_ENTRIES.containsAll(names);
      if (!names.isEmpty() && !layout) {
        throw target.refuse("it is not empty and not an OCI image layout (only " + String.join(", ", new TreeSet<>(LAYOUT_ENTRIES))
            + "), and the export replaces it whole");
      }
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, d);
    }
  }

  private static OutputFile target(Path dir) {
    return OutputFile.named("--oci-layout", dir, "pass --oci-layout a new directory, an empty one, or an image layout an earlier run wrote");
  }

  /**
   * Writes this image as an OCI image layout at {@code dir} (replacing a layout there): the
   * blobs are hard links to the built ones where the file system allows, the directory appears
   * whole (built beside it, then renamed into place; a layout there is renamed aside first and
   * deleted after). {@code skopeo copy oci:DIR:<version>} reads it.
   */
  public Path exportTo(Path dir) {
    requireExportTarget(dir);
    Path target = target(dir).path();
    String id = UUID.randomUUID().toString();
    Path staging = target.resolveSibling("." + target.getFileName() + ".partial-" + id);
    Path old = target.resolveSibling("." + target.getFileName() + ".old-" + id);
    try {
      try (var files = Files.walk(layout)) {
        for (Path from : files.toList()) {
          Path to = staging.resolve(layout.relativize(from).toString());
          if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(to);
          } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            try {
              Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
              Files.copy(from, to);
            }
          }
        }
      }
      boolean replacing = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (replacing) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      if (replacing) {
        Directories.deleteQuietly(old);
      }
      return target;
    } catch (IOException e) {
      Directories.deleteQuietly(staging);
      restore(old, target);
      throw RunDirectory.localFailure(e, target.getParent());
    }
  }

  /** Puts a layout renamed aside back when its replacement did not arrive. */
  private static void restore(Path old, Path target) {
    if (Files.exists(old, LinkOption.NOFOLLOW_LINKS) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // the old layout stays beside it, named in no error: the export failed either way
      }
    }
  }

  /** The size of every blob, manifest and the index: what a push to an empty registry sends. */
  public long totalSize() {
    return blobs().stream().mapToLong(ContentDescriptor::size).sum()
        + platforms.stream().mapToLong(p -> p.manifest().size()).sum() + index.size();
  }
}
