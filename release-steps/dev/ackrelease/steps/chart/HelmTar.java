package dev.ackrelease.steps.chart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tar stream of a chart package exactly as {@code helm package} writes it, but for the time.
 * Helm (helm/helm pkg/chart/v2/util/save.go {@code writeToTar}) hands Go's archive/tar a header
 * with only a name, mode {@code 0o644}, the size and a time; Go's {@code tar.Writer}
 * ({@code WriteHeader}, {@code writeUSTARHeader}, {@code writePAXHeader}, {@code templateV7Plus},
 * {@code writeRawFile}, {@code Close}) turns that into:
 * <ul>
 *   <li>a USTAR header: type {@code '0'}, mode {@code 0000644} (no file-type bits), uid and gid 0,
 *       no user or group name, device numbers 0, magic {@code "ustar\0"} version {@code "00"};
 *       numbers as zero-padded octal ended by NUL, the checksum as six digits, NUL, space;</li>
 *   <li>a name over 100 bytes split at a {@code /} into the 155-byte prefix field and the name
 *       field ({@code splitUSTARPath});</li>
 *   <li>a name that is not ASCII or cannot be split, or a time that does not fit 11 octal digits:
 *       first a PAX header {@code <dir>/PaxHeaders.0/<file>} (type {@code 'x'}, mode and time 0)
 *       with sorted {@code mtime}/{@code path} records, then the header with the name's ASCII
 *       characters (and 0 for a time that does not fit);</li>
 *   <li>each file padded to 512 bytes, two zero blocks at the end, nothing after them.</li>
 * </ul>
 * commons-compress writes another encoding of the same entries (numbers ended by a space, the
 * mode with its file-type bits, PAX records instead of the prefix field, {@code ./PaxHeaders.X}
 * names, the archive padded to 10 KiB), so the blocks are written here.
 */
final class HelmTar {

  private static final int BLOCK = 512;
  private static final int NAME = 100;
  private static final int PREFIX = 155;
  private static final long MAX_MTIME = 077777777777L;

  private HelmTar() {}

  /**
   * The archive of {@code entries}, each stamped with {@code time} cut to whole seconds (as Helm's
   * {@code Chart.StampModTimes} stamps {@code SOURCE_DATE_EPOCH}).
   */
  static byte[] write(List<ChartSource.Entry> entries, Instant time) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long mtime = time.getEpochSecond();
    for (ChartSource.Entry e : entries) {
      entry(out, e.path(), e.data(), mtime);
    }
    out.writeBytes(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  private static void entry(ByteArrayOutputStream out, String name, byte[] data, long mtime) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = utf8.length == name.length() && name.indexOf('\0') < 0;
    Map<String, String> pax = new TreeMap<>();
    if (!ascii || utf8.length > NAME) {
      pax.put("path", name);
    }
    boolean mtimeFits = mtime >= 0 && mtime <= MAX_MTIME;
    if (!mtimeFits) {
      pax.put("mtime", Long.toString(mtime));
    }
    int split = ascii ? splitUstarPath(name) : -1;
    boolean ustar = ascii && (utf8.length <= NAME || split > 0) && mtimeFits;
    byte[] header;
    if (ustar) {
      header = template(split > 0 ? name.substring(split + 1) : name, data.length, mtime);
      if (split > 0) {
        string(header, 345, PREFIX, name.substring(0, split));
      }
    } else {
      StringBuilder records = new StringBuilder();
      pax.forEach((k, v) -> records.append(paxRecord(k, v)));
      byte[] recordBytes = records.toString().getBytes(StandardCharsets.UTF_8);
      int slash = name.lastIndexOf('/');
      String paxName = truncate(toAscii(name.substring(0, slash + 1) + "PaxHeaders.0/" + name.substring(slash + 1)), NAME)
          .replaceFirst("/+$", "");
      byte[] paxHeader = new byte[BLOCK];
      paxHeader[156] = 'x';
      string(paxHeader, 0, NAME, paxName);
      for (int offset : new int[] {100, 108, 116}) {
        octal(paxHeader, offset, 8, 0);
      }
      octal(paxHeader, 124, 12, recordBytes.length);
      octal(paxHeader, 136, 12, 0);
      finish(paxHeader);
      out.writeBytes(paxHeader);
      writePadded(out, recordBytes);
      header = template(toAscii(name), data.length, mtimeFits ? mtime : 0);
    }
    finish(header);
    out.writeBytes(header);
    writePadded(out, data);
  }

  /** Go's {@code templateV7Plus}: the fields every header of a regular file has. */
  private static byte[] template(String name, long size, long mtime) {
    byte[] h = new byte[BLOCK];
    h[156] = '0';
    string(h, 0, NAME, name);
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    return h;
  }

  /** Go's {@code block.setFormat} for USTAR and PAX: the magic, the version and the checksum. */
  private static void finish(byte[] h) {
    string(h, 257, 6, "ustar");
    string(h, 263, 2, "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
  }

  /** Go's {@code formatOctal}: zero-padded, leaving the last byte NUL. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    string(h, offset, length, "0".repeat(Math.max(0, length - 1 - digits.length())) + digits);
  }

  /**
   * Go's {@code formatString}: NUL-terminated when shorter than the field, cut when longer, and
   * a cut name never left ending in {@code /} (the first of its trailing slashes becomes NUL).
   */
  private static void string(byte[] h, int offset, int length, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
    if (b.length < length) {
      h[offset + b.length] = 0;
    } else if (b.length > length && h[offset + length - 1] == '/') {
      int n = length;
      while (n > 0 && b[n - 1] == '/') {
        n--;
      }
      h[offset + n] = 0;
    }
  }

  /** Go's {@code splitUSTARPath}: the index of the {@code /} that splits an ASCII name, or -1. */
  private static int splitUstarPath(String name) {
    int length = name.length();
    if (length <= NAME) {
      return -1;
    } else if (length > PREFIX + 1) {
      length = PREFIX + 1;
    } else if (name.charAt(length - 1) == '/') {
      length--;
    }
    int i = name.lastIndexOf('/', length - 1);
    int suffix = name.length() - i - 1;
    return i <= 0 || suffix > NAME || suffix == 0 || i > PREFIX ? -1 : i;
  }

  /** Go's {@code formatPAXRecord}: {@code "<length> <key>=<value>\n"}, the length counting itself. */
  private static String paxRecord(String key, String value) {
    int size = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
    size += Integer.toString(size).length();
    String record = size + " " + key + "=" + value + "\n";
    int actual = record.getBytes(StandardCharsets.UTF_8).length;
    return actual == size ? record : actual + " " + key + "=" + value + "\n";
  }

  /** Go's {@code toASCII}: the name without its non-ASCII characters and NULs. */
  private static String toAscii(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(c -> c > 0 && c < 0x80).forEach(b::appendCodePoint);
    return b.toString();
  }

  private static String truncate(String ascii, int length) {
    return ascii.length() > length ? ascii.substring(0, length) : ascii;
  }

  private static void writePadded(ByteArrayOutputStream out, byte[] data) {
    out.writeBytes(data);
    out.writeBytes(new byte[-data.length & (BLOCK - 1)]);
  }
}
