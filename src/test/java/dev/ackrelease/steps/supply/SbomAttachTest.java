package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Duration;

/**
 * The image's SBOM at {@code sha256-<hex>.sbom}, against a real registry: made from the binaries
 * built (or read back out of the image), written beside the charts, attached once; an SBOM that
 * is not the one this run makes is refused (exit 3) unless the release key signed it; verify
 * wants one SPDX 2.3 layer naming the image that describes each platform's binary, signed.
 */
class SbomAttachTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  final List<String> logged = new ArrayList<>();

  /** An ELF file (a copy of /bin/true, with {@code extra} appended so each is its own binary). */
  Path elf(String name, String extra) throws Exception {
    Path file = Files.createDirectories(tmp.resolve("bin")).resolve(name);
    Files.copy(Path.of("/bin/true"), file, StandardCopyOption.REPLACE_EXISTING);
    Files.write(file, extra.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    return file;
  }

  static SpdxSbom.Subject subject(String name, String indexDigest, String version, List<SpdxSbom.Binary> binaries) {
    return new SpdxSbom.Subject(SupplyFixture.repositoryRef(name), indexDigest, "s3", version, "c".repeat(40),
        "https://github.com/aws-controllers-k8s/s3-controller", Instant.parse("2026-11-20T10:15:30Z"), Optional.empty(), binaries,
        Optional.empty(), Optional.empty());
  }

  PublishedArtifact attach(SpdxSbom.Subject s, String name, Optional<PublicKey> signer, boolean dryRun) {
    return attach(new Sboms(logged::add), s, name, signer, tmp.resolve("work"), tmp.resolve("dist"), dryRun);
  }

  /**
   * What publish's SBOM kind does (kinds/SbomKind: decide, build, push): an SBOM {@code signer}
   * signed is kept; else the document of {@code s} is made (its binaries read back into
   * {@code work} when it has none) and attached.
   */
  static PublishedArtifact attach(Sboms sboms, SpdxSbom.Subject s, String name, Optional<PublicKey> signer,
      Path work, Path dist, boolean dryRun) {
    RegistrySession session = SupplyFixture.session();
    return sboms.signedAlready(session, name, s.indexDigest(), signer, dryRun)
        .orElseGet(() -> sboms.attach(session, name, s, sboms.document(session, name, s, work), dist, dryRun));
  }

  @Test
  void theSbomOfTheBuiltBinariesIsWrittenAndAttachedOnce() throws Exception {
    String name = SharedRegistry.unique("sbom");
    String index = "sha256:" + "5e".repeat(32);
    SpdxSbom.Subject s = subject(name, index, "1.2.3", List.of(new SpdxSbom.Binary("linux/amd64", elf("amd64", "a"))));
    byte[] doc = SpdxSbom.document(s);
    Path file = tmp.resolve("dist/s3-controller-1.2.3.spdx.json");

    PublishedArtifact dry = attach(s, name, Optional.empty(), true);
    assertEquals(Action.WOULD_PUSH, dry.action());
    assertFalse(Files.exists(file), "a dry run writes nothing");
    assertFalse(dry.detail().contains("written to"), dry.detail());

    PublishedArtifact row = attach(s, name, Optional.empty(), false);
    assertEquals(Action.PUSHED, row.action());
    assertEquals("sbom", row.kind());
    assertEquals(SupplyFixture.repositoryRef(name) + ":" + SpdxSbom.tag(index), row.ref());
    assertTrue(row.detail().endsWith("; written to " + file), row.detail());
    assertArrayEquals(doc, Files.readAllBytes(file));
    assertTrue(logged.contains("attached the SPDX SBOM of " + SupplyFixture.repositoryRef(name) + "@" + index + " (" + file + ")"),
        logged.toString());
    assertTrue(logged.contains("would attach the SPDX SBOM of " + SupplyFixture.repositoryRef(name) + "@" + index), logged.toString());
    JsonNode manifest = SupplyFixture.session().manifest(name, SpdxSbom.tag(index)).orElseThrow().json();
    assertEquals(1, manifest.path("layers").size());
    assertEquals(SpdxSbom.MEDIA_TYPE, manifest.at("/layers/0/mediaType").asText());
    assertEquals(Digests.sha256(doc), manifest.at("/layers/0/digest").asText());
    assertFalse(manifest.at("/layers/0").has("annotations"), "cosign attach sbom sets none");

    Files.delete(file);
    PublishedArtifact again = attach(s, name, Optional.empty(), false);
    assertEquals(Action.ALREADY_PUBLISHED, again.action());
    assertEquals("this SBOM (" + Digests.sha256(doc) + ") is there", again.detail());
    assertArrayEquals(doc, Files.readAllBytes(file), "written again beside the charts");
  }

  @Test
  void anotherSbomThereIsRefusedAndADryRunSaysItWouldRefuse() throws Exception {
    String name = SharedRegistry.unique("sbom-other");
    String index = "sha256:" + "6f".repeat(32);
    List<SpdxSbom.Binary> binaries = List.of(new SpdxSbom.Binary("linux/amd64", elf("amd64", "b")));
    attach(subject(name, index, "1.2.3", binaries), name, Optional.empty(), false);
    RegistrySession.Fetched there = SupplyFixture.session().manifest(name, SpdxSbom.tag(index)).orElseThrow();
    SpdxSbom.Subject ours = subject(name, index, "1.2.4", binaries);
    String ref = SupplyFixture.repositoryRef(name) + ":" + SpdxSbom.tag(index);
    String expected = ref + " (" + there.digest() + ") holds a document " + there.json().at("/layers/0/digest").asText()
        + ", not the SBOM this run makes from the image's binaries (" + Digests.sha256(SpdxSbom.document(ours)) + "): ack-release"
        + " attaches and signs only an SBOM it made or checked; if another ack-release version made it, or it is not yours,"
        + " delete " + ref + " and run again";
    ReleaseException e = assertThrows(ReleaseException.class, () -> attach(ours, name, Optional.empty(), false));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertEquals(expected, e.getMessage());
    assertFalse(Files.exists(tmp.resolve("dist/s3-controller-1.2.4.spdx.json")), "nothing written for a refusal");

    PublishedArtifact dry = attach(ours, name, Optional.empty(), true);
    assertEquals(new PublishedArtifact("sbom", ref, there.digest(), Action.WOULD_REFUSE, 0, Duration.ZERO, expected), dry);
  }

  @Test
  void anSbomImageOfSeveralLayersIsRefused() throws Exception {
    String name = SharedRegistry.unique("sbom-layers");
    String index = "sha256:" + "7a".repeat(32);
    byte[] one = SupplyFixture.utf8("one");
    byte[] two = SupplyFixture.utf8("two");
    RegistrySession s = SupplyFixture.session();
    ImmutablePush.Blob b = SupplyFixture.blob(one);
    s.pushBlob(name, b.digest(), b.size(), b.content());
    new CosignSignatures(Log.NONE).push(s, name, SpdxSbom.tag(index), "sbom", CosignImage.of(List.of(
        CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, one, Map.of()), CosignImage.Layer.of(SpdxSbom.MEDIA_TYPE, two, Map.of()))), two,
        true, "x", false);
    ReleaseException e = assertThrows(ReleaseException.class, () -> attach(subject(name, index, "1.0.0",
        List.of(new SpdxSbom.Binary("linux/amd64", elf("amd64", "c")))), name, Optional.empty(), false));
    assertTrue(e.getMessage().contains(") holds 2 layers, not the SBOM this run makes"), e.getMessage());
  }

  @Test
  void anSbomTheReleaseKeySignedIsKeptWithoutMakingOne() throws Exception {
    String name = SharedRegistry.unique("sbom-signed");
    String index = "sha256:" + "8b".repeat(32);
    SupplyFixture.Key key = SupplyFixture.key();
    attach(subject(name, index, "1.0.0", List.of(new SpdxSbom.Binary("linux/amd64", elf("amd64", "d")))), name, Optional.empty(),
        false);
    String sbomDigest = SupplyFixture.session().manifest(name, SpdxSbom.tag(index)).orElseThrow().digest();
    // No binaries and no image in the registry: making an SBOM would fail, keeping one does not need to.
    SpdxSbom.Subject nothingBuilt = subject(name, index, "9.9.9", List.of());
    ReleaseException notThere = assertThrows(ReleaseException.class, () -> attach(nothingBuilt, name,
        Optional.of(key.key().publicKey()), false));
    assertEquals(ReleaseException.Kind.VERIFICATION, notThere.kind(), "unsigned: made again from the image, which is not there");
    new CosignSignatures(Log.NONE).sign(SupplyFixture.session(), name, sbomDigest, key.key(), false);
    PublishedArtifact kept = attach(nothingBuilt, name, Optional.of(key.key().publicKey()), false);
    assertEquals(Action.ALREADY_PUBLISHED, kept.action());
    assertEquals("an SBOM signed by this key is there", kept.detail());
    assertEquals(sbomDigest, kept.digest());
  }

  @Test
  void withNothingBuiltTheBinariesAreReadBackOutOfTheImage() throws Exception {
    String name = SharedRegistry.unique("sbom-readback");
    byte[] amd64 = Files.readAllBytes(elf("amd64", "e"));
    byte[] arm64 = Files.readAllBytes(elf("arm64", "f"));
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    binaries.put("linux/amd64", amd64);
    binaries.put("linux/arm64", arm64);
    String index = SupplyFixture.pushController(SupplyFixture.session(), name, "1.0.0", binaries);
    PublishedArtifact row = attach(subject(name, index, "1.0.0", List.of()), name, Optional.empty(), false);
    assertEquals(Action.PUSHED, row.action());
    assertArrayEquals(amd64, Files.readAllBytes(tmp.resolve("work/linux-amd64/controller")));
    assertArrayEquals(arm64, Files.readAllBytes(tmp.resolve("work/linux-arm64/controller")));
    JsonNode doc = JSON.readTree(tmp.resolve("dist/s3-controller-1.0.0.spdx.json").toFile());
    assertEquals(List.of(), Sboms.describesBinaries(doc, Map.of("linux/amd64", Digests.sha256(amd64), "linux/arm64",
        Digests.sha256(arm64)), "t"));
  }

  @Test
  void aDistributionDirectoryThatCannotBeWrittenIsInvalidInput() throws Exception {
    String name = SharedRegistry.unique("sbom-unwritable");
    Files.writeString(tmp.resolve("dist"), "a file");
    ReleaseException e = assertThrows(ReleaseException.class, () -> attach(subject(name, "sha256:" + "9c".repeat(32), "1.0.0",
        List.of(new SpdxSbom.Binary("linux/amd64", elf("amd64", "g")))), name, Optional.empty(), false));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().endsWith("pass a writable --cache-dir"), e.getMessage());
    assertEquals(Optional.empty(), SupplyFixture.session().manifest(name, SpdxSbom.tag("sha256:" + "9c".repeat(32))),
        "nothing pushed");
  }
}
