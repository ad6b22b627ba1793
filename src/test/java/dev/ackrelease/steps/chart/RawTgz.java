package dev.ackrelease.steps.chart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A .tgz taken apart byte for byte, for conformance tests: the fields of its gzip header
 * (RFC 1952 section 2.3) and each 512-byte tar header block with its raw fields (POSIX ustar
 * layout, the one Go's archive/tar writes), its data, and what follows the last entry.
 */
record RawTgz(Gzip gzip, byte[] tar, List<Header> headers, byte[] end) {

  /** The fields of the gzip member header; {@code extra}, {@code name} and {@code comment} are null when absent. */
  record Gzip(int id1, int id2, int method, int flags, byte[] mtime, int extraFlags, int os, byte[] extra, String name,
      String comment, boolean headerCrc, int length) {

    /** Every field but the extra field, for comparing two headers around it. */
    Map<String, Object> withoutExtra() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ID1", id1);
      m.put("ID2", id2);
      m.put("CM", method);
      m.put("FLG", flags);
      m.put("MTIME", Arrays.toString(mtime));
      m.put("XFL", extraFlags);
      m.put("OS", os);
      m.put("FNAME", name);
      m.put("FCOMMENT", comment);
      m.put("FHCRC", headerCrc);
      return m;
    }
  }

  /** The fields of the ustar header block, name to offset and length. */
  static final Map<String, int[]> FIELDS = fields();

  /** One header block: its raw fields, in {@link #FIELDS} order, and the data that follows it. */
  record Header(Map<String, byte[]> fields, byte[] block, byte[] data) {
    String field(String name) {
      byte[] raw = fields.get(name);
      int end = 0;
      while (end < raw.length && raw[end] != 0) {
        end++;
      }
      return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** The name as readers see it: prefix/name for ustar. */
    String path() {
      String prefix = field("prefix");
      return prefix.isEmpty() ? field("name") : prefix + "/" + field("name");
    }

    char type() {
      return (char) block[156];
    }
  }

  static RawTgz read(byte[] tgz) {
    Gzip gzip = gzipHeader(tgz);
    byte[] tar;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Header> headers = new ArrayList<>();
    int offset = 0;
    while (offset + 512 <= tar.length && !Arrays.equals(Arrays.copyOfRange(tar, offset, offset + 512), new byte[512])) {
      byte[] block = Arrays.copyOfRange(tar, offset, offset + 512);
      Map<String, byte[]> fields = new LinkedHashMap<>();
      FIELDS.forEach((name, at) -> fields.put(name, Arrays.copyOfRange(block, at[0], at[0] + at[1])));
      int size = Integer.parseInt(new String(fields.get("size"), StandardCharsets.US_ASCII).replaceAll("[\\s\\x00]", ""), 8);
      offset += 512;
      headers.add(new Header(fields, block, Arrays.copyOfRange(tar, offset, offset + size)));
      offset += (size + 511) / 512 * 512;
    }
    return new RawTgz(gzip, tar, headers, Arrays.copyOfRange(tar, offset, tar.length));
  }

  /** The checksum a reader computes: the block's bytes summed, the checksum field counted as spaces. */
  static long checksum(byte[] block) {
    long sum = 0;
    for (int i = 0; i < block.length; i++) {
      sum += i >= 148 && i < 156 ? ' ' : block[i] & 0xff;
    }
    return sum;
  }

  private static Gzip gzipHeader(byte[] b) {
    int flags = b[3] & 0xff;
    int p = 10;
    byte[] extra = null;
    if ((flags & 4) != 0) {
      int xlen = (b[10] & 0xff) | (b[11] & 0xff) << 8;
      extra = Arrays.copyOfRange(b, 12, 12 + xlen);
      p = 12 + xlen;
    }
    String name = null;
    if ((flags & 8) != 0) {
      name = zeroTerminated(b, p);
      p += name.length() + 1;
    }
    String comment = null;
    if ((flags & 16) != 0) {
      comment = zeroTerminated(b, p);
      p += comment.length() + 1;
    }
    boolean hcrc = (flags & 2) != 0;
    return new Gzip(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, flags, Arrays.copyOfRange(b, 4, 8), b[8] & 0xff, b[9] & 0xff,
        extra, name, comment, hcrc, p + (hcrc ? 2 : 0));
  }

  /** The Latin-1 string at {@code start}, up to the NUL that ends it (RFC 1952 FNAME and FCOMMENT). */
  private static String zeroTerminated(byte[] b, int start) {
    int end = start;
    while (b[end] != 0) {
      end++;
    }
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static Map<String, int[]> fields() {
    Map<String, int[]> f = new LinkedHashMap<>();
    f.put("name", new int[] {0, 100});
    f.put("mode", new int[] {100, 8});
    f.put("uid", new int[] {108, 8});
    f.put("gid", new int[] {116, 8});
    f.put("size", new int[] {124, 12});
    f.put("mtime", new int[] {136, 12});
    f.put("chksum", new int[] {148, 8});
    f.put("typeflag", new int[] {156, 1});
    f.put("linkname", new int[] {157, 100});
    f.put("magic", new int[] {257, 6});
    f.put("version", new int[] {263, 2});
    f.put("uname", new int[] {265, 32});
    f.put("gname", new int[] {297, 32});
    f.put("devmajor", new int[] {329, 8});
    f.put("devminor", new int[] {337, 8});
    f.put("prefix", new int[] {345, 155});
    f.put("pad", new int[] {500, 12});
    return Collections.unmodifiableMap(f);
  }
}
