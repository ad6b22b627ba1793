package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The controller binaries of a published image, read back from the registry: for each platform
 * of the index, {@code bin/controller} out of the image's layers. An SBOM for a release published
 * before this run (nothing built now) describes what the registry really holds.
 */
final class ImageBinaries {

  private ImageBinaries() {}

  static List<SpdxSbom.Binary> fromRegistry(RegistrySession session, String name, String indexDigest, Path dir) {
    JsonNode index = session.manifest(name, indexDigest).orElseThrow(() -> ReleaseException.verification(
        session.access().registry().ref(name, indexDigest) + " is not in the registry")).json();
    List<SpdxSbom.Binary> binaries = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      String platform = m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText();
      JsonNode manifest = session.manifest(name, m.path("digest").asText()).orElseThrow().json();
      JsonNode layers = manifest.path("layers");
      for (int i = layers.size() - 1; i >= 0; i--) {
        byte[] blob = session.blob(name, layers.get(i).path("digest").asText());
        Path out = dir.resolve(platform.replace('/', '-')).resolve("controller");
        if (extract(blob, out)) {
          binaries.add(new SpdxSbom.Binary(platform, out));
          break;
        }
      }
    }
    return binaries;
  }

  /** Writes {@code bin/controller} of a gzipped layer to {@code out}; false when the layer has none. */
  private static boolean extract(byte[] layer, Path out) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(layer)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && (e.getName().equals("bin/controller") || e.getName().equals("./bin/controller"))) {
          AtomicFiles.write(out, tar.readAllBytes());
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
