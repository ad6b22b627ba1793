package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.supply.SpdxSbom;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.TestArtifacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply chain as the ecosystem reads it, end to end against the real registry: the same
 * inputs from scratch make the same unsigned artifacts; only an SBOM ack-release made or checked
 * is signed (a planted one is refused and left unsigned); verify checks that the SBOM describes
 * the image's binaries, that the provenance names the image and the chart, and, in a clone, that
 * the image was built from the release tag's commit; the {@code .att} layers are readable by
 * cosign's verifier (the signature annotation is there).
 */
class SupplyChainIT {

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path key;
  static Path pub;
  static Path otherKey;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    key = shared.resolve("key.pem");
    pub = shared.resolve("pub.pem");
    SigningIT.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    SigningIT.openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    otherKey = shared.resolve("other.pem");
    SigningIT.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey.toString());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  static CliRun publish(GitFixture repo, Path cache, String... extra) {
    return publish(Map.of(), repo, cache, extra);
  }

  static CliRun publish(Map<String, String> env, GitFixture repo, Path cache, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString(), "--output", "json"));
    args.addAll(List.of(extra));
    return Jar.run(home, env, args.toArray(String[]::new));
  }

  static CliRun verify(String service, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", "--service", service, "v0.1.0", "--registry", ns(),
        "--insecure-registry", registry.address(), "--platforms", "linux/amd64"));
    args.addAll(List.of(extra));
    return Jar.run(home, Map.of(), args.toArray(String[]::new));
  }

  static Map<String, String> digests(CliRun run) {
    Map<String, String> d = new LinkedHashMap<>();
    run.json().get("artifacts").forEach(a -> d.put(a.get("kind").asText(), a.get("digest").asText()));
    return d;
  }

  static void prepareAndTag(GitFixture repo, String service) {
    PublishIT.prepareAndTag(repo, service, "v0.1.0", ns());
  }

  /**
   * The image, the chart and the SBOM of two publishes from scratch (an empty registry, an empty
   * cache, a new JVM each) are the same bytes: no clock, no map order, no path leaks into them.
   * The first one's Go starts cold too (its cache in --cache-dir, empty); the second one's Go
   * finds the first one's cache (Go compiles the standard library only once), so a warm Go
   * cache leaks nothing into the bytes either.
   */
  @Test
  void twoPublishesFromScratchMakeTheSameUnsignedArtifacts() throws Exception {
    GitFixture repo = SampleController.create(tmp, "rds");
    prepareAndTag(repo, "rds");
    CliRun first = publish(Jar.OWN_GO_CACHE, repo, tmp.resolve("cache-1"), "--sbom");
    assertEquals(0, first.exitCode(), first::toString);

    // Another registry would change the chart's image reference: wipe this registry's storage
    // instead and publish once more into the empty one, with an empty cache.
    registry.stop();
    deleteTree(registry.storage());
    registry.restart();
    CliRun second = publish(Map.of("GOCACHE", tmp.resolve("cache-1/go/go-build").toString()), repo, tmp.resolve("cache-2"),
        "--sbom");
    assertEquals(0, second.exitCode(), second::toString);
    assertEquals(List.of("image", "chart", "sbom"), List.copyOf(digests(first).keySet()));
    assertEquals(digests(first), digests(second));
    second.json().get("artifacts").forEach(a -> assertEquals("pushed", a.get("action").asText(), a.toString()));
  }

  /**
   * An SBOM that is already at the image's {@code .sbom} tag but is not the one this run makes
   * from the image's binaries is refused (exit 3, naming both), never signed: the registry is
   * unchanged and the planted SBOM has no signature.
   */
  @Test
  void aPlantedSbomIsRefusedNotSigned() throws Exception {
    GitFixture repo = SampleController.create(tmp, "sns");
    prepareAndTag(repo, "sns");
    Path cache = tmp.resolve("cache");
    CliRun unsigned = publish(repo, cache);
    assertEquals(0, unsigned.exitCode(), unsigned::toString);
    String image = digests(unsigned).get("image");

    RegistrySession session = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);
    byte[] planted = ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + ns() + "/sns-controller@" + image + "\",\"packages\":[]}")
        .getBytes(StandardCharsets.UTF_8);
    String plantedManifest = push(session, "sns-controller", SpdxSbom.tag(image), SpdxSbom.MEDIA_TYPE, planted, Map.of());
    Map<String, String> before = registry.storageSnapshot();

    CliRun signed = publish(repo, cache, "--sign-key", key.toString());

    assertEquals(3, signed.exitCode(), signed::toString);
    assertTrue(signed.errorLine().contains(plantedManifest) && signed.errorLine().contains("not the SBOM this run makes"),
        signed.errorLine());
    assertEquals(before, registry.storageSnapshot(), "nothing signed, nothing pushed");
    RegistrySession fresh = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);
    assertTrue(fresh.manifest("sns-controller", CosignSignatures.tag(plantedManifest)).isEmpty(), "the planted SBOM is unsigned");
  }

  /**
   * verify --public-key reads the image's binaries back and refuses an SBOM that does not
   * describe them (even one signed by the key), and a provenance that does not name both the
   * image and the chart of the release.
   */
  @Test
  void verifyChecksTheSbomAgainstTheImageAndTheProvenanceNamesBoth() throws Exception {
    GitFixture repo = SampleController.create(tmp, "ecr");
    prepareAndTag(repo, "ecr");
    CliRun run = publish(repo, tmp.resolve("cache"), "--sign-key", key.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(0, verify("ecr", "--public-key", pub.toString()).exitCode());
    // Each row's BYTES is what was sent for that artifact, not its repository's running total:
    // a signature is a payload, a config and a manifest, far below the image sent before it.
    for (JsonNode a : run.json().get("artifacts")) {
      long bytes = a.get("bytes").asLong();
      if (a.get("kind").asText().equals("signature")) {
        assertTrue(bytes > 0 && bytes < 4096, a.toString());
      } else if (a.get("kind").asText().equals("image")) {
        assertTrue(bytes > 100_000, a.toString());
      }
    }
    String image = digests(run).get("image");
    String chart = digests(run).get("chart");
    SigningKey signer = SigningKey.pem(key);
    RegistrySession session = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);

    // cosign's verify-attestation reads Base64Signature of every .att layer: the annotation is there.
    for (String name : List.of("ecr-controller", "ecr-chart")) {
      String digest = name.endsWith("controller") ? image : chart;
      JsonNode att = session.manifest(name, Provenance.tag(digest)).orElseThrow().json();
      for (JsonNode layer : att.get("layers")) {
        assertEquals("", layer.get("annotations").get(CosignSignatures.SIGNATURE_ANNOTATION).asText(), layer.toString());
        assertEquals(Provenance.PREDICATE_TYPE, layer.get("annotations").get("predicateType").asText());
      }
    }

    // A layer by another key over another digest, appended to the image's signatures: cosign
    // accepts the set (one good signature), so verify warns, names the layer, and --strict fails.
    RegistrySession.Fetched sigs = session.manifest("ecr-controller", CosignSignatures.tag(image)).orElseThrow();
    byte[] foreign = CosignSignatures.payload(ns() + "/ecr-controller", "sha256:" + "0".repeat(64));
    String foreignDigest = Digests.sha256(foreign);
    session.pushBlob("ecr-controller", foreignDigest, foreign.length, () -> new ByteArrayInputStream(foreign));
    ObjectNode withForeign = sigs.json().deepCopy();
    ((ArrayNode) withForeign.get("layers")).addObject()
        .put("mediaType", CosignSignatures.SIMPLE_SIGNING).put("size", foreign.length).put("digest", foreignDigest)
        .putObject("annotations").put(CosignSignatures.SIGNATURE_ANNOTATION,
            Base64.getEncoder().encodeToString(SigningKey.pem(otherKey).sign(foreign)));
    session.putManifest("ecr-controller", CosignSignatures.tag(image), "application/vnd.oci.image.manifest.v1+json",
        withForeign.toString().getBytes(StandardCharsets.UTF_8));
    CliRun warned = verify("ecr", "--public-key", pub.toString(), "--output", "json");
    assertEquals(0, warned.exitCode(), warned::toString);
    assertEquals(1, warned.json().get("warnings").size(), warned.out());
    assertTrue(warned.json().get("warnings").get(0).asText().contains(foreignDigest + " naming " + ns()
        + "/ecr-controller@sha256:" + "0".repeat(64)), warned.out());
    CliRun strict = verify("ecr", "--public-key", pub.toString(), "--strict");
    assertEquals(5, strict.exitCode(), strict::toString);
    assertTrue(strict.errorLine().contains(foreignDigest), strict.errorLine());
    CliRun rerun = publish(repo, tmp.resolve("cache"), "--sign-key", key.toString());
    assertEquals(0, rerun.exitCode(), rerun::toString);
    assertTrue(rerun.json().get("warnings").toString().contains(foreignDigest), "a re-run says so: " + rerun.out());

    // An SBOM signed by the key that describes other bytes: verify reads the image and says so.
    byte[] other = ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + ns() + "/ecr-controller@" + image + "\",\"packages\":[{"
        + "\"SPDXID\":\"SPDXRef-X\",\"name\":\"controller\",\"checksums\":[{\"algorithm\":\"SHA256\",\"checksumValue\":\""
        + "0".repeat(64) + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
    String sbom = push(session, "ecr-controller", SpdxSbom.tag(image), SpdxSbom.MEDIA_TYPE, other, Map.of());
    byte[] payload = CosignSignatures.payload(ns() + "/ecr-controller", sbom);
    push(session, "ecr-controller", CosignSignatures.tag(sbom), CosignSignatures.SIMPLE_SIGNING, payload,
        Map.of(CosignSignatures.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signer.sign(payload))));
    CliRun wrongSbom = verify("ecr", "--public-key", pub.toString());
    assertEquals(5, wrongSbom.exitCode(), wrongSbom::toString);
    assertTrue(wrongSbom.errorLine().contains("does not describe the image's linux/amd64 /bin/controller"), wrongSbom.errorLine());

    // A provenance signed by the key that names the chart only, in place of the chart's.
    byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + ns() + "/ecr-chart\","
        + "\"digest\":{\"sha256\":\"" + chart.substring(7) + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\","
        + "\"predicate\":{}}").getBytes(StandardCharsets.UTF_8);
    ObjectNode envelope = PublishIT.JSON.createObjectNode();
    envelope.put("payloadType", Provenance.PAYLOAD_TYPE);
    envelope.put("payload", Base64.getEncoder().encodeToString(statement));
    envelope.putArray("signatures").addObject().put("keyid", "").put("sig",
        Base64.getEncoder().encodeToString(signer.sign(Provenance.pae(Provenance.PAYLOAD_TYPE, statement))));
    push(session, "ecr-chart", Provenance.tag(chart), Provenance.DSSE_MEDIA_TYPE,
        envelope.toString().getBytes(StandardCharsets.UTF_8), Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "",
            "predicateType", Provenance.PREDICATE_TYPE));
    CliRun chartOnly = verify("ecr", "--public-key", pub.toString());
    assertEquals(5, chartOnly.exitCode(), chartOnly::toString);
    assertTrue(chartOnly.errorLine().contains("a statement that does not name [" + ns() + "/ecr-controller@" + image + "]"),
        chartOnly.errorLine());
  }

  /**
   * verify run in a clone compares the image's revision label with the release tag's commit:
   * a clone whose v0.1.0 is another commit is exit 5 naming both; --no-source-check verifies the
   * registry alone; the clone the release was made from passes.
   */
  @Test
  void verifyInACloneChecksTheRevisionAgainstTheTag() throws Exception {
    GitFixture repo = SampleController.create(tmp, "iam");
    prepareAndTag(repo, "iam");
    CliRun run = publish(repo, tmp.resolve("cache"));
    assertEquals(0, run.exitCode(), run::toString);
    String released = repo.head();

    CliRun same = verify("iam", "--controller-dir", repo.dir().toString());
    assertEquals(0, same.exitCode(), same::toString);

    // The same version tagged on another commit, as a clone with a rewritten history has it.
    repo.write("README.md", "another build\n").commit("Another commit");
    repo.git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0");
    CliRun other = verify("iam", "--controller-dir", repo.dir().toString());
    assertEquals(5, other.exitCode(), other::toString);
    assertTrue(other.errorLine().contains("built from commit " + released) && other.errorLine().contains(repo.head()),
        other.errorLine());
    assertEquals(0, verify("iam", "--controller-dir", repo.dir().toString(), "--no-source-check").exitCode());
    assertFalse(other.err().contains("Exception"), other.err());
  }

  /**
   * Two signed publishes of one release race on a signature tag: between this run's push of a
   * {@code .sig} and its read-back, the other run's append lands (the proxy pushes it behind the
   * run's back, deterministically). The run reads the tag again, finds a signature by its key
   * over the same payload, and exits 0; the registry verifies.
   */
  @Test
  void aSignedPublishThatLosesARaceOnASignatureReadsAgainAndSucceeds() throws Exception {
    GitFixture repo = SampleController.create(tmp, "mq");
    SigningKey signer = SigningKey.pem(key);
    RegistrySession direct = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);
    AtomicReference<String> raced = new AtomicReference<>();
    try (FaultProxy proxy = new FaultProxy(registry.address())) {
      PublishIT.prepareAndTag(repo, "mq", "v0.1.0", proxy.address() + "/ack");
      String sigPath = "/v2/ack/mq-controller/manifests/sha256-[0-9a-f]{64}\\.sig$";
      // The first GET of a .sig is the look-up before the append; the second is the read-back.
      proxy.fail("GET", sigPath, 1, new FaultProxy.Then(path -> { }, null));
      proxy.fail("GET", sigPath, 1, new FaultProxy.Then(path -> {
        // The other run's append: the same payload signed again (ECDSA: other bytes), alone.
        String tag = path.substring(path.lastIndexOf('/') + 1);
        RegistrySession fresh = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);
        JsonNode mine = fresh.manifest("mq-controller", tag).orElseThrow().json().get("layers").get(0);
        byte[] payload = fresh.blob("mq-controller", mine.get("digest").asText());
        push(direct, "mq-controller", tag, CosignSignatures.SIMPLE_SIGNING, payload,
            Map.of(CosignSignatures.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signer.sign(payload))));
        raced.set(tag);
      }, null));
      List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry",
          proxy.address() + "/ack", "--insecure-registry", proxy.address(), "--base-image", "scratch", "--platforms",
          "linux/amd64", "--cache-dir", tmp.resolve("cache").toString(), "--output", "json", "--sign-key", key.toString()));
      CliRun run = Jar.run(home, Map.of(), args.toArray(String[]::new));

      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(raced.get() != null, "the race was run: " + proxy.seen("GET", sigPath));
      assertTrue(run.err().contains("another push raced this one") && run.err().contains("reading it again"), run.err());
      assertTrue(run.json().get("verified").asBoolean(), "publish's own verify found a signature by the key at " + raced.get());
    }
  }

  /**
   * A key that cannot make cosign's signatures is refused before anything is pushed: a PEM
   * secp256k1 key (a 256-bit field like P-256's, which the JDK parses but cannot sign with) and
   * a KMS key whose GetPublicKey says it is not ECC_NIST_P256 for SIGN_VERIFY. Exit 2, one line,
   * the registry still empty for that service.
   */
  @Test
  void aKeyThatCannotSignOrAKmsKeyOfAnotherSpecLeavesTheRegistryEmpty() throws Exception {
    GitFixture repo = SampleController.create(tmp, "emr");
    prepareAndTag(repo, "emr");
    Path k1 = tmp.resolve("k1.pem");
    SigningIT.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", k1.toString());
    Map<String, String> before = registry.storageSnapshot();

    CliRun secp256k1 = publish(repo, tmp.resolve("cache"), "--sign-key", k1.toString());
    assertEquals(2, secp256k1.exitCode(), secp256k1::toString);
    assertTrue(secp256k1.errorLine().contains("is not on the curve P-256"), secp256k1.errorLine());

    try (KmsStub kms = new KmsStub("secp384r1", "ECC_NIST_P384", "SIGN_VERIFY",
        "ECDSA_SHA_384")) {
      Map<String, String> aws = Map.of("ACK_RELEASE_KMS_ENDPOINT", kms.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_EC2_METADATA_DISABLED", "true");
      List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", ns(),
          "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
          tmp.resolve("cache").toString(), "--sign-key", "awskms:///" + KmsStub.KEY_ARN));
      CliRun p384 = Jar.run(home, aws, args.toArray(String[]::new));
      assertEquals(2, p384.exitCode(), p384::toString);
      assertTrue(p384.errorLine().contains("is ECC_NIST_P384 for SIGN_VERIFY, not an ECC_NIST_P256"), p384.errorLine());
      assertEquals(0, kms.signs(), "nothing was signed");
    }
    assertEquals(before, registry.storageSnapshot(), "nothing was pushed");
  }

  /** Pushes a one-layer cosign-style image at {@code tag} (a test's own, not ack-release's); its manifest digest. */
  static String push(RegistrySession session, String name, String tag, String mediaType, byte[] layer, Map<String, String> notes) {
    return TestArtifacts.push(session, name, tag, mediaType, layer, notes);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
