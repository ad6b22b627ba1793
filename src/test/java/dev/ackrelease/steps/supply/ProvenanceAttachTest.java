package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.SharedRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * SLSA provenance next to each subject at {@code sha256-<hex>.att}, against a real registry: a
 * DSSE envelope signed over the PAE once however many subjects carry it, kept on a re-run that
 * built the same thing (whoever ran it), appended otherwise; verify wants an envelope by the key
 * whose statement is SLSA provenance naming the digest and every subject of its release.
 */
class ProvenanceAttachTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String IMAGE = "sha256:" + "1a".repeat(32);
  static final String CHART = "sha256:" + "2b".repeat(32);

  final List<String> logged = new ArrayList<>();

  static Provenance.Build build(String version, Optional<String> baseDigest) {
    return new Provenance.Build("s3", version, "r.example.com/ack", List.of("linux/amd64"), "release",
        "https://github.com/aws-controllers-k8s/s3-controller", "c".repeat(40), Optional.of("r.example.com/base:1"), baseDigest,
        Optional.of("go1.22.1"), Optional.of("./cmd/controller"));
  }

  static List<Provenance.Subject> subjects(String name) {
    return List.of(new Provenance.Subject(SupplyFixture.repositoryRef(name), IMAGE),
        new Provenance.Subject(SupplyFixture.repositoryRef(name + "-chart"), CHART));
  }

  static byte[] statement(String name, String version, Map<String, String> env) {
    return Provenance.statement(subjects(name), build(version, Optional.of("sha256:" + "d".repeat(64))), Builder.of(env));
  }

  PublishedArtifact attach(RegistrySession s, String name, byte[] statement, SupplyFixture.Key key, boolean dryRun) {
    return new Provenance(logged::add).attach(s, name, IMAGE, statement, Provenance.signedOnce(statement, key.key()), key.key(),
        dryRun);
  }

  @Test
  void theEnvelopeIsSignedOverThePaeOfTheStatement() throws Exception {
    assertEquals("DSSEv1 28 application/vnd.in-toto+json 5 hello", new String(Provenance.pae(Provenance.PAYLOAD_TYPE,
        "hello".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    assertEquals("DSSEv1 2 é 0 ", new String(Provenance.pae("é", new byte[0]), StandardCharsets.UTF_8), "lengths in bytes");
    SupplyFixture.Key key = SupplyFixture.key();
    byte[] statement = "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    JsonNode envelope = JSON.readTree(Provenance.envelope(statement, key.key()));
    assertEquals(Provenance.PAYLOAD_TYPE, envelope.get("payloadType").asText());
    assertEquals(Base64.getEncoder().encodeToString(statement), envelope.get("payload").asText());
    assertEquals("", envelope.at("/signatures/0/keyid").asText());
    assertTrue(SigningKey.verifies(key.key().publicKey(), Provenance.pae(Provenance.PAYLOAD_TYPE, statement),
        Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText())));
    assertEquals(List.of("payloadType", "payload", "signatures"), fieldNames(envelope));
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theEnvelopeIsSignedOnceForEverySubject() {
    SupplyFixture.Key key = SupplyFixture.key();
    Supplier<byte[]> once = Provenance.signedOnce("{}".getBytes(StandardCharsets.UTF_8), key.key());
    byte[] first = once.get();
    assertEquals(first, once.get());
    assertEquals(1, key.signs().get());
  }

  @Test
  void theStatementNamesOnlyTheDependenciesItHas() throws Exception {
    Provenance.Build noBaseDigest = new Provenance.Build("s3", "v1.0.0", "r", List.of("linux/amd64", "linux/arm64"), "stable",
        "https://src", "c".repeat(40), Optional.of("scratch"), Optional.empty(), Optional.empty(), Optional.empty());
    JsonNode s = JSON.readTree(Provenance.statement(List.of(), noBaseDigest, Builder.of(Map.of())));
    JsonNode deps = s.at("/predicate/buildDefinition/resolvedDependencies");
    assertEquals(1, deps.size(), deps.toString());
    assertEquals("git+https://src@refs/tags/v1.0.0", deps.at("/0/uri").asText());
    assertEquals("c".repeat(40), deps.at("/0/digest/gitCommit").asText());
    JsonNode external = s.at("/predicate/buildDefinition/externalParameters");
    assertEquals("{\"service\":\"s3\",\"version\":\"v1.0.0\",\"registry\":\"r\",\"platforms\":[\"linux/amd64\",\"linux/arm64\"],"
        + "\"mode\":\"stable\",\"baseImage\":\"scratch\"}", external.toString());
    JsonNode full = JSON.readTree(statement("x", "v1.0.0", Map.of()));
    JsonNode fullDeps = full.at("/predicate/buildDefinition/resolvedDependencies");
    assertEquals("{\"uri\":\"oci://r.example.com/base:1\",\"digest\":{\"sha256\":\"" + "d".repeat(64) + "\"}}",
        fullDeps.get(1).toString());
    assertEquals("{\"uri\":\"https://go.dev/dl/go1.22.1\",\"name\":\"go1.22.1\"}", fullDeps.get(2).toString());
    assertEquals("1a".repeat(32), full.at("/subject/0/digest/sha256").asText());
    assertFalse(full.at("/predicate/runDetails").has("metadata"));
    assertTrue(full.at("/predicate/runDetails/builder/version/ack-release").isTextual());
    assertEquals("sha256-" + "1a".repeat(32) + ".att", Provenance.tag(IMAGE));
  }

  @Test
  void provenanceIsAttachedOnceAndARerunThatBuiltTheSameKeepsIt() throws Exception {
    String name = SharedRegistry.unique("attested");
    SupplyFixture.Key key = SupplyFixture.key();
    PublishedArtifact row = attach(SupplyFixture.session(), name, statement(name, "v1.0.0", Map.of()), key, false);
    assertEquals(Action.PUSHED, row.action());
    assertEquals("provenance", row.kind());
    assertEquals(SupplyFixture.repositoryRef(name) + ":" + Provenance.tag(IMAGE), row.ref());
    assertEquals(1, key.signs().get());

    JsonNode layer = SupplyFixture.session().manifest(name, Provenance.tag(IMAGE)).orElseThrow().json().at("/layers/0");
    assertEquals(Provenance.DSSE_MEDIA_TYPE, layer.get("mediaType").asText());
    assertEquals(Provenance.PREDICATE_TYPE, layer.at("/annotations/predicateType").asText());
    assertEquals("", layer.at("/annotations/dev.cosignproject.cosign~1signature").asText());

    // The same build run by a Prow job: who ran it differs, the build does not.
    byte[] onProw = statement(name, "v1.0.0", Map.of("PROW_JOB_ID", "p", "JOB_NAME", "j"));
    PublishedArtifact again = attach(SupplyFixture.session(), name, onProw, key, false);
    assertEquals(Action.ALREADY_PUBLISHED, again.action());
    assertEquals("SLSA provenance of this build signed by this key is there", again.detail());
    assertEquals(1, key.signs().get());

    // Another build definition is appended beside it.
    assertEquals(Action.PUSHED, attach(SupplyFixture.session(), name, statement(name, "v1.0.1", Map.of()), key, false).action());
    assertEquals(2, SupplyFixture.session().manifest(name, Provenance.tag(IMAGE)).orElseThrow().json().path("layers").size());
    // A provenance by another key is not this key's.
    SupplyFixture.Key other = SupplyFixture.key();
    assertEquals(Action.PUSHED, attach(SupplyFixture.session(), name, statement(name, "v1.0.0", Map.of()), other, false).action());
  }

  @Test
  void aDryRunShowsTheStatementUnsigned() {
    String name = SharedRegistry.unique("attest-dry");
    SupplyFixture.Key key = SupplyFixture.key();
    PublishedArtifact row = attach(SupplyFixture.session(), name, statement(name, "v1.0.0", Map.of()), key, true);
    assertEquals(Action.WOULD_PUSH, row.action());
    assertEquals(0, key.signs().get());
  }

  @Test
  void verifyWantsAnEnvelopeByTheKeyNamingTheDigestAndTheWholeRelease() {
    String name = SharedRegistry.unique("attest-verify");
    SupplyFixture.Key key = SupplyFixture.key();
    Provenance provenance = new Provenance(logged::add);
    List<Provenance.Subject> release = subjects(name);
    String repo = SupplyFixture.repositoryRef(name);
    assertEquals(List.of("no provenance of " + repo + "@" + IMAGE + " (" + repo + ":" + Provenance.tag(IMAGE) + " is absent)"),
        provenance.verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), release).problems());

    attach(SupplyFixture.session(), name, statement(name, "v1.0.0", Map.of()), key, false);
    assertEquals(Findings.none(), provenance.verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), release));
    assertEquals(Findings.none(), provenance.verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), List.of()),
        "the digest itself is always wanted");

    // Another key: the envelope does not verify.
    Findings otherKey = provenance.verify(SupplyFixture.session(), name, IMAGE, SupplyFixture.key().key().publicKey(), release);
    String envelope = SupplyFixture.session().manifest(name, Provenance.tag(IMAGE)).orElseThrow().json().at("/layers/0/digest")
        .asText();
    assertEquals(List.of("no valid provenance of " + repo + "@" + IMAGE + " (found: an envelope " + envelope
        + " the key does not verify)"), otherKey.problems());

    // A statement that names the release but not this digest: the digest itself is always wanted.
    String bare = SharedRegistry.unique("attest-not-me");
    byte[] chartOnly = Provenance.statement(List.of(new Provenance.Subject(SupplyFixture.repositoryRef(bare + "-chart"), CHART)),
        build("v1.0.0", Optional.empty()), Builder.of(Map.of()));
    new Provenance(Log.NONE).attach(SupplyFixture.session(), bare, IMAGE, chartOnly, Provenance.signedOnce(chartOnly, key.key()),
        key.key(), false);
    assertEquals(List.of("no valid provenance of " + SupplyFixture.repositoryRef(bare) + "@" + IMAGE + " (found: a statement that"
        + " does not name [" + SupplyFixture.repositoryRef(bare) + "@" + IMAGE + "])"), provenance.verify(SupplyFixture.session(),
            bare, IMAGE, key.key().publicKey(), List.of()).problems());

    // A release with a subject the statement does not name.
    Provenance.Subject missing = new Provenance.Subject(repo + "-other", "sha256:" + "3c".repeat(32));
    List<Provenance.Subject> bigger = new ArrayList<>(release);
    bigger.add(missing);
    assertEquals(List.of("no valid provenance of " + repo + "@" + IMAGE + " (found: a statement that does not name ["
        + missing.name() + "@" + missing.digest() + "])"),
        provenance.verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), bigger).problems());
  }

  @Test
  void layersThatAreNoSlsaProvenanceOfTheReleaseAreNamed() {
    String name = SharedRegistry.unique("attest-odd");
    SupplyFixture.Key key = SupplyFixture.key();
    RegistrySession s = SupplyFixture.session();
    byte[] otherType = SupplyFixture.utf8(new String(statement(name, "v1.0.0", Map.of()), StandardCharsets.UTF_8)
        .replace(Provenance.PREDICATE_TYPE, "https://example.com/other/v1"));
    byte[] envelope = Provenance.envelope(otherType, key.key());
    byte[] notAnEnvelope = SupplyFixture.utf8("[not an envelope");
    byte[] text = SupplyFixture.utf8("a note");
    for (byte[] blob : List.of(notAnEnvelope, text)) {
      ImmutablePush.Blob b = SupplyFixture.blob(blob);
      s.pushBlob(name, b.digest(), b.size(), b.content());
    }
    new CosignSignatures(Log.NONE).push(s, name, Provenance.tag(IMAGE), "provenance", CosignImage.of(List.of(
        CosignImage.Layer.of("text/plain", text, Map.of()),
        CosignImage.Layer.of(Provenance.DSSE_MEDIA_TYPE, notAnEnvelope, Provenance.layerAnnotations()),
        CosignImage.Layer.of(Provenance.DSSE_MEDIA_TYPE, envelope, Provenance.layerAnnotations()))), envelope, true, "odd", false);
    String repo = SupplyFixture.repositoryRef(name);
    Findings f = new Provenance(Log.NONE).verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), subjects(name));
    assertEquals(List.of("no valid provenance of " + repo + "@" + IMAGE + " (found: a layer " + Digests.sha256(text)
        + " of media type text/plain, an envelope " + Digests.sha256(notAnEnvelope) + " the key does not verify, a statement "
        + Digests.sha256(envelope) + " of another predicate type)"), f.problems());

    attach(SupplyFixture.session(), name, statement(name, "v1.0.0", Map.of()), key, false);
    Findings good = new Provenance(Log.NONE).verify(SupplyFixture.session(), name, IMAGE, key.key().publicKey(), subjects(name));
    assertEquals(List.of(), good.problems());
    assertEquals(3, good.warnings().size());
    assertTrue(good.warnings().get(0).startsWith(repo + ":" + Provenance.tag(IMAGE) + " also holds a layer "), good.toString());
  }

  @Test
  void anEmptyAttestationImageIsAProblemNamingNoEnvelope() {
    String name = SharedRegistry.unique("attest-empty");
    byte[] only = SupplyFixture.utf8("only");
    new CosignSignatures(Log.NONE).push(SupplyFixture.session(), name, Provenance.tag(IMAGE), "provenance", CosignImage.of(
        List.of(CosignImage.Layer.of("text/plain", only, Map.of()))), only, true, "x", false);
    String repo = SupplyFixture.repositoryRef(name);
    assertEquals(List.of("no valid provenance of " + repo + "@" + IMAGE + " (found: a layer " + Digests.sha256(only)
        + " of media type text/plain)"), new Provenance(Log.NONE).verify(SupplyFixture.session(), name, IMAGE,
            SupplyFixture.key().key().publicKey(), List.of()).problems());

    String bare = SharedRegistry.unique("attest-bare");
    new CosignSignatures(Log.NONE).push(SupplyFixture.session(), bare, Provenance.tag(IMAGE), "provenance", CosignImage.of(
        List.of()), only, true, "x", false);
    assertEquals(List.of("no valid provenance of " + SupplyFixture.repositoryRef(bare) + "@" + IMAGE + " (found: no DSSE envelope)"),
        new Provenance(Log.NONE).verify(SupplyFixture.session(), bare, IMAGE, SupplyFixture.key().key().publicKey(), List.of())
            .problems());
  }
}
