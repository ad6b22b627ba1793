package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Directories;
import dev.ackrelease.steps.io.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** An OCI image layout directory: content-addressed blobs under {@code blobs/sha256/}. */
final class OciLayout {

  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BLOBS = "blobs/sha256/";

  private OciLayout() {}

  static Path blobPath(Path layout, String digest) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return layout.resolve(BLOBS + digest.substring("sha256:".length()));
  }

  static String sha256(byte[] bytes) {
    return Digests.sha256(bytes);
  }

  /** Stores {@code bytes} as a blob and returns its descriptor. */
  static ContentDescriptor writeBlob(Path layout, String mediaType, byte[] bytes) throws IOException {
    String digest = sha256(bytes);
    Path path = blobPath(layout, digest);
    AtomicFiles.write(path, bytes);
    return new ContentDescriptor(mediaType, digest, bytes.length);
  }

  /**
   * Brings the blobs of an OCI-layout tarball (as Jib writes it for {@link
   * com.google.cloud.tools.jib.api.buildplan.ImageFormat#OCI}) into the layout and returns the
   * digest of the image manifest it names. A layer Jib holds in one of its {@code caches}
   * (content-addressed: {@code layers/<digest>/<diff id>}, written once Jib had hashed it) is
   * hard-linked from there and its bytes in the tarball are never read; anything else (the
   * manifest, the config, a layer not cached) is copied out of the tarball and checked against
   * its name.
   */
  static String importTarball(Path tarball, Path layout, List<Path> caches) throws IOException {
    String manifestDigest = null;
    Files.createDirectories(layout.resolve(BLOBS));
    // TarFile seeks from header to header: an entry not opened is never read.
    try (TarFile tar = new TarFile(tarball)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        String name = entry.getName();
        if (name.startsWith(BLOBS) && entry.isFile()) {
          String digest = "sha256:" + name.substring(BLOBS.length());
          if (!linkCachedLayer(caches, digest, entry.getSize(), layout)) {
            try (InputStream in = tar.getInputStream(entry)) {
              copyBlob(in, digest, layout);
            }
          }
        } else if (name.equals("index.json")) {
          JsonNode index;
          try (InputStream in = tar.getInputStream(entry)) {
            index = JSON.readTree(in.readAllBytes());
          }
          JsonNode manifests = index.path("manifests");
          if (manifests.size() != 1) {
            throw new IOException("Jib's tarball index has " + manifests.size() + " manifests, expected 1");
          }
          manifestDigest = manifests.get(0).path("digest").asText();
        }
      }
    }
    if (manifestDigest == null || !Files.isRegularFile(blobPath(layout, manifestDigest))) {
      throw new IOException("Jib's tarball " + tarball + " has no OCI index.json naming a manifest blob");
    }
    return manifestDigest;
  }

  /**
   * Links the blob {@code digest} from Jib's layer cache into the layout; false when no cache
   * holds exactly one file of {@code size} bytes for it. Falls back to a copy of the cached
   * file when the cache is on another file system.
   */
  private static boolean linkCachedLayer(List<Path> caches, String digest, long size, Path layout) throws IOException {
    String hex = digest.substring("sha256:".length());
    for (Path cache : caches) {
      Path dir = cache.resolve("layers").resolve(hex);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> files;
      try (var list = Files.list(dir)) {
        files = list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
      }
      if (files.size() != 1 || Files.size(files.get(0)) != size) {
        continue;
      }
      Path target = blobPath(layout, digest);
      Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".partial");
      try {
        Files.createLink(partial, files.get(0));
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(files.get(0), partial);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
    return false;
  }

  private static void copyBlob(InputStream in, String digest, Path layout) throws IOException {
    Path target = blobPath(layout, digest);
    // A file of its own per copy: platforms built side by side may copy the same (base) blob at once.
    Path partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
    MessageDigest sha = Digests.sha256();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
      in.transferTo(out);
    }
    String actual = Digests.format(sha.digest());
    if (!actual.equals(digest)) {
      Files.deleteIfExists(partial);
      throw new IOException("blob " + digest + " in Jib's tarball hashes to " + actual);
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Empties the output directory, refusing one that holds something other than an image layout. */
  static void clear(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      boolean empty;
      try (var entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.isRegularFile(dir.resolve("oci-layout"))) {
        throw ReleaseException.invalidInput("image output directory " + dir + " is not empty and not an OCI image layout:"
            + " pass a new or empty directory");
      }
    }
    Directories.recreate(dir);
  }

  /** Marks a directory as an image layout ({@code oci-layout}), first thing, so a build that died there can be cleared. */
  static void init(Path layout) throws IOException {
    Files.createDirectories(layout.resolve(BLOBS));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
  }

  /** Writes the layout's {@code index.json} naming the image index by {@code refName}. */
  static void writeTop(Path layout, ContentDescriptor index, String refName) throws IOException {
    ObjectNode top = JSON.createObjectNode();
    top.put("schemaVersion", 2);
    top.put("mediaType", INDEX_MEDIA_TYPE);
    ObjectNode entry = top.putArray("manifests").addObject();
    entry.put("mediaType", index.mediaType());
    entry.put("digest", index.digest());
    entry.put("size", index.size());
    entry.putObject("annotations").put(REF_NAME, refName);
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(top));
  }

  static JsonNode readJson(Path layout, String digest) throws IOException {
    return JSON.readTree(Files.readAllBytes(blobPath(layout, digest)));
  }

}
