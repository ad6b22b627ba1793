package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.Sizes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.compressors.gzip.ExtraField;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packages a chart directory as {@code helm package} does, reproducibly: the entries Helm makes,
 * in its order, with the tar headers Helm's Go archive/tar writes ({@link HelmTar}) and Helm's
 * gzip header, every entry stamped with the caller's time (the commit time) as Helm stamps
 * {@code SOURCE_DATE_EPOCH}. The same tree and time give the same bytes.
 * A chart version override rewrites only the {@code version:} line of the packaged Chart.yaml;
 * the chart directory is never written.
 */
public final class ChartPackager {

  /**
   * What to package: the chart directory, the commit time, optionally another chart version, and
   * the chart's {@code .helmignore} rules when they were already read (those of the commit the
   * directory was exported from: {@link CommittedChart.Exported#ignore}); without them the
   * directory's own {@code .helmignore} is read.
   */
  public record Request(Path chartDir, Instant commitTime, Optional<String> versionOverride, Optional<HelmIgnore> ignore) {
    public Request {
      versionOverride = versionOverride == null ? Optional.empty() : versionOverride;
      ignore = ignore == null ? Optional.empty() : ignore;
    }

    public Request(Path chartDir, Instant commitTime, Optional<String> versionOverride) {
      this(chartDir, commitTime, versionOverride, Optional.empty());
    }

    public static Request of(Path chartDir, Instant commitTime) {
      return new Request(chartDir, commitTime, Optional.empty());
    }
  }

  /** The gzip comment Helm sets (helm/helm pkg/chart/v2/util/save.go {@code Save}: {@code zipper.Comment}). */
  private static final String GZIP_COMMENT = "Helm";
  /**
   * Helm's gzip extra field ({@code Save}: {@code zipper.Extra = headerBytes}): one RFC 1952
   * subfield with this id and payload, the form Helm writes since v4.2.4 (before, the same
   * payload after a {@code '+'}, which is not a valid subfield).
   */
  private static final String GZIP_EXTRA_ID = "rr";
  private static final byte[] GZIP_EXTRA_PAYLOAD = "aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=".getBytes(StandardCharsets.US_ASCII);

  private final Log log;

  public ChartPackager(Log log) {
    this.log = log;
  }

  public PackagedChart pack(Request request) {
    Path dir = request.chartDir();
    Path chartYamlFile = dir.resolve("Chart.yaml");
    if (!Files.isRegularFile(chartYamlFile)) {
      throw ReleaseException.invalidInput("no Chart.yaml in " + dir + ": pass the chart directory (helm/ of the controller repo)");
    }
    byte[] chartYaml = ChartSource.read(dir, "Chart.yaml");
    if (request.versionOverride().isPresent()) {
      chartYaml = ChartMetadata.withVersion(chartYaml, request.versionOverride().get(), chartYamlFile.toString());
    }
    ChartMetadata meta = ChartMetadata.parse(chartYaml, chartYamlFile.toString());
    HelmIgnore ignore = request.ignore().orElseGet(() -> HelmIgnore.of(dir));
    List<ChartSource.Entry> entries = ChartSource.entries(dir, ignore, "", meta.name(), meta.apiVersion(), chartYaml);
    byte[] tgz = tarGz(entries, request.commitTime());
    String digest = sha256(tgz);
    log.detail("packaged chart " + meta.name() + "-" + meta.version() + ".tgz (" + Counts.of(entries.size(), "file")
        + ", " + Sizes.binary(tgz.length) + ", " + digest + ")");
    return new PackagedChart(meta, tgz, digest, request.commitTime());
  }

  /**
   * The tar stream in a gzip member with Helm's header as Go's {@code gzip.Writer} writes it: no
   * time (Helm sets none), no file name, OS 255 (unknown), XFL 0 (the default level), the extra
   * field and the comment.
   */
  private static byte[] tarGz(List<ChartSource.Entry> entries, Instant time) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(255);
    gzip.setComment(GZIP_COMMENT);
    try {
      gzip.setExtraField(new ExtraField().addSubField(GZIP_EXTRA_ID, GZIP_EXTRA_PAYLOAD));
      try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes, gzip)) {
        gz.write(HelmTar.write(entries, time));
      }
    } catch (IOException e) {
      throw new IllegalStateException("packaging in memory failed", e);
    }
    return bytes.toByteArray();
  }

  static String sha256(byte[] data) {
    return Digests.sha256(data);
  }
}
