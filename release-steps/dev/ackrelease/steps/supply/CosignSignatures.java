package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a signature is appended again after losing a race with another run's append. */
  static final int RACE_ATTEMPTS = 5;

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
    PublishedArtifact row = append(session, name, tag(digest), "signature", SIMPLE_SIGNING, () -> payload,
        () -> Map.of(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(key.sign(payload))),
        layer -> payloadDigest.equals(layer.path("digest").asText()) && SigningKey.verifies(key.publicKey(), payload,
            decode(layer.path("annotations").path(SIGNATURE_ANNOTATION).asText())),
        "a signature of " + digest + " by this key", dryRun);
    log.info((dryRun ? "would sign " : "signed ") + repository + "@" + digest + " (" + row.ref() + ")");
    return row;
  }

  /**
   * cosign's {@code AppendSignatures} (pkg/oci/mutate/signatures.go): adds a layer
   * ({@code content} of {@code mediaType}, with {@code annotations}) to the image at {@code tag},
   * the layers already there staying, unless a layer already there satisfies {@code same}; pushed
   * as a movable tag through {@link ImmutablePush}. The content and annotations are made only
   * when a layer is to be added (a signature costs a KMS call).
   */
  PublishedArtifact append(RegistrySession session, String name, String tag, String kind, String mediaType,
      Supplier<byte[]> content, Supplier<Map<String, String>> annotations, Predicate<JsonNode> same, String what,
      boolean dryRun) {
    byte[] bytes = null;
    Map<String, String> notes = null;
    for (int attempt = 1; ; attempt++) {
      Optional<RegistrySession.Fetched> existing = session.manifest(name, tag);
      if (existing.isPresent()) {
        for (JsonNode layer : existing.get().json().path("layers")) {
          if (same.test(layer)) {
            return alreadyThere(session, name, tag, kind, existing.get(), what, dryRun);
          }
        }
      }
      if (bytes == null) {
        bytes = content.get();
        notes = dryRun ? Map.of() : annotations.get();
      }
      CosignImage.Layer layer = CosignImage.Layer.of(mediaType, bytes, notes);
      // mutate.Append keeps the base's config (its history and diff ids) and adds to it.
      CosignImage.Built image = existing.isEmpty() ? CosignImage.of(List.of(layer)) : CosignImage.append(
          baseConfig(session, name, existing.get()), CosignImage.layers(existing.get().json()), List.of(layer));
      try {
        return push(session, name, tag, kind, image, bytes, true, what, dryRun);
      } catch (ImmutablePush.Raced e) {
        // Another run appended at the same moment (two signed publishes of one release): read
        // what it left, which may already hold an equal layer, and append to that.
        if (attempt == RACE_ATTEMPTS) {
          throw e;
        }
        log.info(e.getMessage().replaceFirst(": check the registry and run again$", "") + "; reading it again (attempt "
            + (attempt + 1) + " of " + RACE_ATTEMPTS + ")");
      }
    }
  }

  /** The row for an image at {@code tag} that already holds {@code what}. */
  PublishedArtifact alreadyThere(RegistrySession session, String name, String tag, String kind,
      RegistrySession.Fetched existing, String what, boolean dryRun) {
    String ref = session.access().registry().ref(name, tag);
    log.info(ref + " already holds " + what);
    return new PublishedArtifact(kind, ref, existing.digest(),
        dryRun ? PublishedArtifact.Action.WOULD_SKIP : PublishedArtifact.Action.ALREADY_PUBLISHED, 0, Duration.ZERO,
        what + " is there");
  }

  /** Pushes {@code image} (whose new layer is {@code layer}) at {@code tag} under the immutable-tag rule. */
  PublishedArtifact push(RegistrySession session, String name, String tag, String kind, CosignImage.Built image,
      byte[] layer, boolean movable, String what, boolean dryRun) {
    List<ImmutablePush.Blob> blobs = List.of(
        new ImmutablePush.Blob(Digests.sha256(layer), layer.length, () -> new ByteArrayInputStream(layer)),
        new ImmutablePush.Blob(image.configDigest(), image.config().length, () -> new ByteArrayInputStream(image.config())));
    return new ImmutablePush(log).publish(session, new ImmutablePush.Artifact(kind, name, tag, blobs, List.of(),
        CosignImage.MANIFEST_MEDIA_TYPE, image.manifest(), image.manifestDigest(), image.manifestDigest(),
        RegistrySession.Fetched::digest, movable, what + " is there"), dryRun);
  }

  /** The config of an existing signature image (one blob read); empty when it is not JSON. */
  private static Optional<JsonNode> baseConfig(RegistrySession session, String name, RegistrySession.Fetched manifest) {
    String digest = manifest.json().path("config").path("digest").asText();
    if (digest.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(session.blob(name, digest)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The signatures of {@code digest} in repository {@code name}: a problem unless a layer of its
   * {@code .sig} manifest is a payload naming this repository and digest with a signature by
   * {@code key}; every other layer (another key's, a tampered one, one over another digest) is a
   * warning naming the layer, as cosign accepts a set with one good signature.
   */
  public Findings verify(RegistrySession session, String name, String digest, PublicKey key) {
    String ref = session.access().registry().ref(name, tag(digest));
    String repository = session.access().registry().repositoryRef(name);
    Optional<RegistrySession.Fetched> sig = session.manifest(name, tag(digest));
    if (sig.isEmpty()) {
      return Findings.problem("no signature of " + repository + "@" + digest + " (" + ref + " is absent)");
    }
    List<String> seen = new ArrayList<>();
    boolean good = false;
    for (JsonNode layer : sig.get().json().path("layers")) {
      String layerDigest = layer.path("digest").asText();
      if (!SIMPLE_SIGNING.equals(layer.path("mediaType").asText())) {
        seen.add("a layer " + layerDigest + " of media type " + layer.path("mediaType").asText());
        continue;
      }
      byte[] payload = session.blob(name, layerDigest);
      JsonNode p;
      try {
        p = JSON.readTree(payload);
      } catch (IOException e) {
        seen.add("a payload " + layerDigest + " that is not JSON");
        continue;
      }
      String named = p.path("critical").path("identity").path("docker-reference").asText() + "@"
          + p.path("critical").path("image").path("docker-manifest-digest").asText();
      boolean names = named.equals(repository + "@" + digest);
      boolean signed = SigningKey.verifies(key, payload, decode(layer.path("annotations").path(SIGNATURE_ANNOTATION).asText()));
      if (names && signed) {
        good = true;
      } else {
        seen.add(!names ? "a payload " + layerDigest + " naming " + named
            : "a signature " + layerDigest + " the key does not verify");
      }
    }
    if (!good) {
      return Findings.problem("no valid signature of " + repository + "@" + digest + " by the given key at " + ref + " (found: "
          + (seen.isEmpty() ? "no simple-signing layer" : String.join(", ", seen)) + ")");
    }
    log.info("signature of " + repository + "@" + digest + " by the given key: ok"
        + (seen.isEmpty() ? "" : " (" + seen.size() + " other " + (seen.size() == 1 ? "layer" : "layers") + " beside it)"));
    return new Findings(List.of(), seen.stream().map(s -> ref + " also holds " + s).toList());
  }

  static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

}
