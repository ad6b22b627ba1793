package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.testing.SharedRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What the supply-chain tests need around a real registry: release keys made in memory (a
 * P-256 key pair whose signs are counted, as each is a KMS call for a KMS key), sessions to the
 * shared registry, and a multi-platform image whose layers hold {@code bin/controller}.
 */
final class SupplyFixture {

  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));

  private SupplyFixture() {}

  /** A P-256 release key that counts its signatures. */
  record Key(SigningKey key, AtomicInteger signs) {}

  static Key key() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      AtomicInteger signs = new AtomicInteger();
      SigningKey key = new SigningKey(payload -> {
        signs.incrementAndGet();
        try {
          Signature s = Signature.getInstance("SHA256withECDSA");
          s.initSign(kp.getPrivate());
          s.update(payload);
          return s.sign();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }, kp.getPublic(), "test key");
      return new Key(key, signs);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static RegistrySession session(Log log) {
    return new RegistrySession(SharedRegistry.get().plainAccess(), log, FAST);
  }

  static RegistrySession session() {
    return session(Log.NONE);
  }

  static String repositoryRef(String name) {
    return SharedRegistry.get().address() + "/ack/" + name;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A gzipped tar of {@code files} (name to content). */
  static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        if (f.getKey().endsWith("/")) {
          TarArchiveEntry dir = new TarArchiveEntry(f.getKey());
          tar.putArchiveEntry(dir);
        } else {
          TarArchiveEntry e = new TarArchiveEntry(f.getKey());
          e.setSize(f.getValue().length);
          tar.putArchiveEntry(e);
          tar.write(f.getValue());
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Pushes an image index at {@code name:tag} with one manifest per platform; each platform's
   * layers are given bottom to top. Returns the index digest.
   */
  static String pushImage(RegistrySession session, String name, String tag, Map<String, List<byte[]>> layersByPlatform) {
    List<ImmutablePush.Blob> blobs = new ArrayList<>();
    List<ImmutablePush.Child> children = new ArrayList<>();
    StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[");
    for (Map.Entry<String, List<byte[]>> p : layersByPlatform.entrySet()) {
      String os = p.getKey().split("/")[0];
      String arch = p.getKey().split("/")[1];
      byte[] config = utf8("{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\",\"tag\":\"" + tag + "\"}");
      blobs.add(blob(config));
      StringBuilder layers = new StringBuilder();
      for (byte[] layer : p.getValue()) {
        blobs.add(blob(layer));
        layers.append(layers.length() == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"").append(Digests.sha256(layer)).append("\",\"size\":").append(layer.length).append("}");
      }
      byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
          + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digests.sha256(config) + "\",\"size\":"
          + config.length + "},\"layers\":[" + layers + "]}");
      children.add(new ImmutablePush.Child(p.getKey(), Digests.sha256(manifest), "application/vnd.oci.image.manifest.v1+json",
          manifest));
      index.append(index.charAt(index.length() - 1) == '[' ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest"
          + ".v1+json\",\"digest\":\"").append(Digests.sha256(manifest)).append("\",\"size\":").append(manifest.length)
          .append(",\"platform\":{\"architecture\":\"").append(arch).append("\",\"os\":\"").append(os).append("\"}}");
    }
    byte[] top = utf8(index.append("]}").toString());
    String digest = Digests.sha256(top);
    new ImmutablePush(Log.NONE).publish(session, new ImmutablePush.Artifact("image", name, tag, dedupe(blobs), children,
        "application/vnd.oci.image.index.v1+json", top, digest, digest, RegistrySession.Fetched::digest, false, "same"), false);
    return digest;
  }

  /** A controller image: per platform a base layer and a layer with {@code bin/controller}. */
  static String pushController(RegistrySession session, String name, String tag, Map<String, byte[]> binaries) {
    Map<String, List<byte[]>> layers = new LinkedHashMap<>();
    binaries.forEach((platform, binary) -> {
      Map<String, byte[]> top = new LinkedHashMap<>();
      top.put("bin/", new byte[0]);
      top.put("bin/controller", binary);
      layers.put(platform, List.of(tarGz(Map.of("etc/base-release", utf8("base " + tag))), tarGz(top)));
    });
    return pushImage(session, name, tag, layers);
  }

  static ImmutablePush.Blob blob(byte[] content) {
    return new ImmutablePush.Blob(Digests.sha256(content), content.length, () -> new ByteArrayInputStream(content));
  }

  private static List<ImmutablePush.Blob> dedupe(List<ImmutablePush.Blob> blobs) {
    Map<String, ImmutablePush.Blob> byDigest = new LinkedHashMap<>();
    blobs.forEach(b -> byDigest.putIfAbsent(b.digest(), b));
    return List.copyOf(byDigest.values());
  }
}
