package dev.ackrelease.steps.ghrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.image.ImageInspector;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.SpdxSbom;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry holds for a release, read through the run's session (what a publish in the
 * same run read is not fetched again): the image index and each platform's manifest, the chart, the
 * cosign signatures ({@code .sig}), the SBOM ({@code .sbom}, with its document) and the provenance
 * ({@code .att}, with its DSSE envelopes) of each. Only the registry decides: the same release
 * always reads the same, however it was published.
 */
public record Published(String service, String version, String registry, boolean insecure, Artifact image,
    List<Artifact> platforms, Artifact chart, List<Artifact> signatures, Optional<Artifact> sbom, List<Artifact> provenance,
    Optional<byte[]> sbomDocument, Optional<byte[]> envelopes) {

  /** One published thing: what it is, where, its digest. */
  public record Artifact(String kind, String ref, String digest) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads {@code service}'s release {@code version} back; a missing image or chart is a verification failure (exit 5). */
  public static Published read(RegistrySession session, String service, ReleaseVersion version, Log log, Retry.Policy retry) {
    String imageName = ImageRelease.repositoryName(service);
    String chartName = service + "-chart";
    var r = session.access().registry();
    ImageInspector.InspectedImage index = new ImageInspector(log, retry).inspect(session, imageName, version.plain())
        .orElseThrow(() -> ReleaseException.verification(r.ref(imageName, version.plain()) + " does not exist: publish the"
            + " release first (ack-release publish at the tag)"));
    RegistrySession.Fetched chartManifest = session.manifest(chartName, version.plain()).orElseThrow(() ->
        ReleaseException.verification(r.ref(chartName, version.plain()) + " does not exist: publish the release first"));
    Artifact image = new Artifact("image index", r.ref(imageName, version.plain()), index.digest());
    List<Artifact> platforms = index.platforms().stream().map(p -> new Artifact("image " + p.platform(),
        r.repositoryRef(imageName) + "@" + p.manifestDigest(), p.manifestDigest())).toList();
    Artifact chart = new Artifact("chart", r.ref(chartName, version.plain()), chartManifest.digest());
    List<Artifact> signatures = new ArrayList<>();
    List<Artifact> provenance = new ArrayList<>();
    for (Artifact a : List.of(image, chart)) {
      String name = a == image ? imageName : chartName;
      String what = a == image ? "image" : "chart";
      session.manifest(name, CosignSignatures.tag(a.digest())).ifPresent(f -> signatures.add(new Artifact("signature of the " + what,
          r.ref(name, CosignSignatures.tag(a.digest())), f.digest())));
      session.manifest(name, Provenance.tag(a.digest())).ifPresent(f -> provenance.add(new Artifact("provenance of the " + what,
          r.ref(name, Provenance.tag(a.digest())), f.digest())));
    }
    Optional<RegistrySession.Fetched> sbomManifest = session.manifest(imageName, SpdxSbom.tag(index.digest()));
    Optional<Artifact> sbom = sbomManifest.map(f -> new Artifact("SBOM (SPDX 2.3)", r.ref(imageName, SpdxSbom.tag(index.digest())),
        f.digest()));
    Optional<byte[]> document = sbomManifest.flatMap(f -> layers(f, SpdxSbom.MEDIA_TYPE).stream().findFirst())
        .map(d -> session.blob(imageName, d));
    Optional<byte[]> envelopes = session.manifest(imageName, Provenance.tag(index.digest()))
        .map(f -> jsonLines(layers(f, Provenance.DSSE_MEDIA_TYPE).stream().map(d -> session.blob(imageName, d)).toList()))
        .filter(b -> b.length > 0);
    return new Published(service, version.tag(), r.toString(), session.access().insecure(), image, platforms, chart,
        List.copyOf(signatures), sbom, List.copyOf(provenance), document, envelopes);
  }

  /** Every row of the table, in order: the index, each platform, the chart, the SBOM, the signatures, the provenance. */
  public List<Artifact> rows() {
    List<Artifact> rows = new ArrayList<>();
    rows.add(image);
    rows.addAll(platforms);
    rows.add(chart);
    sbom.ifPresent(rows::add);
    rows.addAll(signatures);
    rows.addAll(provenance);
    return rows;
  }

  /** The stable part of a publish report: each artifact's kind, reference and digest (no times, no byte counts). */
  public byte[] report() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("service", service);
    data.put("version", version);
    data.put("registry", registry);
    List<Map<String, String>> artifacts = new ArrayList<>();
    for (Artifact a : rows()) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("kind", a.kind());
      row.put("ref", a.ref());
      row.put("digest", a.digest());
      artifacts.add(row);
    }
    data.put("artifacts", artifacts);
    try {
      return (PRETTY.writeValueAsString(data) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Refuses (exit 5) a publish report whose image or chart is not what the registry holds: another
   * reference (a publish to another registry or repository) or another digest (another build); the
   * release would describe what is not there. A row without a digest is no publish's (exit 2).
   */
  public void requireAgrees(JsonNode report, String file) {
    for (JsonNode row : report.path("artifacts")) {
      String kind = row.path("kind").asText();
      Artifact here = kind.equals("image") ? image : kind.equals("chart") ? chart : null;
      if (here == null) {
        continue;
      }
      if (row.path("digest").asText("").isBlank()) {
        throw ReleaseException.invalidInput(file + "'s " + kind + " row has no digest: pass the report the publish wrote, or none");
      }
      if (!row.path("ref").asText().equals(here.ref())) {
        throw ReleaseException.verification(file + " says the " + kind + " is " + Echo.value(row.path("ref").asText()) + ", not "
            + here.ref() + ": the report is of a publish to another registry or repository; pass the report of the publish that"
            + " made this release (with this run's --registry), or none");
      }
      if (!row.path("digest").asText().equals(here.digest())) {
        throw ReleaseException.verification(file + " says " + here.ref() + " is " + row.path("digest").asText() + " but the"
            + " registry holds " + here.digest() + ": the report is of another build; pass the report of the publish that made"
            + " this release, or none");
      }
    }
  }

  /** The digests of the layers of {@code mediaType} in a manifest. */
  private static List<String> layers(RegistrySession.Fetched manifest, String mediaType) {
    List<String> digests = new ArrayList<>();
    manifest.json().path("layers").forEach(l -> {
      if (mediaType.equals(l.path("mediaType").asText())) {
        digests.add(l.path("digest").asText());
      }
    });
    return digests;
  }

  /** JSON documents one a line (the {@code .intoto.jsonl} form SLSA verifiers read), each written compactly. */
  private static byte[] jsonLines(List<byte[]> documents) {
    StringBuilder b = new StringBuilder();
    for (byte[] d : documents) {
      try {
        b.append(JSON.writeValueAsString(JSON.readTree(d))).append('\n');
      } catch (IOException e) {
        // not JSON: not an envelope, left out
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
