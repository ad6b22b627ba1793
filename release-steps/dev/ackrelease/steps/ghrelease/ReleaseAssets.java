package dev.ackrelease.steps.ghrelease;

import dev.ackrelease.steps.io.Digests;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files a GitHub release of a controller carries, each made only from the release (its tag's
 * commit and what the registry holds), so a re-run makes the same bytes: the CRDs of
 * {@code helm/crds} as one YAML stream ({@code helm upgrade} never upgrades a chart's CRDs, so users
 * apply them themselves), the SBOM, the provenance envelopes ({@code .intoto.jsonl}), the stable part
 * of the publish report, the public key signatures verify with, and a {@code sha256sum} file of them all.
 */
public final class ReleaseAssets {

  /** One asset: its name on the release, its media type, its bytes. */
  public record Asset(String name, String contentType, byte[] bytes) {
    public String digest() {
      return Digests.sha256(bytes);
    }
  }

  /** The public key's file name on the release (what {@code cosign verify --key} is given). */
  public static final String PUBLIC_KEY = "cosign.pub";

  private ReleaseAssets() {}

  /** The assets of {@code p}: {@code crds} are the files of {@code helm/crds} by name; {@code key}, the release key when known. */
  public static List<Asset> of(Published p, Map<String, byte[]> crds, Optional<PublicKey> key) {
    String base = base(p);
    List<Asset> assets = new ArrayList<>();
    if (!crds.isEmpty()) {
      assets.add(new Asset(base + ".crds.yaml", "application/yaml", crds(crds)));
    }
    p.sbomDocument().ifPresent(d -> assets.add(new Asset(base + ".spdx.json", "application/spdx+json", d)));
    p.envelopes().ifPresent(e -> assets.add(new Asset(base + ".intoto.jsonl", "application/jsonl", e)));
    assets.add(new Asset(base + ".publish.json", "application/json", p.report()));
    key.ifPresent(k -> assets.add(new Asset(PUBLIC_KEY, "application/x-pem-file", pem(k).getBytes(StandardCharsets.US_ASCII))));
    assets.sort(Comparator.comparing(Asset::name));
    assets.add(new Asset(base + ".checksums.txt", "text/plain", checksums(assets)));
    return List.copyOf(assets);
  }

  /** {@code <service>-controller-<version>}, every asset's prefix. */
  static String base(Published p) {
    return p.service() + "-controller-" + p.version().substring(1);
  }

  /** The CRDs as {@code helm template} writes manifests: {@code ---}, a {@code # Source:} line, the file. */
  static byte[] crds(Map<String, byte[]> files) {
    StringBuilder b = new StringBuilder();
    files.forEach((name, bytes) -> {
      String text = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\\A(---[ \\t]*\\r?\\n)+", "");
      b.append("---\n# Source: helm/crds/").append(name).append('\n').append(text);
      if (!text.endsWith("\n")) {
        b.append('\n');
      }
    });
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code sha256sum}'s format ({@code <hex>  <name>}), which {@code sha256sum -c} checks. */
  static byte[] checksums(List<Asset> assets) {
    StringBuilder b = new StringBuilder();
    assets.forEach(a -> b.append(a.digest().substring("sha256:".length())).append("  ").append(a.name()).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code checksums} ({@code sha256sum}'s format, text or {@code *} binary mode) has a line for {@code name}. */
  static boolean names(byte[] checksums, String name) {
    return new String(checksums, StandardCharsets.UTF_8).lines().map(String::strip)
        .anyMatch(l -> l.endsWith(" " + name) || l.endsWith(" *" + name));
  }

  static String pem(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }
}
