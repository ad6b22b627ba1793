package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * A chart packaged as {@code helm package} lays it out: {@code <name>-<version>.tgz}, its bytes and
 * their digest ({@code sha256:<hex>}, the digest of the chart content layer in the registry), the
 * metadata of the packaged Chart.yaml, and the time stamped on its entries (the commit time).
 */
public record PackagedChart(ChartMetadata metadata, byte[] tgz, String digest, Instant created) {

  public PackagedChart {
    tgz = tgz.clone();
  }

  public String name() {
    return metadata.name();
  }

  public String version() {
    return metadata.version();
  }

  public String appVersion() {
    return metadata.appVersion();
  }

  /** {@code <name>-<version>.tgz}, the file name {@code helm package} gives it. */
  public String fileName() {
    return name() + "-" + version() + ".tgz";
  }

  @Override
  public byte[] tgz() {
    return tgz.clone();
  }

  public long size() {
    return tgz.length;
  }

  /** Writes the package into {@code dir} (created when missing) and returns the file. */
  public Path writeTo(Path dir) {
    Path file = dir.resolve(fileName());
    try {
      AtomicFiles.write(file, tgz);
      return file;
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot write " + file + " (" + e.getMessage() + "): choose a writable output directory");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackagedChart p && metadata.equals(p.metadata) && Arrays.equals(tgz, p.tgz)
        && digest.equals(p.digest) && created.equals(p.created);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "PackagedChart[" + fileName() + ", " + digest + ", " + tgz.length + " bytes]";
  }
}
