package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Verifying the SBOM of a published image against the image itself: exactly one layer, SPDX 2.3,
 * named for the image, describing each platform's {@code /bin/controller} by its SHA-256 as read
 * out of the registry (the top-most layer holding it), and signed by the key.
 */
class SbomVerifyTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  byte[] elfBytes(String extra) throws Exception {
    byte[] base = Files.readAllBytes(Path.of("/bin/true"));
    byte[] out = Arrays.copyOf(base, base.length + extra.length());
    System.arraycopy(extra.getBytes(StandardCharsets.UTF_8), 0, out, base.length, extra.length());
    return out;
  }

  /** A controller image with these binaries, its SBOM attached from the registry, and signed by {@code key}. */
  String released(String name, Map<String, byte[]> binaries, SupplyFixture.Key key) {
    String index = SupplyFixture.pushController(SupplyFixture.session(), name, "1.0.0", binaries);
    SbomAttachTest.attach(new Sboms(Log.NONE), SbomAttachTest.subject(name, index, "1.0.0", List.of()), name, Optional.empty(),
        tmp.resolve("work-" + name), tmp.resolve("dist"), false);
    String sbom = SupplyFixture.session().manifest(name, SpdxSbom.tag(index)).orElseThrow().digest();
    new CosignSignatures(Log.NONE).sign(SupplyFixture.session(), name, sbom, key.key(), false);
    return index;
  }

  @Test
  void aSignedSbomDescribingEveryBinaryVerifies() throws Exception {
    String name = SharedRegistry.unique("sbom-ok");
    SupplyFixture.Key key = SupplyFixture.key();
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    binaries.put("linux/amd64", elfBytes("1"));
    binaries.put("linux/arm64", elfBytes("2"));
    String index = released(name, binaries, key);
    List<String> logged = new ArrayList<>();
    assertEquals(Findings.none(), new Sboms(logged::add).verify(SupplyFixture.session(), name, index, key.key().publicKey()));
    assertTrue(logged.contains("SBOM of " + SupplyFixture.repositoryRef(name) + "@" + index + " describes the image's binaries and"
        + " is signed by the given key: ok"), logged.toString());
    logged.clear();
    Findings otherKey = new Sboms(logged::add).verify(SupplyFixture.session(), name, index, SupplyFixture.key().key().publicKey());
    assertTrue(logged.stream().noneMatch(l -> l.startsWith("SBOM of ")), logged.toString());
    assertEquals(1, otherKey.problems().size());
    assertTrue(otherKey.problems().get(0).startsWith("no valid signature of "), otherKey.toString());
  }

  @Test
  void anAbsentSbomIsAProblem() {
    String name = SharedRegistry.unique("sbom-absent");
    String index = "sha256:" + "0d".repeat(32);
    String repo = SupplyFixture.repositoryRef(name);
    assertEquals(List.of("no SBOM of " + repo + "@" + index + " (" + repo + ":" + SpdxSbom.tag(index) + " is absent)"),
        new Sboms(Log.NONE).verify(SupplyFixture.session(), name, index, SupplyFixture.key().key().publicKey()).problems());
  }

  /** Replaces the SBOM of {@code index} with an image of {@code layers} (media type and content each), signed by {@code key}. */
  void replaceSbom(String name, String index, List<CosignImage.Layer> layers, List<byte[]> contents, SupplyFixture.Key key) {
    RegistrySession s = SupplyFixture.session();
    for (byte[] c : contents) {
      var b = SupplyFixture.blob(c);
      s.pushBlob(name, b.digest(), b.size(), b.content());
    }
    new CosignSignatures(Log.NONE).push(s, name, SpdxSbom.tag(index), "sbom", CosignImage.of(layers), contents.get(0), true, "x",
        false);
    String digest = SupplyFixture.session().manifest(name, SpdxSbom.tag(index)).orElseThrow().digest();
    new CosignSignatures(Log.NONE).sign(SupplyFixture.session(), name, digest, key.key(), false);
  }

  List<String> problems(String name, String index, SupplyFixture.Key key) {
    return new Sboms(Log.NONE).verify(SupplyFixture.session(), name, index, key.key().publicKey()).problems();
  }

  @Test
  void anSbomThatIsNotOneSpdxDocumentOfThisImageIsAProblem() throws Exception {
    String name = SharedRegistry.unique("sbom-bad");
    SupplyFixture.Key key = SupplyFixture.key();
    String index = released(name, Map.of("linux/amd64", elfBytes("3")), key);
    String repo = SupplyFixture.repositoryRef(name);
    String tag = SpdxSbom.tag(index);
    byte[] good = SupplyFixture.session().blob(name, SupplyFixture.session().manifest(name, tag).orElseThrow().json()
        .at("/layers/0/digest").asText());
    String notOfThis = "the SBOM at " + tag + " is not an SPDX 2.3 document of " + repo + "@" + index;

    replaceSbom(name, index, List.of(CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, good, Map.of()),
        CosignImage.Layer.of("text/plain", SupplyFixture.utf8("x"), Map.of())), List.of(good, SupplyFixture.utf8("x")), key);
    assertEquals(List.of("the SBOM at " + tag + " has 2 layers where cosign reads exactly one"), problems(name, index, key));

    replaceSbom(name, index, List.of(CosignImage.Layer.of("application/json", good, Map.of())), List.of(good), key);
    assertEquals(List.of(notOfThis), problems(name, index, key));

    for (String doc : List.of("not json {", new String(good, StandardCharsets.UTF_8).replace("SPDX-2.3", "SPDX-2.2"),
        new String(good, StandardCharsets.UTF_8).replace("\"name\" : \"" + repo + "@" + index,
            "\"name\" : \"" + repo + "@sha256:" + "0".repeat(64)))) {
      byte[] bytes = SupplyFixture.utf8(doc);
      replaceSbom(name, index, List.of(CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, bytes, Map.of())), List.of(bytes), key);
      assertEquals(List.of(notOfThis), problems(name, index, key), doc.substring(0, Math.min(40, doc.length())));
    }
  }

  @Test
  void anSbomThatDoesNotDescribeTheImagesBinaryIsAProblem() throws Exception {
    String name = SharedRegistry.unique("sbom-mismatch");
    SupplyFixture.Key key = SupplyFixture.key();
    byte[] published = elfBytes("4");
    String index = released(name, Map.of("linux/amd64", published), key);
    // An SBOM made from other binaries, attached for this image.
    Path other = Files.write(tmp.resolve("other"), elfBytes("5"));
    byte[] doc = SpdxSbom.document(SbomAttachTest.subject(name, index, "1.0.0", List.of(new SpdxSbom.Binary("linux/amd64", other))));
    replaceSbom(name, index, List.of(CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, doc, Map.of())), List.of(doc), key);
    assertEquals(List.of("the SBOM at " + SpdxSbom.tag(index) + " does not describe the image's linux/amd64 /bin/controller ("
        + Digests.sha256(published) + ")"), problems(name, index, key));
  }

  @Test
  void theComparisonNeedsABinaryToCompareWith() throws Exception {
    JsonNode doc = JSON.readTree("{\"packages\":[{\"checksums\":[{\"algorithm\":\"SHA1\",\"checksumValue\":\"aa\"},"
        + "{\"algorithm\":\"SHA256\",\"checksumValue\":\"bb\"}]}]}");
    assertEquals(List.of(), Sboms.describesBinaries(doc, Map.of("linux/amd64", "sha256:bb"), "t"));
    assertEquals(List.of("the SBOM at t does not describe the image's linux/arm64 /bin/controller (sha256:aa)"),
        Sboms.describesBinaries(doc, Map.of("linux/arm64", "sha256:aa"), "t"));
    assertEquals(List.of("the image has no /bin/controller to compare the SBOM at t with"), Sboms.describesBinaries(doc, Map.of(),
        "t"));
  }

  @Test
  void theTopMostLayerHoldingTheBinaryIsTheOneReadBack() throws Exception {
    String name = SharedRegistry.unique("binaries");
    byte[] older = elfBytes("old");
    byte[] newer = elfBytes("new");
    Map<String, List<byte[]>> layers = new LinkedHashMap<>();
    Map<String, byte[]> dirOnly = new LinkedHashMap<>();
    dirOnly.put("bin/controller/", new byte[0]);
    layers.put("linux/amd64", List.of(SupplyFixture.tarGz(Map.of("bin/controller", older)), SupplyFixture.tarGz(Map.of(
        "./bin/controller", newer)), SupplyFixture.tarGz(Map.of("etc/other", older)), SupplyFixture.utf8("not gzip")));
    layers.put("linux/arm64", List.of(SupplyFixture.tarGz(Map.of("bin/controller", older)), SupplyFixture.tarGz(dirOnly)));
    layers.put("linux/s390x", List.of(SupplyFixture.tarGz(Map.of("bin/other", older))));
    String index = SupplyFixture.pushImage(SupplyFixture.session(), name, "1.0.0", layers);

    Map<String, String> sums = ImageBinaries.sha256s(SupplyFixture.session(), name, index);
    assertEquals(Map.of("linux/amd64", Digests.sha256(newer), "linux/arm64", Digests.sha256(older)), sums);
    List<SpdxSbom.Binary> written = ImageBinaries.fromRegistry(SupplyFixture.session(), name, index, tmp.resolve("out"));
    assertEquals(List.of(new SpdxSbom.Binary("linux/amd64", tmp.resolve("out/linux-amd64/controller")),
        new SpdxSbom.Binary("linux/arm64", tmp.resolve("out/linux-arm64/controller"))), written);
    assertArrayEquals(newer, Files.readAllBytes(tmp.resolve("out/linux-amd64/controller")));
  }

  @Test
  void anImageThatIsNotInTheRegistryIsAVerificationFailure() {
    String name = SharedRegistry.unique("no-image");
    String index = "sha256:" + "e1".repeat(32);
    ReleaseException e = assertThrows(ReleaseException.class, () -> ImageBinaries.sha256s(SupplyFixture.session(), name, index));
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertEquals(SupplyFixture.repositoryRef(name) + ":" + index + " is not in the registry", e.getMessage());
  }

  @Test
  void theDocumentDescribesTheControllerItsBinariesAndItsBase() throws Exception {
    Path amd64 = Files.write(tmp.resolve("amd64"), elfBytes("6"));
    SpdxSbom.Subject s = new SpdxSbom.Subject("r.example.com/ack/s3-controller", "sha256:" + "ab".repeat(32), "s3", "1.2.3",
        "c".repeat(40), "https://github.com/aws-controllers-k8s/s3-controller", Instant.parse("2026-11-20T10:15:30Z"),
        Optional.of(SupplyFixture.utf8("MIT License\n")), List.of(new SpdxSbom.Binary("linux/amd64", amd64),
            new SpdxSbom.Binary("linux/amd64", amd64)), Optional.of("r.example.com/base:1"), Optional.of("sha256:" + "cd".repeat(32)));
    byte[] bytes = SpdxSbom.document(s);
    JsonNode doc = JSON.readTree(bytes);
    assertEquals("r.example.com/ack/s3-controller@sha256:" + "ab".repeat(32), doc.get("name").asText());
    assertEquals("2026-11-20T10:15:30Z", doc.at("/creationInfo/created").asText());
    JsonNode controller = doc.at("/packages/0");
    assertEquals("s3-controller", controller.get("name").asText());
    assertEquals("git+https://github.com/aws-controllers-k8s/s3-controller@" + "c".repeat(40), controller.get("downloadLocation")
        .asText());
    assertEquals("MIT", controller.get("licenseDeclared").asText());
    assertEquals("pkg:oci/s3-controller@sha256%3A" + "ab".repeat(32) + "?repository_url=r.example.com/ack/s3-controller",
        controller.at("/externalRefs/0/referenceLocator").asText());
    JsonNode base = doc.at("/packages/1");
    assertEquals("SPDXRef-BaseImage", base.get("SPDXID").asText());
    assertEquals("cd".repeat(32), base.at("/checksums/0/checksumValue").asText());
    assertEquals(3, doc.get("packages").size(), "the same binary twice is one package");
    JsonNode binary = doc.at("/packages/2");
    assertEquals("controller (linux/amd64)", binary.get("name").asText());
    assertEquals(Digests.sha256(amd64).substring(7), binary.at("/checksums/0/checksumValue").asText());
    List<String> relationships = new ArrayList<>();
    doc.get("relationships").forEach(r -> relationships.add(r.get("spdxElementId").asText() + " " + r.get("relationshipType").asText()
        + " " + r.get("relatedSpdxElement").asText()));
    assertEquals(List.of("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Controller", "SPDXRef-Controller DESCENDANT_OF SPDXRef-BaseImage",
        "SPDXRef-Controller CONTAINS " + binary.get("SPDXID").asText()), relationships);
    assertTrue(doc.get("documentNamespace").asText().startsWith("https://github.com/aws-controllers-k8s/ack-release/spdx/"
        + "r.example.com/ack/s3-controller/" + "ab".repeat(32) + "/"));

    SpdxSbom.Subject noBaseDigest = new SpdxSbom.Subject(s.repository(), s.indexDigest(), "s3", "1.2.3", s.commit(), s.sourceUri(),
        s.created(), Optional.empty(), List.of(), Optional.of("r.example.com/base:1"), Optional.empty());
    JsonNode bare = JSON.readTree(SpdxSbom.document(noBaseDigest));
    assertEquals(1, bare.get("packages").size());
    assertEquals("NOASSERTION", bare.at("/packages/0/licenseDeclared").asText());
    assertEquals(1, bare.get("relationships").size());
  }

  @Test
  void eachPlatformsBinaryIsAPackageOfItsOwn() throws Exception {
    Path amd64 = Files.write(tmp.resolve("amd64"), elfBytes("7"));
    Path arm64 = Files.write(tmp.resolve("arm64"), elfBytes("8"));
    JsonNode doc = JSON.readTree(SpdxSbom.document(SbomAttachTest.subject("x", "sha256:" + "ab".repeat(32), "1.0.0",
        List.of(new SpdxSbom.Binary("linux/amd64", amd64), new SpdxSbom.Binary("linux/arm64", arm64)))));
    assertEquals(3, doc.get("packages").size());
    String a = doc.at("/packages/1/SPDXID").asText();
    String b = doc.at("/packages/2/SPDXID").asText();
    assertEquals("SPDXRef-Binary-linux-amd64", a);
    assertEquals("SPDXRef-Binary-linux-arm64", b);
  }

  @Test
  void theLicenseIsReadFromItsText() {
    assertEquals("Apache-2.0", SpdxSbom.licenseId(SupplyFixture.utf8("Apache License\nVersion 2.0, January 2004")));
    assertEquals("Apache-2.0", SpdxSbom.licenseId(SupplyFixture.utf8("Apache License, version 2.0")));
    assertEquals("NOASSERTION", SpdxSbom.licenseId(SupplyFixture.utf8("Apache License, Version 1.1")));
    assertEquals("NOASSERTION", SpdxSbom.licenseId(SupplyFixture.utf8("Version 2.0 of something")));
    assertEquals("MIT", SpdxSbom.licenseId(SupplyFixture.utf8("Permission is hereby granted, free of charge, to any person")));
    assertEquals("NOASSERTION", SpdxSbom.licenseId(SupplyFixture.utf8("All rights reserved.")));
  }

  @Test
  void aBinaryThatCannotBeReadIsInvalidInput() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> SpdxSbom.document(SbomAttachTest.subject("x",
        "sha256:" + "ab".repeat(32), "1.0.0", List.of(new SpdxSbom.Binary("linux/amd64", tmp.resolve("missing"))))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("cannot read the controller binary " + tmp.resolve("missing") + " for the SBOM"),
        e.getMessage());
  }
}
