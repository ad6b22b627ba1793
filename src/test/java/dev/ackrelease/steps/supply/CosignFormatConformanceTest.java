package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.io.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The images ack-release stores next to an artifact ({@code .sig}, {@code .att}, {@code .sbom})
 * are what cosign writes and reads, rule by rule, each test naming the upstream file and
 * function (sigstore/cosign and google/go-containerregistry at the fetched HEAD).
 */
class CosignFormatConformanceTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] PAYLOAD = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * cosign pkg/oci/static/signature.go {@code NewAttestation} = {@code NewSignature(payload, "")}
   * and {@code staticLayer.Annotations} always sets {@code dev.cosignproject.cosign/signature};
   * pkg/oci/internal/signature/layer.go {@code sigLayer.Base64Signature} fails ("is missing
   * ... annotation") when it is absent, which {@code cosign verify-attestation} reaches through
   * pkg/cosign/verify.go {@code VerifyImageAttestation} → {@code static.Copy}.
   */
  @Test
  void anAttestationLayerCarriesTheEmptySignatureAnnotationBesidePredicateType() throws Exception {
    Map<String, String> notes = Provenance.layerAnnotations();
    assertEquals(Map.of("dev.cosignproject.cosign/signature", "", "predicateType", "https://slsa.dev/provenance/v1"), notes);
    JsonNode layer = JSON.readTree(CosignImage.of(List.of(CosignImage.Layer.of(Provenance.DSSE_MEDIA_TYPE, PAYLOAD, notes)))
        .manifest()).get("layers").get(0);
    assertTrue(layer.get("annotations").has(CosignSignatures.SIGNATURE_ANNOTATION), layer.toString());
    assertEquals("", layer.get("annotations").get(CosignSignatures.SIGNATURE_ANNOTATION).asText());
  }

  /**
   * go-containerregistry pkg/v1/config.go {@code RootFS}: {@code Type} is declared before
   * {@code DiffIDs}, so Go's encoding/json always writes {@code type} first; {@code ConfigFile}'s
   * fields in their order (architecture, created, history, os, rootfs, config) and the zero
   * {@code v1.Time} as {@code 0001-01-01T00:00:00Z}. The whole config is these exact bytes, the
   * same in every JVM (it was a {@code Map.of}, whose order changes between starts).
   */
  @Test
  void theConfigIsGgcrsConfigFileWithTypeBeforeDiffIds() {
    CosignImage.Built image = CosignImage.of(List.of(CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, PAYLOAD,
        Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "c2ln"))));
    String diffId = Digests.sha256(PAYLOAD);
    assertEquals("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
        + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},\"config\":{}}", text(image.config()));
  }

  /**
   * go-containerregistry pkg/v1/manifest.go {@code Manifest} and pkg/v1/descriptor.go
   * {@code Descriptor}: schemaVersion, mediaType, config, layers; a descriptor's mediaType,
   * size, digest, then annotations (a Go map: keys sorted) only when there are any. cosign's
   * pkg/oci/empty/empty.go {@code Signatures} sets the OCI manifest and config media types.
   */
  @Test
  void theManifestIsGgcrsManifestWithSortedAnnotations() {
    CosignImage.Built image = CosignImage.of(List.of(CosignImage.Layer.of(Provenance.DSSE_MEDIA_TYPE, PAYLOAD,
        Provenance.layerAnnotations())));
    assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + image.config().length + ",\"digest\":\"" + image.configDigest()
        + "\"},\"layers\":[{\"mediaType\":\"application/vnd.dsse.envelope.v1+json\",\"size\":" + PAYLOAD.length + ",\"digest\":\""
        + Digests.sha256(PAYLOAD) + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"\",\"predicateType\":"
        + "\"https://slsa.dev/provenance/v1\"}}]}", text(image.manifest()));
    assertEquals(Digests.sha256(image.manifest()), image.manifestDigest());
  }

  /**
   * go-containerregistry pkg/v1/mutate/image.go {@code image.compute}: every {@code Addendum}
   * appends its {@code History} (here the zero one) and its layer's diff id to the base's config,
   * which cosign pkg/oci/mutate/signatures.go {@code AppendSignatures} uses for each new
   * signature: a second signature makes two history entries, and the base's own history stays.
   */
  @Test
  void aHistoryEntryPerSignatureAndTheBaseConfigKept() throws Exception {
    byte[] second = "{\"critical\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
    CosignImage.Built one = CosignImage.of(List.of(CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, PAYLOAD,
        Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "YQ=="))));
    CosignImage.Built two = CosignImage.append(Optional.of(JSON.readTree(one.config())),
        CosignImage.layers(JSON.readTree(one.manifest())), List.of(CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, second,
            Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "Yg=="))));
    JsonNode config = JSON.readTree(two.config());
    assertEquals(2, config.get("history").size());
    assertEquals(List.of(Digests.sha256(PAYLOAD), Digests.sha256(second)), texts(config.get("rootfs").get("diff_ids")));
    assertEquals(List.of(Digests.sha256(PAYLOAD), Digests.sha256(second)),
        JSON.readTree(two.manifest()).get("layers").findValuesAsText("digest"));

    // A base config cosign wrote with --record-creation-timestamp: its created time and history stay.
    String stamped = "{\"architecture\":\"\",\"created\":\"2026-01-02T03:04:05Z\",\"history\":[{\"created\":\"2026-01-02T03:04:05Z\"}],"
        + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.sha256(PAYLOAD) + "\"]},\"config\":{}}";
    CosignImage.Built appended = CosignImage.append(Optional.of(JSON.readTree(stamped)), CosignImage.layers(
        JSON.readTree(one.manifest())), List.of(CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, second, Map.of())));
    assertEquals("{\"architecture\":\"\",\"created\":\"2026-01-02T03:04:05Z\",\"history\":[{\"created\":\"2026-01-02T03:04:05Z\"},"
        + "{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.sha256(PAYLOAD)
        + "\",\"" + Digests.sha256(second) + "\"]},\"config\":{}}", text(appended.config()));
  }

  /**
   * cosign cmd/cosign/cli/attach/sbom.go {@code SBOMCmd} writes {@code static.NewFile(sbom,
   * WithLayerMediaType(type))} (pkg/oci/static/file.go {@code NewFile}): one layer, added without
   * annotations, and {@code remote.Write} replaces the tag; {@code cosign download sbom} reads
   * exactly one layer. The SBOM image is that: one layer, no annotations.
   */
  @Test
  void theSbomImageHasExactlyOneLayerAndNoAnnotations() throws Exception {
    byte[] sbom = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    CosignImage.Built image = CosignImage.of(List.of(CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, sbom, Map.of())));
    JsonNode manifest = JSON.readTree(image.manifest());
    assertEquals(1, manifest.get("layers").size());
    assertEquals("text/spdx+json", manifest.get("layers").get(0).get("mediaType").asText());
    assertTrue(!manifest.get("layers").get(0).has("annotations") && !manifest.has("annotations"), manifest.toString());
  }

  /**
   * The same layers make the same bytes (one build, then another in the same JVM and from
   * parsed JSON): what two publishes from scratch push is identical, so the {@code .sbom} and
   * {@code .sig} tags of a re-run are the ones already there.
   */
  @Test
  void theSameLayersMakeTheSameDigest() throws Exception {
    CosignImage.Layer layer = CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, PAYLOAD,
        Map.of("b", "2", "a", "1", CosignSignatures.SIGNATURE_ANNOTATION, "c2ln"));
    CosignImage.Built first = CosignImage.of(List.of(layer));
    CosignImage.Built again = CosignImage.of(CosignImage.layers(JSON.readTree(first.manifest())));
    assertEquals(first.manifestDigest(), again.manifestDigest());
    assertEquals(List.of("a", "b", CosignSignatures.SIGNATURE_ANNOTATION),
        List.copyOf(layer.annotations().keySet()), "Go marshals map keys sorted");
  }
}
