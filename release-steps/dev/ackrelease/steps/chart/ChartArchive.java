package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of a packaged chart ({@code .tgz}, by ack-release or by {@code helm package}), read
 * back: the top-level directory is the chart, {@code <chart>/Chart.yaml} and
 * {@code <chart>/values.yaml} its metadata and values.
 */
public record ChartArchive(String chartDir, Map<String, byte[]> files) {

  /** Reads {@code tgz}; {@code source} names it in errors. */
  public static ChartArchive read(byte[] tgz, String source) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName(), tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw ReleaseException.verification(source + " is not a chart archive (" + e.getMessage() + "): republish the chart");
    }
    String first = files.keySet().stream().findFirst()
        .orElseThrow(() -> ReleaseException.verification(source + " is an empty archive: republish the chart"));
    String dir = first.contains("/") ? first.substring(0, first.indexOf('/')) : "";
    if (dir.isEmpty() || !files.containsKey(dir + "/Chart.yaml")) {
      throw ReleaseException.verification(source + " has no <chart>/Chart.yaml: republish the chart");
    }
    return new ChartArchive(dir, files);
  }

  public ChartMetadata metadata(String source) {
    return ChartMetadata.parse(files.get(chartDir + "/Chart.yaml"), source + " " + chartDir + "/Chart.yaml");
  }

  /** The image the chart's values.yaml deploys. */
  public ChartImage image(String source) {
    byte[] values = files.get(chartDir + "/values.yaml");
    if (values == null) {
      throw ReleaseException.verification(source + " has no " + chartDir + "/values.yaml: republish the chart");
    }
    return ChartImage.fromValues(values, source + " " + chartDir + "/values.yaml");
  }
}
