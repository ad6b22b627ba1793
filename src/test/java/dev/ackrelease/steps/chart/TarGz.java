package dev.ackrelease.steps.chart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import java.util.zip.GZIPInputStream;

/** Reads a .tgz (java.util.zip: Helm writes a gzip extra field commons-compress rejects) for assertions: entries in archive order with their headers and bytes. */
record TarGz(Map<String, TarArchiveEntry> headers, Map<String, byte[]> files) {

  static TarGz read(byte[] tgz) {
    Map<String, TarArchiveEntry> headers = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        headers.put(e.getName(), e);
        files.put(e.getName(), tar.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TarGz(headers, files);
  }

  String text(String name) {
    return new String(files.get(name), StandardCharsets.UTF_8);
  }
}
