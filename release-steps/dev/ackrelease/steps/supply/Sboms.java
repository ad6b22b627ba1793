package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SBOM of a release's image, attached as {@code cosign attach sbom} does
 * (cmd/cosign/cli/attach/sbom.go {@code SBOMCmd}: {@code static.NewFile}, one layer, no
 * annotations) at {@code sha256-<hex>.sbom}: made from the binaries the run built, or, for an
 * image published earlier, from the binaries read back out of its layers, and written beside the
 * chart packages. Deterministic: a re-run makes the same bytes and finds them there.
 *
 * <p>Only an SBOM this run made or checked is signed: one already in the registry is kept when
 * its one layer is the document this run makes (or when the release key already signed it, as a
 * run of another ack-release version did); anything else there is refused (exit 3), never
 * signed and never appended to.
 */
public final class Sboms {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;

  public Sboms(Log log) {
    this.log = log;
  }

  /**
   * What the registry holds at the SBOM tag of {@code indexDigest}, decided with one read: with
   * {@code signer}, an SBOM that key already signed is kept as it is (an earlier run made and
   * checked it); else empty, and the SBOM is made and compared.
   */
  public Optional<PublishedArtifact> signedAlready(RegistrySession session, String name, String indexDigest,
      Optional<PublicKey> signer, boolean dryRun) {
    String tag = SpdxSbom.tag(indexDigest);
    CosignSignatures signatures = new CosignSignatures(log);
    Optional<RegistrySession.Fetched> there = session.manifest(name, tag);
    if (there.isPresent() && signer.isPresent() && signatures.verify(session, name, there.get().digest(), signer.get()).ok()) {
      return Optional.of(signatures.alreadyThere(session, name, tag, "sbom", there.get(), "an SBOM signed by this key", dryRun));
    }
    return Optional.empty();
  }

  /** The SBOM document of {@code s}; {@code s.binaries()} empty: they are read from the registry into {@code work}. */
  public byte[] document(RegistrySession session, String name, SpdxSbom.Subject s, Path work) {
    return SpdxSbom.document(withBinaries(session, name, s, work));
  }

  /**
   * Attaches {@code sbom} (the document of {@code s}) at the SBOM tag and keeps it in
   * {@code dist}: pushed when the tag is absent; kept when the tag holds exactly this document;
   * anything else there is refused (exit 3, naming both; in a dry run, "would refuse").
   */
  public PublishedArtifact attach(RegistrySession session, String name, SpdxSbom.Subject s, byte[] sbom, Path dist,
      boolean dryRun) {
    String tag = SpdxSbom.tag(s.indexDigest());
    String ref = session.access().registry().ref(name, tag);
    CosignSignatures signatures = new CosignSignatures(log);
    Optional<RegistrySession.Fetched> there = session.manifest(name, tag);
    String digest = Digests.sha256(sbom);
    OutputFile file = file(dist, s.service(), s.version());
    if (there.isPresent()) {
      List<CosignImage.Layer> layers = CosignImage.layers(there.get().json());
      if (layers.size() != 1 || !layers.get(0).digest().equals(digest)) {
        String found = layers.size() == 1 ? "a document " + layers.get(0).digest() : layers.size() + " layers";
        String refusal = ref + " (" + there.get().digest() + ") holds " + found + ", not the SBOM this run makes from the"
            + " image's binaries (" + digest + "): ack-release attaches and signs only an SBOM it made or checked; if another"
            + " ack-release version made it, or it is not yours, delete " + ref + " and run again";
        if (!dryRun) {
          throw ReleaseException.refused(refusal);
        }
        log.info("would refuse: " + refusal);
        return new PublishedArtifact("sbom", ref, there.get().digest(), PublishedArtifact.Action.WOULD_REFUSE, 0,
            Duration.ZERO, refusal);
      }
      write(file, sbom, dist, dryRun);
      return signatures.alreadyThere(session, name, tag, "sbom", there.get(), "this SBOM (" + digest + ")", dryRun);
    }
    write(file, sbom, dist, dryRun);
    CosignImage.Built image = CosignImage.of(List.of(CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, sbom, Map.of())));
    PublishedArtifact row = signatures.push(session, name, tag, "sbom", image, sbom, false, "this SBOM (" + digest + ")",
        dryRun);
    log.info((dryRun ? "would attach" : "attached") + " the SPDX SBOM of " + s.repository() + "@" + s.indexDigest()
        + (dryRun ? "" : " (" + file.path() + ")"));
    return new PublishedArtifact(row.kind(), row.ref(), row.digest(), row.action(), row.bytesPushed(), row.elapsed(),
        row.detail() + (dryRun ? "" : "; written to " + file.path()), row.retries());
  }

  /** The subject with its binaries: read back from the image when the run built none. */
  private SpdxSbom.Subject withBinaries(RegistrySession session, String name, SpdxSbom.Subject s, Path work) {
    if (!s.binaries().isEmpty()) {
      return s;
    }
    log.detail("nothing built this run: reading the controller binaries of " + s.indexDigest() + " back for its SBOM");
    return new SpdxSbom.Subject(s.repository(), s.indexDigest(), s.service(), s.version(), s.commit(), s.sourceUri(),
        s.created(), s.license(), ImageBinaries.fromRegistry(session, name, s.indexDigest(), work), s.baseImage(),
        s.baseImageDigest());
  }

  /** Where the SBOM of {@code service} {@code version} (e.g. {@code 1.2.3}) is kept: {@code <dist>/<service>-controller-<version>.spdx.json}. */
  public static OutputFile file(Path dist, String service, String version) {
    return OutputFile.inCache("the SBOM", dist.resolve(service + "-controller-" + version + ".spdx.json"));
  }

  private static void write(OutputFile file, byte[] sbom, Path dist, boolean dryRun) {
    if (dryRun) {
      return;
    }
    try {
      Files.createDirectories(dist);
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, dist);
    }
    file.write(sbom);
  }

  /**
   * The problems with the SBOM of {@code indexDigest}: empty when {@code .sbom} holds one layer,
   * an SPDX 2.3 document naming that digest that describes each platform's
   * {@code /bin/controller} of the image by its SHA-256, and the SBOM manifest is signed by
   * {@code key}.
   */
  public Findings verify(RegistrySession session, String name, String indexDigest, PublicKey key) {
    String repository = session.access().registry().repositoryRef(name);
    String tag = SpdxSbom.tag(indexDigest);
    Optional<RegistrySession.Fetched> sbom = session.manifest(name, tag);
    if (sbom.isEmpty()) {
      return Findings.problem("no SBOM of " + repository + "@" + indexDigest + " (" + session.access().registry().ref(name, tag)
          + " is absent)");
    }
    List<String> problems = new ArrayList<>();
    List<CosignImage.Layer> layers = CosignImage.layers(sbom.get().json());
    Optional<JsonNode> doc = Optional.empty();
    if (layers.size() != 1) {
      // cosign download sbom: "expected exactly one layer in attachment".
      problems.add("the SBOM at " + tag + " has " + layers.size() + " layers where cosign reads exactly one");
    } else if (SpdxSbom.MEDIA_TYPE.equals(layers.get(0).mediaType())) {
      try {
        doc = Optional.of(JSON.readTree(session.blob(name, layers.get(0).digest())))
            .filter(d -> "SPDX-2.3".equals(d.path("spdxVersion").asText())
                && d.path("name").asText().equals(repository + "@" + indexDigest));
      } catch (IOException e) {
        // not JSON: reported below
      }
    }
    if (layers.size() == 1 && doc.isEmpty()) {
      problems.add("the SBOM at " + tag + " is not an SPDX 2.3 document of " + repository + "@" + indexDigest);
    }
    doc.ifPresent(d -> problems.addAll(describesBinaries(d, ImageBinaries.sha256s(session, name, indexDigest), tag)));
    Findings found = new Findings(problems, List.of()).and(new CosignSignatures(log).verify(session, name, sbom.get().digest(), key));
    if (found.ok()) {
      log.info("SBOM of " + repository + "@" + indexDigest + " describes the image's binaries and is signed by the given key: ok");
    }
    return found;
  }

  /** Each platform's binary must be a package of the document by its SHA-256. */
  static List<String> describesBinaries(JsonNode doc, Map<String, String> binaries, String tag) {
    Set<String> described = new HashSet<>();
    for (JsonNode p : doc.path("packages")) {
      for (JsonNode c : p.path("checksums")) {
        if ("SHA256".equals(c.path("algorithm").asText())) {
          described.add("sha256:" + c.path("checksumValue").asText());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    binaries.forEach((platform, sha) -> {
      if (!described.contains(sha)) {
        problems.add("the SBOM at " + tag + " does not describe the image's " + platform + " /bin/controller (" + sha + ")");
      }
    });
    if (binaries.isEmpty()) {
      problems.add("the image has no /bin/controller to compare the SBOM at " + tag + " with");
    }
    return problems;
  }
}
