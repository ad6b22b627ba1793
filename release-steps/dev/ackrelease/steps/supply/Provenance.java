package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.Log;
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

/**
 * SLSA v1 provenance for a release: an in-toto Statement whose subjects are the image index and
 * the chart (by digest), with the build's definition (ack-release's build type, the external
 * parameters, the resolved dependencies: the git commit, the base image by digest, the Go
 * toolchain) and who ran it (Prow: the job and build id; GitHub Actions: the run's URL; else
 * {@code local}). Wrapped in a DSSE envelope signed over the PAE encoding with the release key,
 * pushed at {@code sha256-<hex>.att} next to each subject, as cosign stores attestations. No
 * clock time is recorded, so a re-run with the same inputs makes the same statement and keeps
 * the one already there.
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

  /** What the statement says about the build. */
  public record Build(String service, String version, String registry, List<String> platforms, String mode, String sourceUri,
      String commit, Optional<String> baseImage, Optional<String> baseImageDigest, Optional<String> goVersion) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;

  public Provenance(Log log) {
    this.log = log;
  }

  /** The in-toto statement for {@code subjects}, its keys in a fixed order. */
  public static byte[] statement(List<Subject> subjects, Build b, Map<String, String> env) {
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
    run.putObject("builder").put("id", builderId(env));
    try {
      return JSON.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Who ran the build: Prow's job and build id, the GitHub Actions run URL, else {@code local}. */
  static String builderId(Map<String, String> env) {
    if (env.containsKey("PROW_JOB_ID") || (env.containsKey("JOB_NAME") && env.containsKey("BUILD_ID"))) {
      return "https://prow.k8s.io/" + env.getOrDefault("JOB_NAME", "job") + "/" + env.getOrDefault("BUILD_ID",
          env.getOrDefault("PROW_JOB_ID", ""));
    }
    if ("true".equals(env.get("GITHUB_ACTIONS")) && env.containsKey("GITHUB_RUN_ID")) {
      return env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.getOrDefault("GITHUB_REPOSITORY", "")
          + "/actions/runs/" + env.get("GITHUB_RUN_ID");
    }
    return "local";
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
  public static java.util.function.Supplier<byte[]> signedOnce(byte[] statement, SigningKey key) {
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

  /** Pushes the signed statement at the {@code .att} tag of {@code digest} in repository {@code name}. */
  public PublishedArtifact attach(RegistrySession session, String name, String digest, byte[] statement,
      java.util.function.Supplier<byte[]> signed, SigningKey key, boolean dryRun) {
    // The envelope is signed only when it is to be pushed (a dry run shows the statement alone).
    PublishedArtifact row = new CosignSignatures(log).attach(session, name, tag(digest), "provenance", DSSE_MEDIA_TYPE,
        dryRun ? () -> statement : signed, () -> Map.of(PREDICATE_ANNOTATION, PREDICATE_TYPE),
        layer -> layer.path("mediaType").asText().equals(DSSE_MEDIA_TYPE)
            && verified(session, name, layer.path("digest").asText(), key.publicKey()).filter(s -> java.util.Arrays.equals(s,
                statement)).isPresent(),
        "SLSA provenance of this build signed by this key", dryRun);
    log.info((dryRun ? "would attach" : "attached") + " SLSA provenance to " + session.access().registry().repositoryRef(name)
        + "@" + digest);
    return row;
  }

  /**
   * The problems with the provenance of {@code digest} in repository {@code name}: empty when its
   * {@code .att} holds a DSSE envelope signed by {@code key} whose statement is SLSA provenance
   * naming this digest among its subjects.
   */
  public List<String> verify(RegistrySession session, String name, String digest, PublicKey key) {
    String repository = session.access().registry().repositoryRef(name);
    Optional<RegistrySession.Fetched> att = session.manifest(name, tag(digest));
    if (att.isEmpty()) {
      return List.of("no provenance of " + repository + "@" + digest + " (" + session.access().registry().ref(name, tag(digest))
          + " is absent)");
    }
    List<String> seen = new ArrayList<>();
    for (JsonNode layer : att.get().json().path("layers")) {
      if (!DSSE_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        continue;
      }
      Optional<byte[]> statement = verified(session, name, layer.path("digest").asText(), key);
      if (statement.isEmpty()) {
        seen.add("an envelope the key does not verify");
        continue;
      }
      try {
        JsonNode s = JSON.readTree(statement.get());
        boolean names = false;
        for (JsonNode subject : s.path("subject")) {
          names |= subject.path("name").asText().equals(repository)
              && ("sha256:" + subject.path("digest").path("sha256").asText()).equals(digest);
        }
        if (PREDICATE_TYPE.equals(s.path("predicateType").asText()) && names) {
          log.info("SLSA provenance of " + repository + "@" + digest + " signed by the given key: ok");
          return List.of();
        }
        seen.add("a statement that does not name " + repository + "@" + digest);
      } catch (IOException e) {
        seen.add("a statement that is not JSON");
      }
    }
    return List.of("no valid provenance of " + repository + "@" + digest + " (found: "
        + (seen.isEmpty() ? "no DSSE envelope" : String.join(", ", seen)) + ")");
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
    } catch (IOException | RuntimeException ex) {
      return Optional.empty();
    }
  }
}
