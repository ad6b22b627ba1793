package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Directories;
import dev.ackrelease.steps.io.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** An OCI image layout directory: content-addressed blobs under {@code blobs/sha256/}. */
final class OciLayout {

  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String BLOBS = "blobs/sha256/";

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
