package dev.ackrelease.steps.image;

import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

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
   * Copies the blobs of an OCI-layout tarball (as Jib writes it for {@link
   * com.google.cloud.tools.jib.api.buildplan.ImageFormat#OCI}) into the layout, checking each
   * blob's bytes against its name, and returns the digest of the image manifest it names.
   */
  static String importTarball(Path tarball, Path layout) throws IOException {
    String manifestDigest = null;
    Files.createDirectories(layout.resolve(BLOBS));
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.startsWith(BLOBS) && entry.isFile()) {
          copyBlob(tar, "sha256:" + name.substring(BLOBS.length()), layout);
        } else if (name.equals("index.json")) {
          JsonNode index = JSON.readTree(tar.readAllBytes());
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
