package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SBOM of a release's image: made from the binaries the run built (or, for an image
 * published earlier, from the binaries read back out of its layers), written beside the chart
 * packages, attached at {@code sha256-<hex>.sbom} (deterministic: a re-run finds its own bytes
 * there and pushes nothing), and, with a key, signed like the image (a {@code .sig} of the SBOM
 * manifest's digest).
 */
public final class Sboms {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;

  public Sboms(Log log) {
    this.log = log;
  }

  /**
   * Makes and attaches the SBOM of {@code s.indexDigest()} in repository {@code name};
   * {@code s.binaries()} empty: they are read from the registry into {@code work}.
   */
  public PublishedArtifact attach(RegistrySession session, String name, SpdxSbom.Subject s, Path work, Path dist, boolean dryRun) {
    SpdxSbom.Subject subject = s;
    if (s.binaries().isEmpty()) {
      log.info("nothing built this run: reading the controller binaries of " + s.indexDigest() + " back for its SBOM");
      subject = new SpdxSbom.Subject(s.repository(), s.indexDigest(), s.service(), s.version(), s.commit(), s.sourceUri(),
          s.created(), s.license(), ImageBinaries.fromRegistry(session, name, s.indexDigest(), work), s.baseImage(),
          s.baseImageDigest());
    }
    byte[] sbom = SpdxSbom.document(subject);
    String digest = Digests.sha256(sbom);
    Path file = dist.resolve(s.service() + "-controller-" + s.version() + ".spdx.json");
    if (!dryRun) {
      try {
        Files.createDirectories(dist);
        AtomicFiles.write(file, sbom);
      } catch (IOException e) {
        throw RunDirectory.localFailure(e, dist);
      }
    }
    PublishedArtifact row = new CosignSignatures(log).attach(session, name, SpdxSbom.tag(s.indexDigest()), "sbom",
        SpdxSbom.MEDIA_TYPE, () -> sbom, Map::of, layer -> digest.equals(layer.path("digest").asText()),
        "this SBOM (" + digest + ")", dryRun);
    log.info((dryRun ? "would attach" : "attached") + " the SPDX SBOM of " + s.repository() + "@" + s.indexDigest()
        + (dryRun ? "" : " (" + file + ")"));
    return new PublishedArtifact(row.kind(), row.ref(), row.digest(), row.action(), row.bytesPushed(), row.elapsed(),
        row.detail() + (dryRun ? "" : "; written to " + file), row.retries());
  }

  /**
   * The problems with the SBOM of {@code indexDigest}: empty when {@code .sbom} holds an SPDX 2.3
   * document naming that digest and the SBOM manifest is signed by {@code key}.
   */
  public List<String> verify(RegistrySession session, String name, String indexDigest, PublicKey key) {
    String repository = session.access().registry().repositoryRef(name);
    Optional<RegistrySession.Fetched> sbom = session.manifest(name, SpdxSbom.tag(indexDigest));
    if (sbom.isEmpty()) {
      return List.of("no SBOM of " + repository + "@" + indexDigest + " (" + session.access().registry().ref(name,
          SpdxSbom.tag(indexDigest)) + " is absent)");
    }
    List<String> problems = new ArrayList<>();
    boolean names = false;
    for (JsonNode layer : sbom.get().json().path("layers")) {
      if (SpdxSbom.MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        try {
          JsonNode doc = JSON.readTree(session.blob(name, layer.path("digest").asText()));
          names |= "SPDX-2.3".equals(doc.path("spdxVersion").asText())
              && doc.path("name").asText().equals(repository + "@" + indexDigest);
        } catch (IOException e) {
          // not JSON: reported below
        }
      }
    }
    if (!names) {
      problems.add("the SBOM at " + SpdxSbom.tag(indexDigest) + " is not an SPDX 2.3 document of " + repository + "@" + indexDigest);
    }
    problems.addAll(new CosignSignatures(log).verify(session, name, sbom.get().digest(), key));
    if (problems.isEmpty()) {
      log.info("SBOM of " + repository + "@" + indexDigest + " signed by the given key: ok");
    }
    return problems;
  }
}
