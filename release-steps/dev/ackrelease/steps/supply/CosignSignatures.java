package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signatures in cosign's format, made in-process. The payload is cosign's simple-signing JSON
 * naming the repository and the signed digest; the signature is base64 ECDSA-SHA256 (DER) over
 * the payload's bytes, carried by the annotation {@value #SIGNATURE_ANNOTATION} on a layer of
 * media type {@value #SIMPLE_SIGNING} (the payload itself). The layers make an OCI image
 * manifest tagged {@code sha256-<hex>.sig} in the signed artifact's repository, where
 * {@code cosign verify --key pub.pem --insecure-ignore-tlog} finds it. A signature already there
 * by the same key is kept (nothing pushed); another is appended as cosign does.
 */
public final class CosignSignatures {

  public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  public static final String SIGNATURE_TYPE = "cosign container image signature";
  static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Log log;

  public CosignSignatures(Log log) {
    this.log = log;
  }

  /** The tag cosign stores the signatures of {@code digest} under: {@code sha256-<hex>.sig}. */
  public static String tag(String digest) {
    return digest.replace(':', '-') + ".sig";
  }

  /** cosign's simple-signing payload for {@code digest} in {@code repository} (host/path, no tag), its field order. */
  public static byte[] payload(String repository, String digest) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", repository);
    critical.putObject("image").put("docker-manifest-digest", digest);
    critical.put("type", SIGNATURE_TYPE);
    root.putNull("optional");
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs {@code digest} (an artifact of repository {@code name}) and pushes the signature manifest; the row says what happened. */
  public PublishedArtifact sign(RegistrySession session, String name, String digest, SigningKey key, boolean dryRun) {
    String repository = session.access().registry().repositoryRef(name);
    byte[] payload = payload(repository, digest);
    String payloadDigest = Digests.sha256(payload);
    PublishedArtifact row = attach(session, name, tag(digest), "signature", SIMPLE_SIGNING, () -> payload,
        () -> Map.of(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(key.sign(payload))),
        layer -> payloadDigest.equals(layer.path("digest").asText()) && SigningKey.verifies(key.publicKey(), payload,
            decode(layer.path("annotations").path(SIGNATURE_ANNOTATION).asText())),
        "a signature of " + digest + " by this key", dryRun);
    log.info((dryRun ? "would sign " : "signed ") + repository + "@" + digest + " (" + row.ref() + ")");
    return row;
  }

  /**
   * Adds a layer ({@code content} of {@code mediaType}, with {@code annotations}) to the manifest
   * at {@code tag} (cosign's way: the layers already there stay), unless a layer already there
   * satisfies {@code same}; pushed as a movable tag through {@link ImmutablePush}. The content and
   * annotations are made only when a layer is to be added (a signature costs a KMS call).
   */
  PublishedArtifact attach(RegistrySession session, String name, String tag, String kind, String mediaType,
      java.util.function.Supplier<byte[]> content, java.util.function.Supplier<Map<String, String>> annotations,
      java.util.function.Predicate<JsonNode> same, String what, boolean dryRun) {
    Optional<RegistrySession.Fetched> existing = session.manifest(name, tag);
    ArrayNode layers = JSON.createArrayNode();
    if (existing.isPresent()) {
      for (JsonNode layer : existing.get().json().path("layers")) {
        if (same.test(layer)) {
          String ref = session.access().registry().ref(name, tag);
          log.info(ref + " already holds " + what);
          return new PublishedArtifact(kind, ref, existing.get().digest(),
              dryRun ? PublishedArtifact.Action.WOULD_SKIP : PublishedArtifact.Action.ALREADY_PUBLISHED, 0,
              java.time.Duration.ZERO, what + " is there");
        }
        layers.add(layer);
      }
    }
    byte[] bytes = content.get();
    String layerDigest = Digests.sha256(bytes);
    ObjectNode layer = layers.addObject();
    layer.put("mediaType", mediaType);
    layer.put("size", bytes.length);
    layer.put("digest", layerDigest);
    ObjectNode notes = layer.putObject("annotations");
    (dryRun ? Map.<String, String>of() : annotations.get()).forEach(notes::put);
    byte[] config = config(layers);
    String configDigest = Digests.sha256(config);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", CONFIG_MEDIA_TYPE);
    c.put("size", config.length);
    c.put("digest", configDigest);
    manifest.set("layers", layers);
    byte[] top;
    try {
      top = JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String topDigest = Digests.sha256(top);
    List<ImmutablePush.Blob> blobs = List.of(
        new ImmutablePush.Blob(layerDigest, bytes.length, () -> new ByteArrayInputStream(bytes)),
        new ImmutablePush.Blob(configDigest, config.length, () -> new ByteArrayInputStream(config)));
    return new ImmutablePush(log).publish(session, new ImmutablePush.Artifact(kind, name, tag, blobs, List.of(),
        MANIFEST_MEDIA_TYPE, top, topDigest, topDigest, RegistrySession.Fetched::digest, true, what + " is there"), dryRun);
  }

  /**
   * The problems with the signatures of {@code digest} in repository {@code name}: empty when a
   * layer of its {@code .sig} manifest is a payload naming this repository and digest with a
   * signature by {@code key}.
   */
  public List<String> verify(RegistrySession session, String name, String digest, PublicKey key) {
    String ref = session.access().registry().ref(name, tag(digest));
    String repository = session.access().registry().repositoryRef(name);
    Optional<RegistrySession.Fetched> sig = session.manifest(name, tag(digest));
    if (sig.isEmpty()) {
      return List.of("no signature of " + repository + "@" + digest + " (" + ref + " is absent)");
    }
    List<String> seen = new ArrayList<>();
    for (JsonNode layer : sig.get().json().path("layers")) {
      if (!SIMPLE_SIGNING.equals(layer.path("mediaType").asText())) {
        continue;
      }
      byte[] payload = session.blob(name, layer.path("digest").asText());
      JsonNode p;
      try {
        p = JSON.readTree(payload);
      } catch (IOException e) {
        seen.add("a payload that is not JSON");
        continue;
      }
      boolean names = digest.equals(p.path("critical").path("image").path("docker-manifest-digest").asText())
          && repository.equals(p.path("critical").path("identity").path("docker-reference").asText());
      boolean signed = SigningKey.verifies(key, payload, decode(layer.path("annotations").path(SIGNATURE_ANNOTATION).asText()));
      if (names && signed) {
        log.info("signature of " + repository + "@" + digest + " by the given key: ok");
        return List.of();
      }
      seen.add(!names ? "a payload naming " + p.path("critical").path("identity").path("docker-reference").asText() + "@"
          + p.path("critical").path("image").path("docker-manifest-digest").asText() : "a signature the key does not verify");
    }
    return List.of("no valid signature of " + repository + "@" + digest + " by the given key at " + ref + " (found: "
        + (seen.isEmpty() ? "no simple-signing layer" : String.join(", ", seen)) + ")");
  }

  /** cosign's config for a signature image: the layers' digests as diff ids, no platform. */
  private static byte[] config(ArrayNode layers) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", "");
    config.put("created", "0001-01-01T00:00:00Z");
    config.put("history", List.of(Map.of("created", "0001-01-01T00:00:00Z")));
    config.put("os", "");
    List<String> diffIds = new ArrayList<>();
    layers.forEach(l -> diffIds.add(l.path("digest").asText()));
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    config.put("config", Map.of());
    try {
      return JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

}
