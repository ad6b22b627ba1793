package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.io.RunDirectory;
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
    return fileName(name(), version());
  }

  private static String fileName(String name, String version) {
    return name + "-" + version + ".tgz";
  }

  @Override
  public byte[] tgz() {
    return tgz.clone();
  }

  public long size() {
    return tgz.length;
  }

  /**
   * Writes the package into {@code dir} (created when missing), a directory of the cache, under
   * {@link OutputFile}'s rule, and returns the file.
   */
  public Path writeTo(Path dir) {
    OutputFile file = file(dir, name(), version());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, dir);
    }
    file.write(tgz);
    return file.path();
  }

  /** Where {@link #writeTo} puts the package of chart {@code name} {@code version} in {@code dir}. */
  public static OutputFile file(Path dir, String name, String version) {
    return OutputFile.inCache("the chart package", dir.resolve(fileName(name, version)));
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
