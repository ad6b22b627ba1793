package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packages a chart directory reproducibly: the entries {@code helm package} makes, in its order,
 * each with mode 0644, owner and group 0 without names, and the caller's time (the commit
 * time); a gzip header without time or file name. The same tree and time give the same bytes.
 * A chart version override rewrites only the {@code version:} line of the packaged Chart.yaml;
 * the chart directory is never written.
 */
public final class ChartPackager {

  /** What to package: the chart directory, the commit time, and optionally another chart version. */
  public record Request(Path chartDir, Instant commitTime, Optional<String> versionOverride) {
    public Request {
      versionOverride = versionOverride == null ? Optional.empty() : versionOverride;
    }

    public static Request of(Path chartDir, Instant commitTime) {
      return new Request(chartDir, commitTime, Optional.empty());
    }
  }

  private static final int FILE_MODE = TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | 0644;

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
    List<ChartSource.Entry> entries = ChartSource.entries(dir, "", meta.name(), meta.apiVersion(), chartYaml);
    byte[] tgz = tarGz(entries, request.commitTime());
    String digest = sha256(tgz);
    log.info("packaged chart " + meta.name() + "-" + meta.version() + ".tgz (" + entries.size() + " files, " + tgz.length
        + " bytes, " + digest + ")");
    return new PackagedChart(meta, tgz, digest, request.commitTime());
  }

  private static byte[] tarGz(List<ChartSource.Entry> entries, Instant time) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(255);
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes, gzip);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (ChartSource.Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.path());
        entry.setMode(FILE_MODE);
        entry.setIds(0, 0);
        entry.setNames("", "");
        entry.setModTime(java.nio.file.attribute.FileTime.from(time.getEpochSecond(), java.util.concurrent.TimeUnit.SECONDS));
        entry.setSize(e.data().length);
        tar.putArchiveEntry(entry);
        tar.write(e.data());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new IllegalStateException("packaging in memory failed", e);
    }
    return bytes.toByteArray();
  }

  static String sha256(byte[] data) {
    return dev.ackrelease.steps.io.Digests.sha256(data);
  }
}
