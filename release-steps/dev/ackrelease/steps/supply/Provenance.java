package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SLSA v1 provenance for a release: an in-toto Statement v1 whose subjects are the image index and
 * the chart (by digest), with the build's definition (ack-release's build type, the external
 * parameters, the resolved dependencies: the git commit, the base image by digest, the Go
 * toolchain) and who ran it ({@link Builder}: a URI naming the trusted build platform, and the
 * run's own URL as {@code runDetails.metadata.invocationId}). Wrapped in a DSSE envelope signed
 * over the PAE encoding with the release key, pushed at {@code sha256-<hex>.att} next to each
 * subject as cosign stores attestations. No clock time is recorded; a re-run that finds a
 * provenance signed by the key with the same subjects and build definition keeps it (a run that
 * built nothing never attests its own invocation).
 */
public final class Provenance {

  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
  public static final String BUILD_TYPE = "https://github.com/aws-controllers-k8s/ack-release/buildtypes/publish/v1";
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
  static final String PREDICATE_ANNOTATION = "predicateType";

  /** One subject: a repository (host/path) and a sha256 digest. */
  public record Subject(String name, String digest) {}

  /** What the statement says about the build; {@code baseImage} as given (tag and all), {@code mainPackage} of the go build. */
  public record Build(String service, String version, String registry, List<String> platforms, String mode, String sourceUri,
      String commit, Optional<String> baseImage, Optional<String> baseImageDigest, Optional<String> goVersion,
      Optional<String> mainPackage) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;

  public Provenance(Log log) {
    this.log = log;
  }

  /** The in-toto statement for {@code subjects}, its keys in a fixed order; {@code builder} ran the build. */
  public static byte[] statement(List<Subject> subjects, Build b, Builder builder) {
    ObjectNode s = JSON.createObjectNode();
    s.put("_type", STATEMENT_TYPE);
    ArrayNode subject = s.putArray("subject");
    for (Subject x : subjects) {
      ObjectNode o = subject.addObject();
      o.put("name", x.name());
      o.putObject("digest").put("sha256", x.digest().substring("sha256:".length()));
    }
    s.put("predicateType", PREDICATE_TYPE);
    ObjectNode predicate = s.putObject("predicate");
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    ObjectNode external = definition.putObject("externalParameters");
    external.put("service", b.service());
    external.put("version", b.version());
    external.put("registry", b.registry());
    ArrayNode platforms = external.putArray("platforms");
    b.platforms().forEach(platforms::add);
    external.put("mode", b.mode());
    b.baseImage().ifPresent(base -> external.put("baseImage", base));
    b.mainPackage().ifPresent(main -> external.put("mainPackage", main));
    ArrayNode deps = definition.putArray("resolvedDependencies");
    ObjectNode source = deps.addObject();
    source.put("uri", "git+" + b.sourceUri() + "@refs/tags/" + b.version());
    source.putObject("digest").put("gitCommit", b.commit());
    if (b.baseImage().isPresent() && b.baseImageDigest().isPresent()) {
      ObjectNode base = deps.addObject();
      base.put("uri", "oci://" + b.baseImage().get());
      base.putObject("digest").put("sha256", b.baseImageDigest().get().substring("sha256:".length()));
    }
    b.goVersion().ifPresent(go -> deps.addObject().put("uri", "https://go.dev/dl/" + go).put("name", go));
    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode by = run.putObject("builder");
    by.put("id", builder.id());
    // SLSA "Builder.version": the build platform's components and their versions.
    by.putObject("version").put("ack-release", ToolVersion.get());
    builder.invocationId().ifPresent(id -> run.putObject("metadata").put("invocationId", id));
    try {
      return JSON.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DSSE's pre-authentication encoding: {@code DSSEv1 <len type> <type> <len body> <body>}. */
  public static byte[] pae(String payloadType, byte[] body) {
    byte[] head = ("DSSEv1 " + payloadType.getBytes(StandardCharsets.UTF_8).length + " " + payloadType + " " + body.length + " ")
        .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  /** The statement in a DSSE envelope signed by {@code key}. */
  static byte[] envelope(byte[] statement, SigningKey key) {
    ObjectNode e = JSON.createObjectNode();
    e.put("payloadType", PAYLOAD_TYPE);
    e.put("payload", Base64.getEncoder().encodeToString(statement));
    e.putArray("signatures").addObject().put("keyid", "").put("sig",
        Base64.getEncoder().encodeToString(key.sign(pae(PAYLOAD_TYPE, statement))));
    try {
      return JSON.writeValueAsBytes(e);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The tag cosign stores attestations of {@code digest} under: {@code sha256-<hex>.att}. */
  public static String tag(String digest) {
    return digest.replace(':', '-') + ".att";
  }

  /**
   * The signed envelope of {@code statement}, made once however many subjects it is attached to
   * (one signature, one KMS call).
   */
  public static Supplier<byte[]> signedOnce(byte[] statement, SigningKey key) {
    byte[][] made = new byte[1][];
    return () -> {
      synchronized (made) {
        if (made[0] == null) {
          made[0] = envelope(statement, key);
        }
        return made[0];
      }
    };
  }

  /**
   * The annotations of an attestation layer as cosign writes them ({@code static.NewAttestation}
   * is {@code NewSignature(payload, "")}: the signature annotation is always there, empty, and
   * cosign's attest adds {@code predicateType}); {@code Base64Signature} of cosign's verify path
   * fails on a layer without the signature annotation.
   */
  static Map<String, String> layerAnnotations() {
    return Map.of(CosignSignatures.SIGNATURE_ANNOTATION, "", PREDICATE_ANNOTATION, PREDICATE_TYPE);
  }

  /**
   * Pushes the signed statement at the {@code .att} tag of {@code digest} in repository
   * {@code name}, unless a provenance signed by {@code key} with the same subjects and build
   * definition is there already.
   */
  public PublishedArtifact attach(RegistrySession session, String name, String digest, byte[] statement,
      Supplier<byte[]> signed, SigningKey key, boolean dryRun) {
    JsonNode ours = json(statement).orElseThrow();
    // The envelope is signed only when it is to be pushed (a dry run shows the statement alone).
    PublishedArtifact row = new CosignSignatures(log).append(session, name, tag(digest), "provenance", DSSE_MEDIA_TYPE,
        dryRun ? () -> statement : signed, Provenance::layerAnnotations,
        layer -> layer.path("mediaType").asText().equals(DSSE_MEDIA_TYPE)
            && verified(session, name, layer.path("digest").asText(), key.publicKey()).flatMap(Provenance::json)
                .filter(theirs -> sameBuild(theirs, ours)).isPresent(),
        "SLSA provenance of this build signed by this key", dryRun);
    log.info((dryRun ? "would attach" : "attached") + " SLSA provenance to " + session.access().registry().repositoryRef(name)
        + "@" + digest);
    return row;
  }

  /** The same subjects, predicate and build definition: who ran it may differ (a re-run that built nothing). */
  private static boolean sameBuild(JsonNode a, JsonNode b) {
    return a.path("subject").equals(b.path("subject")) && a.path("predicateType").equals(b.path("predicateType"))
        && a.path("predicate").path("buildDefinition").equals(b.path("predicate").path("buildDefinition"));
  }

  /**
   * The problems with the provenance of {@code digest} in repository {@code name}: empty when its
   * {@code .att} holds a DSSE envelope signed by {@code key} whose statement is SLSA provenance
   * naming this digest and every one of {@code release} (the image and chart of the release it
   * signs) among its subjects.
   */
  public Findings verify(RegistrySession session, String name, String digest, PublicKey key, List<Subject> release) {
    String repository = session.access().registry().repositoryRef(name);
    Optional<RegistrySession.Fetched> att = session.manifest(name, tag(digest));
    if (att.isEmpty()) {
      return Findings.problem("no provenance of " + repository + "@" + digest + " (" + session.access().registry().ref(name, tag(digest))
          + " is absent)");
    }
    List<Subject> wanted = new ArrayList<>(release);
    if (!wanted.contains(new Subject(repository, digest))) {
      wanted.add(new Subject(repository, digest));
    }
    List<String> seen = new ArrayList<>();
    boolean good = false;
    for (JsonNode layer : att.get().json().path("layers")) {
      String layerDigest = layer.path("digest").asText();
      if (!DSSE_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        seen.add("a layer " + layerDigest + " of media type " + layer.path("mediaType").asText());
        continue;
      }
      Optional<JsonNode> statement = verified(session, name, layerDigest, key).flatMap(Provenance::json);
      if (statement.isEmpty()) {
        seen.add("an envelope " + layerDigest + " the key does not verify");
        continue;
      }
      List<Subject> named = new ArrayList<>();
      for (JsonNode subject : statement.get().path("subject")) {
        named.add(new Subject(subject.path("name").asText(), "sha256:" + subject.path("digest").path("sha256").asText()));
      }
      List<Subject> missing = wanted.stream().filter(w -> !named.contains(w)).toList();
      if (PREDICATE_TYPE.equals(statement.get().path("predicateType").asText()) && missing.isEmpty()) {
        good = true;
      } else {
        seen.add(missing.isEmpty() ? "a statement " + layerDigest + " of another predicate type"
            : "a statement that does not name " + missing.stream().map(m -> m.name() + "@" + m.digest()).toList());
      }
    }
    String ref = session.access().registry().ref(name, tag(digest));
    if (!good) {
      return Findings.problem("no valid provenance of " + repository + "@" + digest + " (found: "
          + (seen.isEmpty() ? "no DSSE envelope" : String.join(", ", seen)) + ")");
    }
    log.info("SLSA provenance of " + repository + "@" + digest + " signed by the given key: ok");
    return new Findings(List.of(), seen.stream().map(s -> ref + " also holds " + s).toList());
  }

  private static Optional<JsonNode> json(byte[] bytes) {
    try {
      return Optional.of(JSON.readTree(bytes));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The statement of the envelope blob {@code layerDigest} when its signature verifies with {@code key}. */
  private static Optional<byte[]> verified(RegistrySession session, String name, String layerDigest, PublicKey key) {
    try {
      JsonNode e = JSON.readTree(session.blob(name, layerDigest));
      byte[] statement = CosignSignatures.decode(e.path("payload").asText());
      byte[] pae = pae(e.path("payloadType").asText(), statement);
      for (JsonNode sig : e.path("signatures")) {
        if (SigningKey.verifies(key, pae, CosignSignatures.decode(sig.path("sig").asText()))) {
          return Optional.of(statement);
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException ex) {
      // Not an envelope (a registry failure is not caught: it is a remote failure, not a finding).
      return Optional.empty();
    }
  }
}
