package dev.ackrelease.steps.image;

import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Jib's OCI-layout tarball ({@code ImageTarball.writeTo}, the bytes it would write to a {@code
 * TarImage}) read as Jib writes it, straight into the image layout: no tarball is written. A
 * layer Jib holds in one of its {@code caches} (content-addressed: {@code layers/<digest>/<diff
 * id>}, written once Jib had hashed it) is hard-linked from there ({@link JibCacheLinks}) and
 * its bytes in the stream are passed over; anything else (the manifest, the config, a layer not cached) is written as it
 * comes and checked against its name. {@link #manifestDigest} names the image manifest of the
 * tarball's {@code index.json}.
 *
 * <p>The tar format read is POSIX's, as commons-compress writes it for Jib (its {@code
 * TarStreamBuilder}: 512-byte headers, content padded to 512 bytes, PAX extended headers for
 * long names and big sizes, two zero blocks at the end, then zeros to the record's end).
 */
final class LayoutImport extends OutputStream {

  private static final int BLOCK = 512;
  /** The most a kept entry other than a blob may hold: {@code index.json} and PAX headers are a few hundred bytes. */
  private static final int SMALL = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path layout;
  private final List<Path> caches;
  private final byte[] header = new byte[BLOCK];
  private int headerFill;
  private long remaining;
  private long padding;
  private Entry entry;
  private Map<String, String> pax = Map.of();
  private boolean ended;
  private String manifestDigest;

  LayoutImport(Path layout, List<Path> caches) throws IOException {
    this.layout = layout;
    this.caches = List.copyOf(caches);
    Files.createDirectories(layout.resolve(OciLayout.BLOBS));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0 && !ended) {
      int n;
      if (remaining > 0) {
        n = (int) Math.min(len, remaining);
        entry.write(b, off, n);
        remaining -= n;
        if (remaining == 0) {
          finishEntry();
        }
      } else if (padding > 0) {
        n = (int) Math.min(len, padding);
        padding -= n;
      } else {
        n = Math.min(len, BLOCK - headerFill);
        System.arraycopy(b, off, header, headerFill, n);
        headerFill += n;
        if (headerFill == BLOCK) {
          headerFill = 0;
          startEntry();
        }
      }
      off += n;
      len -= n;
    }
  }

  /** The manifest {@code index.json} names, once the whole tarball has passed. */
  String manifestDigest() throws IOException {
    if (!ended || entry != null) {
      throw new IOException("Jib's tarball ended in the middle of an entry");
    }
    if (manifestDigest == null || !Files.isRegularFile(OciLayout.blobPath(layout, manifestDigest))) {
      throw new IOException("Jib's tarball has no OCI index.json naming a manifest blob");
    }
    return manifestDigest;
  }

  /** Removes the part-written blob of a tarball that did not end. */
  @Override
  public void close() throws IOException {
    if (entry != null) {
      entry.abandon();
      entry = null;
    }
  }

  private void startEntry() throws IOException {
    if (isZero(header)) {
      ended = true; // the end-of-archive blocks; zeros to the record's end follow
      return;
    }
    TarArchiveEntry tar;
    try {
      tar = new TarArchiveEntry(header);
    } catch (IllegalArgumentException e) {
      throw new IOException("Jib's tarball has a header that is not tar's: " + e.getMessage(), e);
    }
    Map<String, String> extended = pax;
    pax = Map.of();
    String name = extended.getOrDefault("path", tar.getName());
    long size = extended.containsKey("size") ? Long.parseLong(extended.get("size")) : tar.getSize();
    if (tar.isPaxHeader()) {
      entry = new Small(size, bytes -> pax = paxRecords(bytes));
    } else if (name.equals("index.json")) {
      entry = new Small(size, bytes -> manifestDigest = indexManifest(bytes));
    } else if (name.startsWith(OciLayout.BLOBS) && tar.isFile() && name.substring(OciLayout.BLOBS.length()).matches("[0-9a-f]{64}")) {
      String digest = "sha256:" + name.substring(OciLayout.BLOBS.length());
      entry = JibCacheLinks.link(caches, digest, size, layout) ? Entry.SKIPPED : new Blob(digest);
    } else {
      entry = Entry.SKIPPED; // oci-layout (the layout has its own), a global PAX header
    }
    remaining = size;
    padding = (BLOCK - size % BLOCK) % BLOCK;
    if (size == 0) {
      finishEntry();
    }
  }

  private void finishEntry() throws IOException {
    Entry done = entry;
    entry = null;
    done.finish();
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** PAX records, {@code "<length> <key>=<value>\n"} each (POSIX pax, "extended header"). */
  private static Map<String, String> paxRecords(byte[] bytes) throws IOException {
    Map<String, String> records = new HashMap<>();
    int at = 0;
    while (at < bytes.length) {
      int space = indexOf(bytes, (byte) ' ', at);
      int length;
      try {
        length = Integer.parseInt(new String(bytes, at, Math.max(space - at, 0), StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("Jib's tarball has a PAX header that is not one", e);
      }
      if (space < 0 || length <= space - at + 1 || at + length > bytes.length || bytes[at + length - 1] != '\n') {
        throw new IOException("Jib's tarball has a PAX header that is not one");
      }
      String record = new String(bytes, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      at += length;
    }
    return records;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String indexManifest(byte[] bytes) throws IOException {
    JsonNode manifests = JSON.readTree(bytes).path("manifests");
    if (manifests.size() != 1) {
      throw new IOException("Jib's tarball index has " + manifests.size() + " manifests, expected 1");
    }
    return manifests.get(0).path("digest").asText();
  }

  /** Where an entry's content goes. */
  private interface Entry {
    Entry SKIPPED = new Entry() { };

    default void write(byte[] b, int off, int len) throws IOException { }

    default void finish() throws IOException { }

    default void abandon() throws IOException { }
  }

  private interface Parsed {
    void accept(byte[] bytes) throws IOException;
  }

  /** A small entry kept whole, then parsed. */
  private static final class Small implements Entry {
    private final ByteArrayOutputStream bytes;
    private final Parsed parsed;

    Small(long size, Parsed parsed) throws IOException {
      if (size > SMALL) {
        throw new IOException("Jib's tarball has an index or PAX header of " + size + " bytes");
      }
      this.bytes = new ByteArrayOutputStream((int) size);
      this.parsed = parsed;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void finish() throws IOException {
      parsed.accept(bytes.toByteArray());
    }
  }

  /**
   * A blob written to a file of its own (platforms built side by side may write the same base
   * blob at once), moved to its name once its bytes hash to it.
   */
  private final class Blob implements Entry {
    private final String digest;
    private final Path target;
    private final Path partial;
    private final MessageDigest sha = Digests.sha256();
    private final OutputStream out;

    Blob(String digest) throws IOException {
      this.digest = digest;
      this.target = OciLayout.blobPath(layout, digest);
      this.partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
      this.out = new DigestOutputStream(Files.newOutputStream(partial), sha);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void finish() throws IOException {
      out.close();
      String actual = Digests.format(sha.digest());
      if (!actual.equals(digest)) {
        Files.deleteIfExists(partial);
        throw new IOException("blob " + digest + " in Jib's tarball hashes to " + actual);
      }
      AtomicFiles.move(partial, target);
    }

    @Override
    public void abandon() throws IOException {
      try {
        out.close();
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
