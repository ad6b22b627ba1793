package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The controller binaries of a published image, read back from the registry: for each platform
 * of the index, {@code bin/controller} out of the image's layers (the top-most layer that has
 * it). An SBOM for a release published before this run (nothing built now) describes what the
 * registry really holds, and verify checks an SBOM against these bytes.
 */
final class ImageBinaries {

  /** What to do with a binary found in a layer. */
  private interface Found<T> {
    T accept(String platform, InputStream binary) throws IOException;
  }

  private ImageBinaries() {}

  /** Each platform's binary, written under {@code dir}. */
  static List<SpdxSbom.Binary> fromRegistry(RegistrySession session, String name, String indexDigest, Path dir) {
    return new ArrayList<>(walk(session, name, indexDigest, (platform, in) -> {
      Path out = dir.resolve(platform.replace('/', '-')).resolve("controller");
      AtomicFiles.write(out, in.readAllBytes());
      return new SpdxSbom.Binary(platform, out);
    }).values());
  }

  /** Each platform's binary by SHA-256 (as {@code sha256:<hex>}), read as it streams. */
  static Map<String, String> sha256s(RegistrySession session, String name, String indexDigest) {
    return walk(session, name, indexDigest, (platform, in) -> Digests.sha256(in));
  }

  private static <T> Map<String, T> walk(RegistrySession session, String name, String indexDigest, Found<T> found) {
    JsonNode index = session.manifest(name, indexDigest).orElseThrow(() -> ReleaseException.verification(
        session.access().registry().ref(name, indexDigest) + " is not in the registry")).json();
    Map<String, T> binaries = new LinkedHashMap<>();
    for (JsonNode m : index.path("manifests")) {
      String platform = m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText();
      JsonNode layers = session.manifest(name, m.path("digest").asText()).map(RegistrySession.Fetched::json)
          .map(j -> j.path("layers")).orElseThrow(() -> ReleaseException.verification(session.access().registry()
              .ref(name, m.path("digest").asText()) + " (" + platform + " of " + indexDigest + ") is not in the registry"));
      for (int i = layers.size() - 1; i >= 0; i--) {
        Optional<T> t = extract(session.blob(name, layers.get(i).path("digest").asText()), platform, found);
        if (t.isPresent()) {
          binaries.put(platform, t.get());
          break;
        }
      }
    }
    return binaries;
  }

  /** {@code bin/controller} of a gzipped layer handed to {@code found}; empty when the layer has none. */
  private static <T> Optional<T> extract(byte[] layer, String platform, Found<T> found) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(layer)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && (e.getName().equals("bin/controller") || e.getName().equals("./bin/controller"))) {
          return Optional.of(found.accept(platform, tar));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
