package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.Builder;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.supply.SpdxSbom;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures in cosign's format, made in-process with a PEM key openssl generated: pushed at
 * {@code sha256-<hex>.sig}, read back with skopeo and verified with {@code openssl dgst}
 * independently of ack-release; {@code verify --public-key} accepts them and refuses (exit 5) a
 * wrong key, a tampered payload and a signature over another digest.
 */
class SigningIT {

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;
  static Path key;
  static Path pub;
  static Path otherPub;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
    key = shared.resolve("key.pem");
    pub = shared.resolve("pub.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    Path other = shared.resolve("other.pem");
    otherPub = shared.resolve("other-pub.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", other.toString());
    openssl("pkey", "-in", other.toString(), "-pubout", "-out", otherPub.toString());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static ProcessResult openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 60).assertOk();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  static String[] publish(GitFixture repo, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString(), "--output", "json"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static CliRun verify(String service, Path publicKey) {
    return Jar.run(home, Map.of(), "verify", "--service", service, "v0.1.0", "--registry", ns(),
        "--insecure-registry", registry.address(), "--platforms", "linux/amd64", "--public-key", publicKey.toString());
  }

  @Test
  void theDerivedPublicKeyIsOpensslsOwn() throws Exception {
    assertEquals(Files.readString(pub), SigningKey.pem(key).publicKeyPem());
  }

  @Test
  void aSignedReleaseVerifiesWithOpensslAndWithVerify() throws Exception {
    GitFixture repo = SampleController.create(tmp, "codebuild");
    PublishIT.prepareAndTag(repo, "codebuild", "v0.1.0", ns());

    CliRun run = Jar.run(home, Map.of(), publish(repo, "--sign-key", key.toString()));

    assertEquals(0, run.exitCode(), run::toString);
    List<String> kinds = new ArrayList<>();
    run.json().get("artifacts").forEach(a -> kinds.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    assertEquals(List.of("image: pushed", "chart: pushed", "sbom: pushed", "signature: pushed", "signature: pushed",
        "signature: pushed", "provenance: pushed", "provenance: pushed"), kinds);
    assertTrue(run.json().get("verified").asBoolean(), "publish's own verify checked the signatures");
    String body = String.join("", Files.readAllLines(key).subList(1, Files.readAllLines(key).size() - 1));
    assertFalse(run.out().contains(body.substring(0, 20)) || run.err().contains(body.substring(0, 20)), "the private key is a secret");

    // Independently: skopeo reads the .sig manifests back, openssl checks the signature over the payload.
    String imageDigest = run.json().get("artifacts").get(0).get("digest").asText();
    String chartDigest = run.json().get("artifacts").get(1).get("digest").asText();
    checkWithOpenssl("codebuild-controller", imageDigest);
    checkWithOpenssl("codebuild-chart", chartDigest);
    checkProvenanceWithOpenssl("codebuild-controller", imageDigest, chartDigest);
    checkSbom("codebuild", imageDigest);

    assertEquals(0, verify("codebuild", pub).exitCode());
    CliRun wrongKey = verify("codebuild", otherPub);
    assertEquals(5, wrongKey.exitCode(), wrongKey::toString);
    assertTrue(wrongKey.errorLine().contains("no valid signature of " + ns() + "/codebuild-controller@" + imageDigest), wrongKey.errorLine());

    // Re-run: the signatures by this key are there; nothing is pushed.
    Map<String, String> before = registry.storageSnapshot();
    CliRun again = Jar.run(home, Map.of(), publish(repo, "--sign-key", key.toString()));
    assertEquals(0, again.exitCode(), again::toString);
    List<String> actions = new ArrayList<>();
    again.json().get("artifacts").forEach(a -> actions.add(a.get("action").asText()));
    assertEquals(Collections.nCopies(8, "unchanged"), actions);
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aKeyThatNeverLeavesKmsSignsTheRelease() throws Exception {
    try (KmsStub kms = new KmsStub()) {
      Path kmsPub = kms.publicKeyPem(tmp.resolve("kms.pub"));
      GitFixture repo = SampleController.create(tmp, "lightsail");
      PublishIT.prepareAndTag(repo, "lightsail", "v0.1.0", ns());
      Map<String, String> aws = Map.of("ACK_RELEASE_KMS_ENDPOINT", kms.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_EC2_METADATA_DISABLED", "true");

      CliRun run = Jar.run(home, aws, publish(repo, "--sign-key", "awskms:///" + KmsStub.KEY_ARN));

      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(4, kms.signs(), "KMS signed the image index, the chart, the SBOM and the provenance (one envelope for both)");
      String imageDigest = run.json().get("artifacts").get(0).get("digest").asText();
      Path saved = pub;
      pub = kmsPub;
      try {
        checkWithOpenssl("lightsail-controller", imageDigest);
      } finally {
        pub = saved;
      }
      assertEquals(0, verify("lightsail", kmsPub).exitCode());
      assertEquals(5, verify("lightsail", SigningIT.pub).exitCode(), "another key's signatures are not these");
      assertFalse(run.out().contains("wJalrXUtnFEMI") || run.err().contains("wJalrXUtnFEMI"), "AWS secrets stay secret");
    }
  }

  /** skopeo copies {@code <repository>:<tag>} (or {@code @digest}) out to {@code dir}; the manifest's first layer. */
  static JsonNode firstLayer(String reference, Path dir, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "-q", "--src-tls-verify=false"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("docker://" + ns() + "/" + reference, "dir:" + dir));
    ProcessResult.run(cmd, null, 120).assertOk();
    return PublishIT.JSON.readTree(Files.readString(dir.resolve("manifest.json"))).get("layers").get(0);
  }

  /** skopeo copies {@code <repository>:sha256-<hex>.sig} out; its payload names the digest and openssl verifies its signature. */
  void checkWithOpenssl(String repository, String digest) throws Exception {
    Path dir = tmp.resolve("sig-" + repository);
    JsonNode layer = firstLayer(repository + ":" + CosignSignatures.tag(digest), dir);
    assertEquals(CosignSignatures.SIMPLE_SIGNING, layer.get("mediaType").asText());
    Path payload = dir.resolve(layer.get("digest").asText().substring("sha256:".length()));
    JsonNode p = PublishIT.JSON.readTree(Files.readString(payload));
    assertEquals(digest, p.get("critical").get("image").get("docker-manifest-digest").asText());
    assertEquals(ns() + "/" + repository, p.get("critical").get("identity").get("docker-reference").asText());
    assertEquals("cosign container image signature", p.get("critical").get("type").asText());
    Path sig = dir.resolve("signature.der");
    Files.write(sig, Base64.getDecoder().decode(layer.get("annotations").get(CosignSignatures.SIGNATURE_ANNOTATION).asText()));
    String out = openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), payload.toString())
        .stdout().strip();
    assertEquals("Verified OK", out);
  }

  /** The .sbom holds an SPDX 2.3 document of the index: the controller, its binary by checksum, Go, each module. */
  void checkSbom(String service, String imageDigest) throws Exception {
    Path dir = tmp.resolve("sbom-" + service);
    JsonNode layer = firstLayer(service + "-controller:" + SpdxSbom.tag(imageDigest), dir);
    assertEquals("text/spdx+json", layer.get("mediaType").asText());
    JsonNode doc = PublishIT.JSON.readTree(Files.readString(dir.resolve(layer.get("digest").asText().substring(7))));
    assertEquals("SPDX-2.3", doc.get("spdxVersion").asText());
    // Valid against SPDX 2.3's published JSON schema (as SPDX's tools-java ships it).
    try (var in = SigningIT.class.getResourceAsStream("/resources/spdx-schema-v2.3.json")) {
      JsonSchema schema = JsonSchemaFactory
          .getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
      assertEquals(Set.of(), schema.validate(doc), "SPDX 2.3 schema");
    }
    assertEquals("CC0-1.0", doc.get("dataLicense").asText());
    assertEquals(ns() + "/" + service + "-controller@" + imageDigest, doc.get("name").asText());
    List<String> ids = doc.get("packages").findValuesAsText("SPDXID");
    assertTrue(ids.contains("SPDXRef-Controller") && ids.contains("SPDXRef-Binary-linux-amd64")
        && ids.stream().anyMatch(id -> id.startsWith("SPDXRef-Stdlib-go1.")), ids.toString());
    for (String id : ids) {
      assertTrue(id.matches("SPDXRef-[A-Za-z0-9.-]+"), id);
    }
    for (JsonNode p : doc.get("packages")) {
      assertTrue(p.has("name") && p.has("downloadLocation") && p.has("SPDXID"), p.toString());
    }
    // The binary's checksum is that of /bin/controller in the published image.
    Path layers = tmp.resolve("image-" + service);
    Path layerFile = layers.resolve(firstLayer(service + "-controller@" + imageDigest, layers, "--override-arch", "amd64")
        .get("digest").asText().substring(7));
    ProcessResult.run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", layerFile.toString(), "-C", layers.toString(),
        "bin/controller"), null, 60).assertOk();
    String sha = Hashes.sha256(Files.readAllBytes(layers.resolve("bin/controller")));
    for (JsonNode p : doc.get("packages")) {
      if (p.get("SPDXID").asText().equals("SPDXRef-Binary-linux-amd64")) {
        assertEquals(sha, p.get("checksums").get(0).get("checksumValue").asText());
      }
      if (p.get("name").asText().equals("stdlib")) {
        assertTrue(p.get("versionInfo").asText().startsWith("go1."), p.toString());
      }
    }
  }

  /** The .att holds a DSSE envelope: openssl verifies its signature over the PAE encoding; the statement names both digests. */
  void checkProvenanceWithOpenssl(String repository, String imageDigest, String chartDigest) throws Exception {
    Path dir = tmp.resolve("att-" + repository);
    JsonNode layer = firstLayer(repository + ":" + Provenance.tag(imageDigest), dir);
    assertEquals("application/vnd.dsse.envelope.v1+json", layer.get("mediaType").asText());
    JsonNode envelope = PublishIT.JSON.readTree(Files.readString(dir.resolve(layer.get("digest").asText().substring(7))));
    assertEquals("application/vnd.in-toto+json", envelope.get("payloadType").asText());
    byte[] statement = Base64.getDecoder().decode(envelope.get("payload").asText());
    Path pae = dir.resolve("pae");
    Files.write(pae, Provenance.pae("application/vnd.in-toto+json", statement));
    Path sig = dir.resolve("sig.der");
    Files.write(sig, Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText()));
    assertEquals("Verified OK", openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(),
        pae.toString()).stdout().strip());
    JsonNode s = PublishIT.JSON.readTree(statement);
    assertEquals("https://in-toto.io/Statement/v1", s.get("_type").asText());
    assertEquals("https://slsa.dev/provenance/v1", s.get("predicateType").asText());
    assertEquals(List.of(imageDigest.substring(7), chartDigest.substring(7)), s.get("subject").findValuesAsText("sha256"));
    JsonNode definition = s.get("predicate").get("buildDefinition");
    assertEquals("v0.1.0", definition.get("externalParameters").get("version").asText());
    assertTrue(definition.get("resolvedDependencies").get(0).get("uri").asText().startsWith("git+https://"), definition.toString());
    assertEquals(40, definition.get("resolvedDependencies").get(0).get("digest").get("gitCommit").asText().length());
    assertEquals(Builder.LOCAL, s.get("predicate").get("runDetails").get("builder").get("id").asText());
  }

  @Test
  void aTamperedPayloadAndASignatureOverAnotherDigestFailVerify() throws Exception {
    GitFixture repo = SampleController.create(tmp, "kinesis");
    PublishIT.prepareAndTag(repo, "kinesis", "v0.1.0", ns());
    CliRun run = Jar.run(home, Map.of(), publish(repo, "--sign-key", key.toString()));
    assertEquals(0, run.exitCode(), run::toString);
    String imageDigest = run.json().get("artifacts").get(0).get("digest").asText();
    String chartDigest = run.json().get("artifacts").get(1).get("digest").asText();
    RegistrySession session = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);

    // The image's signature manifest, its payload changed by one byte (the signature annotation kept).
    RegistrySession.Fetched sig = session.manifest("kinesis-controller", CosignSignatures.tag(imageDigest)).orElseThrow();
    byte[] payload = new String(session.blob("kinesis-controller", sig.json().get("layers").get(0).get("digest").asText()),
        StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":{}").getBytes(StandardCharsets.UTF_8);
    pushSignatureManifest(session, "kinesis-controller", CosignSignatures.tag(imageDigest), sig.json(), payload);
    CliRun tampered = verify("kinesis", pub);
    assertEquals(5, tampered.exitCode(), tampered::toString);
    assertTrue(tampered.errorLine().matches(".*a signature sha256:[0-9a-f]{64} the key does not verify.*"), tampered.errorLine());

    // A valid signature by the key, but over the image: put where the chart's signature belongs.
    RegistrySession fresh = new RegistrySession(registry.plainAccess(), Log.NONE, Retry.Policy.DEFAULT);
    byte[] imagePayload = CosignSignatures.payload(ns() + "/kinesis-controller", imageDigest);
    ObjectNode layer = PublishIT.JSON.createObjectNode();
    layer.put("mediaType", CosignSignatures.SIMPLE_SIGNING);
    layer.put("size", imagePayload.length);
    layer.put("digest", Digests.sha256(imagePayload));
    layer.putObject("annotations").put(CosignSignatures.SIGNATURE_ANNOTATION,
        Base64.getEncoder().encodeToString(SigningKey.pem(key).sign(imagePayload)));
    ObjectNode manifest = PublishIT.JSON.createObjectNode();
    manifest.putArray("layers").add(layer);
    pushSignatureManifest(fresh, "kinesis-chart", CosignSignatures.tag(chartDigest), manifest, imagePayload);
    CliRun other = verify("kinesis", pub);
    assertEquals(5, other.exitCode(), other::toString);
    assertTrue(other.errorLine().contains(" naming " + ns() + "/kinesis-controller@" + imageDigest), other.errorLine());
  }

  /** Pushes a signature manifest whose one layer is {@code payload} with the annotations of {@code template}'s first layer. */
  static void pushSignatureManifest(RegistrySession session, String name, String tag, JsonNode template, byte[] payload) {
    String digest = Digests.sha256(payload);
    session.pushBlob(name, digest, payload.length, () -> new ByteArrayInputStream(payload));
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    session.pushBlob(name, Digests.sha256(config), config.length, () -> new ByteArrayInputStream(config));
    ObjectNode layer = ((ObjectNode) template.get("layers").get(0)).deepCopy();
    layer.put("digest", digest);
    layer.put("size", payload.length);
    ObjectNode manifest = PublishIT.JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("size", config.length)
        .put("digest", Digests.sha256(config));
    manifest.putArray("layers").add(layer);
    session.putManifest(name, tag, "application/vnd.oci.image.manifest.v1+json", manifest.toString().getBytes(StandardCharsets.UTF_8));
  }
}
