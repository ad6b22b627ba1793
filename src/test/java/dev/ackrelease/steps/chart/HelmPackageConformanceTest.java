package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.Log;
import dev.ackrelease.testing.ChartFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.ExtraField;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart package against what Helm writes: helm/helm pkg/chart/v2/util/save.go ({@code Save},
 * {@code writeTarContents}, {@code writeToTar}) through Go's archive/tar and compress/gzip.
 * Each test names the upstream function its rule comes from; the first two package the same
 * chart with real Helm (helm-java) and compare every header byte but the times.
 */
class HelmPackageConformanceTest {

  static final Instant COMMIT = Instant.parse("2026-11-20T10:15:30Z");
  static final String IMAGE = "public.ecr.aws/aws-controllers-k8s/s3-controller";
  /** Helm's {@code headerBytes} at helm/helm main and v4.2.4: the subfield "rr", LEN 40 (0x28 0x00), its payload. */
  static final byte[] HELM_GZIP_EXTRA = "rr(\0aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=".getBytes(StandardCharsets.ISO_8859_1);
  static final String SPLIT_DIR = "templates/" + "x".repeat(60);
  static final String SPLIT_FILE = SPLIT_DIR + "/" + "y".repeat(50) + ".yaml";
  static final String UNSPLIT_FILE = "templates/" + "z".repeat(110) + ".txt";
  static final String NON_ASCII_FILE = "files/données-é.txt";

  @TempDir Path tmp;

  private final ChartPackager packager = new ChartPackager(Log.NONE);

  /**
   * helm/helm pkg/chart/v2/util/save.go writeTarContents and writeToTar, through Go's
   * archive/tar Writer: for the same chart, the tar stream is byte-for-byte what
   * {@code helm package} writes but for each entry's mtime (Helm 3 stamps now) and the checksum
   * that covers it. The chart has a sub-chart, a schema, a name split into the ustar prefix and
   * one no {@code /} can split.
   */
  @Test
  void tarStreamIsWhatHelmPackageWritesButForTheTime() throws Exception {
    assertSameTarAsHelmPackage(chart(false));
  }

  /** As above with a file whose name is not ASCII (Go's writePAXHeader), where the JVM can name such a file. */
  @Test
  void nonAsciiNamesAreWrittenAsHelmPackageWritesThem() throws Exception {
    Assumptions.assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode("é"),
        "the JVM's file name encoding cannot name a non-ASCII file");
    List<RawTgz.Header> headers = assertSameTarAsHelmPackage(chart(true));
    assertTrue(headers.stream().anyMatch(h -> h.type() == 'x' && h.field("name").equals("s3-chart/files/PaxHeaders.0/donnes-.txt")),
        "a PAX header carries the name");
  }

  /**
   * helm/helm pkg/chart/v2/util/save.go Save ({@code zipper.Extra}, {@code zipper.Comment}) and
   * Go's gzip.Writer: the gzip header is field for field what {@code helm package} writes. The
   * extra field is the one difference: helm-java embeds Helm 3, whose extra field is the same
   * payload after a '+', not a valid RFC 1952 subfield; Helm writes it as the subfield "rr"
   * since v4.2.4, and ack-release does.
   */
  @Test
  void gzipHeaderIsWhatHelmPackageWrites() throws Exception {
    Path dir = chart(false);
    RawTgz.Gzip helm = RawTgz.read(helmPackage(dir, "helm-out")).gzip();
    RawTgz.Gzip ours = RawTgz.read(pack(dir)).gzip();

    assertEquals(helm.withoutExtra(), ours.withoutExtra());
    assertEquals("Helm", ours.comment());
    assertArrayEquals(HELM_GZIP_EXTRA, ours.extra());
    byte[] payload = Arrays.copyOfRange(HELM_GZIP_EXTRA, 4, HELM_GZIP_EXTRA.length);
    assertTrue(Arrays.equals(HELM_GZIP_EXTRA, helm.extra())
        || Arrays.equals(("+" + new String(payload, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1), helm.extra()),
        "Helm's extra field is one of its two forms: " + new String(helm.extra(), StandardCharsets.ISO_8859_1));
  }

  /**
   * helm/helm pkg/chart/v2/util/save.go Save and Go's compress/gzip Writer.writeHeader: FLG has
   * FEXTRA and FCOMMENT only, MTIME 0 (Helm sets no ModTime), XFL 0 (default level), OS 255, the
   * extra field one RFC 1952 subfield (commons-compress's strict reader parses it), comment "Helm".
   */
  @Test
  void gzipHeaderHasHelmsExtraSubfieldAndComment() throws Exception {
    byte[] tgz = pack(chart(false));
    RawTgz.Gzip gzip = RawTgz.read(tgz).gzip();
    assertEquals(0x04 | 0x10, gzip.flags());
    assertArrayEquals(new byte[4], gzip.mtime());
    assertEquals(0, gzip.extraFlags());
    assertEquals(255, gzip.os());
    assertArrayEquals(HELM_GZIP_EXTRA, gzip.extra());
    assertEquals("Helm", gzip.comment());
    try (GzipCompressorInputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(tgz))) {
      ExtraField extra = in.getMetaData().getExtraField();
      assertEquals(1, extra.size());
      assertEquals("rr", extra.getSubField(0).getId());
      assertArrayEquals(Arrays.copyOfRange(HELM_GZIP_EXTRA, 4, HELM_GZIP_EXTRA.length), extra.getSubField(0).getPayload());
      assertEquals("Helm", in.getMetaData().getComment());
    }
  }

  /**
   * helm/helm pkg/chart/v2/util/save.go writeToTar ({@code Mode: 0o644}, no type, no owner) and
   * Go's archive/tar Writer.WriteHeader (type '\0' becomes TypeReg '0') and templateV7Plus: mode
   * 0000644 with no file-type bits, uid and gid 0, no user or group name, no link, device 0.
   */
  @Test
  void everyEntryIsARegularFileOfMode0644OwnedByNobodyNamed() throws Exception {
    for (RawTgz.Header h : files(pack(chart(false)))) {
      String name = h.path();
      assertEquals('0', h.type(), name);
      assertEquals("0000644\0", ascii(h.fields().get("mode")), name);
      assertEquals("0000000\0", ascii(h.fields().get("uid")), name);
      assertEquals("0000000\0", ascii(h.fields().get("gid")), name);
      assertArrayEquals(new byte[32], h.fields().get("uname"), name);
      assertArrayEquals(new byte[32], h.fields().get("gname"), name);
      assertArrayEquals(new byte[100], h.fields().get("linkname"), name);
      assertEquals("0000000\0", ascii(h.fields().get("devmajor")), name);
      assertEquals("0000000\0", ascii(h.fields().get("devminor")), name);
    }
  }

  /**
   * Go's archive/tar writeUSTARHeader, formatOctal and block.setFormat: magic "ustar\0" and
   * version "00"; numbers zero-padded octal ended by NUL (not a space); the checksum six octal
   * digits, NUL, space, and right.
   */
  @Test
  void headersAreUstarWithNulTerminatedNumbersAndAValidChecksum() throws Exception {
    for (RawTgz.Header h : RawTgz.read(pack(chart(false))).headers()) {
      String name = h.path();
      assertEquals("ustar\0", ascii(h.fields().get("magic")), name);
      assertEquals("00", ascii(h.fields().get("version")), name);
      assertEquals(String.format("%011o\0", h.data().length), ascii(h.fields().get("size")), name);
      String chksum = ascii(h.fields().get("chksum"));
      assertEquals(String.format("%06o\0 ", RawTgz.checksum(h.block())), chksum, name);
    }
  }

  /**
   * helm/helm pkg/chart/v2/chart.go StampModTimes (what {@code helm package} does with
   * SOURCE_DATE_EPOCH, pkg/action/package.go) and save.go writeToTar: every entry carries the
   * one time, cut to whole seconds; ack-release's is the commit time.
   */
  @Test
  void everyEntryCarriesTheCommitTimeCutToSeconds() throws Exception {
    byte[] tgz = packAt(chart(false), COMMIT.plusNanos(999_000_000));
    for (RawTgz.Header h : files(tgz)) {
      assertEquals(String.format("%011o\0", COMMIT.getEpochSecond()), ascii(h.fields().get("mtime")), h.path());
    }
  }

  /** Go's archive/tar splitUSTARPath (from writeUSTARHeader): a name over 100 bytes is split at a '/' into prefix and name. */
  @Test
  void aLongNameIsSplitIntoTheUstarPrefix() throws Exception {
    RawTgz.Header split = RawTgz.read(pack(chart(false))).headers().stream()
        .filter(h -> h.path().equals("s3-chart/" + SPLIT_FILE)).findFirst().orElseThrow();
    assertEquals("s3-chart/" + SPLIT_DIR, split.field("prefix"));
    assertEquals("y".repeat(50) + ".yaml", split.field("name"));
    assertEquals('0', split.type());
  }

  /**
   * Go's archive/tar writePAXHeader, writeRawFile and toASCII: a name that is not ASCII, or too
   * long with no '/' to split at, goes first in a PAX header named
   * {@code <dir>/PaxHeaders.0/<file>} (ASCII only, mode and time 0) holding the path record, then
   * the entry's header with the name's ASCII characters.
   */
  @Test
  void aNameUstarCannotHoldGoesInAPaxHeaderAsGoWritesIt() throws Exception {
    String nonAscii = "c/templates/é.yaml";
    String unsplit = "c/" + "z".repeat(101);
    byte[] tar = HelmTar.write(List.of(new ChartSource.Entry(nonAscii, "a\n".getBytes()),
        new ChartSource.Entry(unsplit, "b\n".getBytes())), COMMIT);
    List<RawTgz.Header> headers = RawTgz.read(gzip(tar)).headers();
    assertEquals(4, headers.size());

    RawTgz.Header pax = headers.get(0);
    assertEquals('x', pax.type());
    assertEquals("c/templates/PaxHeaders.0/.yaml", pax.field("name"));
    assertEquals("0000000\0", ascii(pax.fields().get("mode")));
    assertEquals("00000000000\0", ascii(pax.fields().get("mtime")));
    assertEquals("28 path=c/templates/é.yaml\n", new String(pax.data(), StandardCharsets.UTF_8));
    assertEquals("c/templates/.yaml", headers.get(1).field("name"));
    assertEquals('0', headers.get(1).type());

    assertEquals("c/PaxHeaders.0/" + "z".repeat(85), headers.get(2).field("name"), "cut to 100 bytes");
    assertEquals("113 path=" + unsplit + "\n", new String(headers.get(2).data(), StandardCharsets.UTF_8));
    assertEquals(unsplit.substring(0, 100), headers.get(3).field("name"));

    assertEquals(List.of(nonAscii, unsplit), readBack(tar).stream().map(TarArchiveEntry::getName).toList());
  }

  /**
   * Go's archive/tar Header.allowedFormats (an mtime that does not fit 11 octal digits rules
   * out USTAR) and writePAXHeader: the time goes in an {@code mtime} record and the field is 0.
   */
  @Test
  void aTimeBeyondElevenOctalDigitsGoesInAPaxRecord() throws Exception {
    Instant before1970 = Instant.parse("1969-12-31T23:59:59Z");
    byte[] tar = HelmTar.write(List.of(new ChartSource.Entry("c/Chart.yaml", "name: c\n".getBytes())), before1970);
    List<RawTgz.Header> headers = RawTgz.read(gzip(tar)).headers();
    assertEquals("12 mtime=-1\n", new String(headers.get(0).data(), StandardCharsets.UTF_8));
    assertEquals("00000000000\0", ascii(headers.get(1).fields().get("mtime")));
    assertEquals(before1970, readBack(tar).get(0).getModTime().toInstant());
  }

  /** Go's archive/tar Writer.Close: two zero blocks end the archive, with no padding to a 10 KiB record after them. */
  @Test
  void theArchiveEndsWithTwoZeroBlocks() throws Exception {
    assertArrayEquals(new byte[1024], RawTgz.read(pack(chart(false))).end());
  }

  private List<RawTgz.Header> assertSameTarAsHelmPackage(Path dir) throws Exception {
    // Helm rewrites Chart.yaml (yaml.Marshal of its metadata) and ack-release keeps the file:
    // give both the text Helm writes, so every byte but the times can be compared.
    RawTgz first = RawTgz.read(helmPackage(dir, "helm-first"));
    for (RawTgz.Header h : first.headers()) {
      if (h.path().endsWith("/Chart.yaml")) {
        Files.write(dir.resolve(h.path().substring("s3-chart/".length())), h.data());
      }
    }
    RawTgz helm = RawTgz.read(helmPackage(dir, "helm-out"));
    RawTgz ours = RawTgz.read(pack(dir));

    assertEquals(helm.headers().stream().map(RawTgz.Header::path).toList(), ours.headers().stream().map(RawTgz.Header::path).toList(),
        "the same header blocks in the same order");
    byte[] helmTar = helm.tar().clone();
    int offset = 0;
    for (int i = 0; i < helm.headers().size(); i++) {
      RawTgz.Header h = helm.headers().get(i);
      RawTgz.Header o = ours.headers().get(i);
      for (String field : RawTgz.FIELDS.keySet()) {
        if (!field.equals("mtime") && !field.equals("chksum")) {
          assertEquals(ascii(h.fields().get(field)), ascii(o.fields().get(field)), h.path() + ": " + field);
        }
      }
      assertArrayEquals(h.data(), o.data(), h.path() + ": data");
      assertEquals(String.format("%06o\0 ", RawTgz.checksum(o.block())), ascii(o.fields().get("chksum")), h.path());
      // Helm's time and checksum replaced by ours: then the whole stream must be the same.
      System.arraycopy(o.block(), 136, helmTar, offset + 136, 20);
      offset += 512 + (h.data().length + 511) / 512 * 512;
    }
    assertArrayEquals(helm.end(), ours.end(), "the end of the archive");
    assertArrayEquals(helmTar, ours.tar(), "the tar streams, but for the times");
    assertNotNull(ours.headers().stream().filter(h -> !h.field("prefix").isEmpty()).findFirst().orElse(null),
        "a name went into the ustar prefix");
    assertTrue(ours.headers().stream().anyMatch(h -> h.type() == 'x'), "a name went into a PAX header");
    return ours.headers();
  }

  /** The fixture chart plus a sub-chart, a schema, a name to split into the ustar prefix and one to put in a PAX header. */
  private Path chart(boolean nonAscii) throws Exception {
    Path dir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE);
    Files.writeString(dir.resolve("values.schema.json"), "{\"type\": \"object\"}\n");
    Files.createDirectories(dir.resolve(SPLIT_DIR));
    Files.writeString(dir.resolve(SPLIT_FILE), "# a name Go splits into the ustar prefix\n");
    Files.writeString(dir.resolve(UNSPLIT_FILE), "a name no '/' can split\n");
    if (nonAscii) {
      Files.createDirectories(dir.resolve("files"));
      Files.writeString(dir.resolve(NON_ASCII_FILE), "non-ASCII name\n");
    }
    Files.createDirectories(dir.resolve("charts/common/templates"));
    Files.writeString(dir.resolve("charts/common/Chart.yaml"), "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n");
    Files.writeString(dir.resolve("charts/common/values.yaml"), "shared: true\n");
    Files.writeString(dir.resolve("charts/common/templates/_labels.tpl"), "{{- define \"common.labels\" -}}a: b{{- end -}}\n");
    return dir;
  }

  private byte[] helmPackage(Path dir, String out) throws Exception {
    Path dest = Files.createDirectories(tmp.resolve(out));
    new Helm(dir).packageIt().withDestination(dest).call();
    return Files.readAllBytes(dest.resolve("s3-chart-1.8.2.tgz"));
  }

  private byte[] pack(Path dir) {
    return packAt(dir, COMMIT);
  }

  private byte[] packAt(Path dir, Instant time) {
    return packager.pack(ChartPackager.Request.of(dir, time)).tgz();
  }

  /** The header blocks of the files, not of PAX records. */
  private static List<RawTgz.Header> files(byte[] tgz) {
    List<RawTgz.Header> files = RawTgz.read(tgz).headers().stream().filter(h -> h.type() != 'x').toList();
    assertTrue(files.size() >= 10, "the chart's files: " + files.size());
    return files;
  }

  private static byte[] gzip(byte[] tar) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar);
    }
    return out.toByteArray();
  }

  private static List<TarArchiveEntry> readBack(byte[] tar) throws Exception {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }

  private static String ascii(byte[] raw) {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }
}
