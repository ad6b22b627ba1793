package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.SharedRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Signing and verifying in cosign's layout against a real registry: a signature is appended to
 * what is at {@code sha256-<hex>.sig}, kept when the key already signed, made only when it is
 * pushed; a race with another appending run is read again; verify accepts a set with one good
 * signature by the key and reports every other layer.
 */
class CosignSignaturesTest {

  static final String DIGEST = "sha256:" + "ab".repeat(32);
  final List<String> logged = new ArrayList<>();

  static JsonNode json(byte[] bytes) {
    try {
      return new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String digest(String seed) {
    return Digests.sha256(SupplyFixture.utf8(seed));
  }

  @Test
  void aSignatureIsPushedOnceInCosignsLayoutAndVerifies() throws Exception {
    String name = SharedRegistry.unique("signed");
    SupplyFixture.Key a = SupplyFixture.key();
    RegistrySession s = SupplyFixture.session();
    CosignSignatures signatures = new CosignSignatures(logged::add);

    PublishedArtifact row = signatures.sign(s, name, DIGEST, a.key(), false);
    assertEquals(Action.PUSHED, row.action());
    assertEquals("signature", row.kind());
    assertEquals(SupplyFixture.repositoryRef(name) + ":" + CosignSignatures.tag(DIGEST), row.ref());
    assertEquals("sha256-" + "ab".repeat(32) + ".sig", CosignSignatures.tag(DIGEST));
    assertEquals(1, a.signs().get());

    JsonNode layers = s.manifest(name, CosignSignatures.tag(DIGEST)).orElseThrow().json().path("layers");
    assertEquals(1, layers.size());
    byte[] payload = CosignSignatures.payload(SupplyFixture.repositoryRef(name), DIGEST);
    assertEquals(CosignSignatures.SIMPLE_SIGNING, layers.get(0).path("mediaType").asText());
    assertEquals(Digests.sha256(payload), layers.get(0).path("digest").asText());
    assertArrayEquals(payload, s.blob(name, Digests.sha256(payload)));
    assertTrue(SigningKey.verifies(a.key().publicKey(), payload, Base64.getDecoder().decode(layers.get(0).path("annotations")
        .path(CosignSignatures.SIGNATURE_ANNOTATION).asText())));

    Findings ok = signatures.verify(SupplyFixture.session(), name, DIGEST, a.key().publicKey());
    assertEquals(Findings.none(), ok);

    PublishedArtifact again = signatures.sign(SupplyFixture.session(), name, DIGEST, a.key(), false);
    assertEquals(Action.ALREADY_PUBLISHED, again.action());
    assertEquals("a signature of " + DIGEST + " by this key is there", again.detail());
    assertEquals(row.digest(), again.digest());
    assertEquals(1, a.signs().get(), "no signature is made for one that is there");
    PublishedArtifact dryAgain = signatures.sign(SupplyFixture.session(), name, DIGEST, a.key(), true);
    assertEquals(Action.WOULD_SKIP, dryAgain.action());
  }

  @Test
  void theSimpleSigningPayloadNamesTheRepositoryAndDigestInCosignsFieldOrder() {
    assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"r.example.com/ack/x\"},\"image\":{\"docker-manifest-digest\":"
        + "\"" + DIGEST + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
        new String(CosignSignatures.payload("r.example.com/ack/x", DIGEST), StandardCharsets.UTF_8));
  }

  @Test
  void aDryRunMakesNoSignatureAndWritesNothing() throws Exception {
    String name = SharedRegistry.unique("dry-sign");
    SupplyFixture.Key a = SupplyFixture.key();
    PublishedArtifact row = new CosignSignatures(logged::add).sign(SupplyFixture.session(), name, DIGEST, a.key(), true);
    assertEquals(Action.WOULD_PUSH, row.action());
    assertEquals(0, a.signs().get());
    assertEquals(Optional.empty(), SupplyFixture.session().manifest(name, CosignSignatures.tag(DIGEST)));
  }

  @Test
  void anotherKeysSignatureIsAppendedAndEachKeyVerifiesWithTheOtherAsAWarning() {
    String name = SharedRegistry.unique("two-keys");
    SupplyFixture.Key a = SupplyFixture.key();
    SupplyFixture.Key b = SupplyFixture.key();
    CosignSignatures signatures = new CosignSignatures(logged::add);
    signatures.sign(SupplyFixture.session(), name, DIGEST, a.key(), false);
    PublishedArtifact appended = signatures.sign(SupplyFixture.session(), name, DIGEST, b.key(), false);
    assertEquals(Action.PUSHED, appended.action());
    RegistrySession s = SupplyFixture.session();
    JsonNode layers = s.manifest(name, CosignSignatures.tag(DIGEST)).orElseThrow().json().path("layers");
    assertEquals(2, layers.size());
    String layerA = layers.get(0).path("digest").asText();
    String layerB = layers.get(1).path("digest").asText();
    assertEquals(layerA, layerB, "the same payload");
    // mutate.Append keeps the base's config and adds to it: two layers, two diff ids, two history entries.
    JsonNode config = json(s.blob(name, s.manifest(name, CosignSignatures.tag(DIGEST)).orElseThrow().json()
        .at("/config/digest").asText()));
    assertEquals(2, config.at("/rootfs/diff_ids").size(), config.toString());
    assertEquals(2, config.path("history").size(), config.toString());

    Findings byA = signatures.verify(s, name, DIGEST, a.key().publicKey());
    assertEquals(List.of(), byA.problems());
    String ref = SupplyFixture.repositoryRef(name) + ":" + CosignSignatures.tag(DIGEST);
    assertEquals(List.of(ref + " also holds a signature " + layerB + " the key does not verify"), byA.warnings());
    assertTrue(logged.contains("signature of " + SupplyFixture.repositoryRef(name) + "@" + DIGEST
        + " by the given key: ok (1 other layer beside it)"), logged.toString());

    Findings byC = signatures.verify(s, name, DIGEST, SupplyFixture.key().key().publicKey());
    assertEquals(List.of("no valid signature of " + SupplyFixture.repositoryRef(name) + "@" + DIGEST + " by the given key at " + ref
        + " (found: a signature " + layerA + " the key does not verify, a signature " + layerB + " the key does not verify)"),
        byC.problems());
    assertEquals(List.of(), byC.warnings());
  }

  @Test
  void anAbsentSignatureIsAProblem() {
    String name = SharedRegistry.unique("unsigned");
    Findings f = new CosignSignatures(Log.NONE).verify(SupplyFixture.session(), name, DIGEST, SupplyFixture.key().key().publicKey());
    assertEquals(List.of("no signature of " + SupplyFixture.repositoryRef(name) + "@" + DIGEST + " ("
        + SupplyFixture.repositoryRef(name) + ":" + CosignSignatures.tag(DIGEST) + " is absent)"), f.problems());
  }

  @Test
  void layersThatAreNoGoodSignatureOfThisDigestAreNamed() {
    String name = SharedRegistry.unique("odd-layers");
    SupplyFixture.Key a = SupplyFixture.key();
    RegistrySession s = SupplyFixture.session();
    CosignSignatures signatures = new CosignSignatures(Log.NONE);
    String other = digest("other image");
    byte[] otherPayload = CosignSignatures.payload(SupplyFixture.repositoryRef(name), other);
    byte[] notJson = SupplyFixture.utf8("not json {");
    byte[] text = SupplyFixture.utf8("a note");
    List<CosignImage.Layer> layers = List.of(
        CosignImage.Layer.of("text/plain", text, Map.of()),
        CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, notJson, Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "%%%")),
        CosignImage.Layer.of(CosignSignatures.SIMPLE_SIGNING, otherPayload, Map.of(CosignSignatures.SIGNATURE_ANNOTATION,
            Base64.getEncoder().encodeToString(a.key().sign(otherPayload)))));
    for (byte[] blob : List.of(text, notJson)) {
      ImmutablePush.Blob b = SupplyFixture.blob(blob);
      s.pushBlob(name, b.digest(), b.size(), b.content());
    }
    signatures.push(s, name, CosignSignatures.tag(DIGEST), "signature", CosignImage.of(layers), otherPayload, true, "odd", false);

    Findings f = signatures.verify(SupplyFixture.session(), name, DIGEST, a.key().publicKey());
    assertEquals(List.of("no valid signature of " + SupplyFixture.repositoryRef(name) + "@" + DIGEST + " by the given key at "
        + SupplyFixture.repositoryRef(name) + ":" + CosignSignatures.tag(DIGEST) + " (found: a layer " + Digests.sha256(text)
        + " of media type text/plain, a payload " + Digests.sha256(notJson) + " that is not JSON, a payload "
        + Digests.sha256(otherPayload) + " naming " + SupplyFixture.repositoryRef(name) + "@" + other + ")"), f.problems());

    // A good signature beside them: ok, each other layer a warning.
    signatures.sign(SupplyFixture.session(), name, DIGEST, a.key(), false);
    Findings good = signatures.verify(SupplyFixture.session(), name, DIGEST, a.key().publicKey());
    assertEquals(List.of(), good.problems());
    assertEquals(3, good.warnings().size());
  }

  @Test
  void anEmptyImageAtTheTagIsAProblemNamingNoLayer() {
    String name = SharedRegistry.unique("empty-sig");
    RegistrySession s = SupplyFixture.session();
    CosignSignatures signatures = new CosignSignatures(Log.NONE);
    byte[] only = SupplyFixture.utf8("only");
    signatures.push(s, name, CosignSignatures.tag(DIGEST), "signature", CosignImage.of(List.of(CosignImage.Layer.of("text/plain",
        only, Map.of()))), only, true, "x", false);
    assertTrue(signatures.verify(SupplyFixture.session(), name, DIGEST, SupplyFixture.key().key().publicKey()).problems().get(0)
        .endsWith("(found: a layer " + Digests.sha256(only) + " of media type text/plain)"));
    String bare = SharedRegistry.unique("bare-sig");
    signatures.push(SupplyFixture.session(), bare, CosignSignatures.tag(DIGEST), "signature", CosignImage.of(List.of()), only, true,
        "x", false);
    assertTrue(signatures.verify(SupplyFixture.session(), bare, DIGEST, SupplyFixture.key().key().publicKey()).problems().get(0)
        .endsWith("(found: no simple-signing layer)"));
  }

  @Test
  void aRaceWithAnotherAppendIsReadAgainAndTheSignatureAppendedToWhatItLeft() {
    String name = SharedRegistry.unique("raced-sig");
    SupplyFixture.Key a = SupplyFixture.key();
    SupplyFixture.Key b = SupplyFixture.key();
    AtomicInteger races = new AtomicInteger();
    CosignSignatures racing = new CosignSignatures(message -> {
      logged.add(message);
      if (message.startsWith("reading ") && message.contains(" back: it must hold ") && races.getAndIncrement() == 0) {
        new CosignSignatures(Log.NONE).sign(SupplyFixture.session(), name, DIGEST, b.key(), false);
      }
    });
    PublishedArtifact row = racing.sign(SupplyFixture.session(), name, DIGEST, a.key(), false);
    assertTrue(row.action() == Action.PUSHED || row.action() == Action.ALREADY_PUBLISHED, row.toString());
    assertTrue(logged.stream().anyMatch(l -> l.endsWith("; reading it again (attempt 2 of 5)")), logged.toString());
    RegistrySession s = SupplyFixture.session();
    assertEquals(List.of(), new CosignSignatures(Log.NONE).verify(s, name, DIGEST, a.key().publicKey()).problems());
    assertEquals(List.of(), new CosignSignatures(Log.NONE).verify(s, name, DIGEST, b.key().publicKey()).problems());
    assertEquals(1, a.signs().get(), "the signature is made once however often it is appended");
  }

  @Test
  void aRaceLostEveryTimeFailsAfterFiveAttempts() {
    String name = SharedRegistry.unique("always-raced");
    SupplyFixture.Key a = SupplyFixture.key();
    AtomicInteger races = new AtomicInteger();
    CosignSignatures racing = new CosignSignatures(message -> {
      if (message.startsWith("reading ") && message.contains(" back: it must hold ")) {
        // Another run replaces the whole image each time.
        byte[] theirs = SupplyFixture.utf8("theirs " + races.incrementAndGet());
        new CosignSignatures(Log.NONE).push(SupplyFixture.session(), name, CosignSignatures.tag(DIGEST), "signature",
            CosignImage.of(List.of(CosignImage.Layer.of("text/plain", theirs, Map.of()))), theirs, true, "theirs", false);
      }
    });
    assertThrows(ImmutablePush.Raced.class, () -> racing.sign(SupplyFixture.session(), name, DIGEST, a.key(), false));
    assertEquals(CosignSignatures.RACE_ATTEMPTS, races.get());
    assertEquals(5, CosignSignatures.RACE_ATTEMPTS);
  }

  @Test
  void aBase64SignatureThatIsNotBase64DecodesToNothing() {
    assertArrayEquals(new byte[0], CosignSignatures.decode("%%%"));
    assertArrayEquals(new byte[] {1, 2}, CosignSignatures.decode("AQI="));
  }

  @Test
  void alreadyThereRowsSayWhatIsThere() {
    RegistrySession.Fetched f = new RegistrySession.Fetched("r", "m", DIGEST, new byte[0]);
    PublishedArtifact row = new CosignSignatures(Log.NONE).alreadyThere(SupplyFixture.session(), "x", "t", "sbom", f, "it", false);
    assertEquals(new PublishedArtifact("sbom", SupplyFixture.repositoryRef("x") + ":t", DIGEST, Action.ALREADY_PUBLISHED, 0,
        Duration.ZERO, "it is there"), row);
    assertEquals(Action.WOULD_SKIP, new CosignSignatures(Log.NONE).alreadyThere(SupplyFixture.session(), "x", "t", "sbom", f, "it",
        true).action());
  }
}
