package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.ackrelease.steps.io.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image layout Jib's "Docker daemon" ({@link LayoutClient}) gets holds what Jib's own {@code
 * TarImage} target writes to a tarball (jib-core 0.28.1: both take {@code ImageTarball.writeTo},
 * LoadDockerStep.call and WriteTarFileStep.call), read from the stream as it passes ({@link
 * LayoutImport}): tar as commons-compress writes it for Jib (TarStreamBuilder.writeAsTarArchiveTo,
 * POSIX long names and big numbers).
 */
class LayoutImportTest {

  @TempDir Path tmp;

  private JibContainerBuilder image(Path layer) throws IOException {
    Files.writeString(layer, "a controller");
    return Jib.fromScratch().setFormat(ImageFormat.OCI).setCreationTime(Instant.ofEpochSecond(1_700_000_000))
        .setFileEntriesLayers(List.of(FileEntriesLayer.builder().addEntry(layer, AbsoluteUnixPath.get("/bin/controller")).build()))
        .setEntrypoint("/bin/controller");
  }

  @Test
  void theLayoutHoldsTheBlobsOfJibsTarballAndItsManifest() throws Exception {
    Path cache = tmp.resolve("cache");
    Path tarball = tmp.resolve("image.tar");
    image(tmp.resolve("controller")).containerize(Containerizer.to(TarImage.at(tarball).named("x/y:1"))
        .setApplicationLayersCache(cache).setBaseImageLayersCache(tmp.resolve("base")));
    Path layout = tmp.resolve("layout");
    LayoutClient client = new LayoutClient(Platform.LINUX_AMD64, layout, List.of(cache));
    image(tmp.resolve("controller")).containerize(Containerizer.to(client, DockerDaemonImage.named("x/y:1"))
        .setApplicationLayersCache(cache).setBaseImageLayersCache(tmp.resolve("base")));

    Map<String, byte[]> blobs = new TreeMap<>();
    String manifest = null;
    try (TarFile tar = new TarFile(tarball)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        try (InputStream in = tar.getInputStream(entry)) {
          byte[] bytes = in.readAllBytes();
          if (entry.getName().startsWith("blobs/sha256/")) {
            blobs.put(entry.getName(), bytes);
          } else if (entry.getName().equals("index.json")) {
            manifest = new String(bytes, StandardCharsets.UTF_8).replaceAll("(?s).*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
          }
        }
      }
    }
    assertEquals(3, blobs.size(), "a layer, the config and the manifest");
    assertEquals(manifest, client.manifestDigest());
    for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
      assertArrayEquals(blob.getValue(), Files.readAllBytes(layout.resolve(blob.getKey())), blob.getKey());
    }
    try (var files = Files.list(layout.resolve("blobs/sha256"))) {
      assertEquals(3, files.count(), "no partial file left");
    }
  }

  /** A tar of {@code entries} (name to bytes) as Jib's TarStreamBuilder writes it. */
  private static byte[] tar(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        out.putArchiveEntry(entry);
        out.write(e.getValue());
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] index(String manifest) {
    return ("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + manifest + "\"}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTarPassedAByteAtATimeWithALongNameGivesTheSameLayout() throws IOException {
    byte[] manifest = "{\"a manifest\":1}".getBytes(StandardCharsets.UTF_8);
    String digest = Digests.sha256(manifest);
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("blobs/sha256/" + digest.substring(7), manifest);
    entries.put("index.json", index(digest));
    entries.put("a/name/longer/than/a/hundred/characters/" + "x".repeat(100), new byte[1500]);
    entries.put("oci-layout", "{}".getBytes(StandardCharsets.UTF_8));
    byte[] tar = tar(entries);
    assertTrue(new String(tar, StandardCharsets.ISO_8859_1).contains("PaxHeaders"), "the long name took a PAX header");
    Path layout = tmp.resolve("layout");
    try (LayoutImport in = new LayoutImport(layout, List.of())) {
      for (byte b : tar) {
        in.write(b);
      }
      assertEquals(digest, in.manifestDigest());
    }
    assertArrayEquals(manifest, Files.readAllBytes(OciLayout.blobPath(layout, digest)));
    // Writes that end inside a header and go on past it.
    Path chunked = tmp.resolve("chunked");
    try (LayoutImport in = new LayoutImport(chunked, List.of())) {
      for (int at = 0; at < tar.length; at += 700) {
        in.write(tar, at, Math.min(700, tar.length - at));
      }
      assertEquals(digest, in.manifestDigest());
    }
    assertArrayEquals(manifest, Files.readAllBytes(OciLayout.blobPath(chunked, digest)));
    try (var files = Files.list(layout.resolve("blobs/sha256"))) {
      assertEquals(1, files.count());
    }
  }

  /**
   * A PAX extended header's records ({@code "<length> <key>=<value>\n"}, the length counting
   * itself) name the entry after it: its {@code path} overrides the header's name (POSIX pax,
   * "extended header"; commons-compress TarArchiveOutputStream writes them for Jib's long names
   * and big sizes). What is not such a record is refused.
   */
  @Test
  void aPaxPathNamesTheNextEntry() throws IOException {
    assertEquals(MANIFEST, importWithPax(record("path", "index.json")));
    assertEquals(MANIFEST, importWithPax(record("mtime", "1700000000.123456789") + record("comment", "x".repeat(200))
        + record("path", "index.json")));
    assertEquals(MANIFEST, importWithPax(record("path", "index.json") + record("atime", "1")));
    assertEquals("19 path=index.json\n", record("path", "index.json"));
    assertEquals("101 comment=" + "x".repeat(88) + "\n", record("comment", "x".repeat(88)));
    for (String bad : List.of("20 path=index.json\n", "18 path=index.json\n", "path=index.json\n", "19path=index.json\n",
        "19 path=index.json", "x9 path=index.json\n", "4 a\n")) {
      assertThrows(IOException.class, () -> importWithPax(bad), bad);
    }
  }

  private static final byte[] MANIFEST_BYTES = "{}".getBytes(StandardCharsets.UTF_8);
  private static final String MANIFEST = Digests.sha256(MANIFEST_BYTES);

  /** A PAX record, its length as POSIX counts it: the digits of the length included. */
  private static String record(String key, String value) {
    int rest = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = rest + String.valueOf(rest).length();
    length = rest + String.valueOf(length).length();
    return length + " " + key + "=" + value + "\n";
  }

  /** The manifest a tar names where a PAX header of {@code records} comes before an entry named other than index.json. */
  private String importWithPax(String records) throws IOException {
    byte[] pax = records.getBytes(StandardCharsets.UTF_8);
    byte[] index = index(MANIFEST);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
      header.setSize(pax.length);
      out.putArchiveEntry(header);
      out.write(pax);
      out.closeArchiveEntry();
      TarArchiveEntry named = new TarArchiveEntry("not-the-index");
      named.setSize(index.length);
      out.putArchiveEntry(named);
      out.write(index);
      out.closeArchiveEntry();
      TarArchiveEntry blob = new TarArchiveEntry("blobs/sha256/" + MANIFEST.substring(7));
      blob.setSize(MANIFEST_BYTES.length);
      out.putArchiveEntry(blob);
      out.write(MANIFEST_BYTES);
      out.closeArchiveEntry();
    }
    Path layout = Files.createTempDirectory(tmp, "layout");
    try (LayoutImport in = new LayoutImport(layout, List.of())) {
      in.write(bytes.toByteArray());
      return in.manifestDigest();
    }
  }

  @Test
  void aCachedLayerIsLinkedAndItsBytesInTheStreamAreNotKept() throws IOException {
    byte[] layer = "the layer Jib cached".getBytes(StandardCharsets.UTF_8);
    String digest = Digests.sha256(layer);
    Path cached = tmp.resolve("cache/layers/" + digest.substring(7) + "/diffid");
    Files.createDirectories(cached.getParent());
    Files.write(cached, layer);
    Files.createDirectory(cached.resolveSibling("not-a-layer")); // only regular files count
    byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> entries = new TreeMap<>();
    // Bytes of the same size that are not the layer: a linked layer's bytes are passed over, not read.
    entries.put("blobs/sha256/" + digest.substring(7), "x".repeat(layer.length).getBytes(StandardCharsets.UTF_8));
    entries.put("blobs/sha256/" + Digests.sha256(manifest).substring(7), manifest);
    entries.put("index.json", index(Digests.sha256(manifest)));
    Path layout = tmp.resolve("layout");
    try (LayoutImport in = new LayoutImport(layout, List.of(tmp.resolve("other"), tmp.resolve("cache")))) {
      in.write(tar(entries));
      assertEquals(Digests.sha256(manifest), in.manifestDigest());
    }
    Path blob = OciLayout.blobPath(layout, digest);
    assertArrayEquals(layer, Files.readAllBytes(blob));
    assertEquals(Files.getAttribute(cached, "unix:ino"), Files.getAttribute(blob, "unix:ino"), "a hard link to Jib's cache");
  }

  @Test
  void aBlobWhoseBytesAreNotItsNameIsRefusedAndLeavesNothing() throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("blobs/sha256/" + Digests.sha256(new byte[] {1}).substring(7), new byte[] {2});
    Path layout = tmp.resolve("layout");
    try (LayoutImport in = new LayoutImport(layout, List.of())) {
      IOException e = assertThrows(IOException.class, () -> in.write(tar(entries)));
      assertTrue(e.getMessage().contains("hashes to " + Digests.sha256(new byte[] {2})), e.getMessage());
    }
    try (var files = Files.list(layout.resolve("blobs/sha256"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aTarballCutShortNamesNoManifestAndLeavesNoPartialBlob() throws IOException {
    byte[] big = new byte[100_000];
    String digest = Digests.sha256(big);
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("blobs/sha256/" + digest.substring(7), big);
    entries.put("index.json", index(digest));
    byte[] tar = tar(entries);
    Path layout = tmp.resolve("layout");
    try (LayoutImport in = new LayoutImport(layout, List.of())) {
      in.write(tar, 0, 50_000);
      assertThrows(IOException.class, in::manifestDigest);
    }
    try (var files = Files.list(layout.resolve("blobs/sha256"))) {
      assertFalse(files.findAny().isPresent(), "the partial blob is removed");
    }
  }
}
