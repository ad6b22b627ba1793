package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.image.ElfBinary;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SBOM of a controller image, as ko makes one by default: an SPDX 2.3 JSON document
 * describing the controller (name, version, commit, the license its {@code LICENSE} declares),
 * each platform's binary (by SHA-256) with every Go module linked into it (path, version, and its
 * {@code h1:} hash as a SHA-256 checksum, read from the binary's build information as
 * {@code go version -m} prints it), the Go toolchain, and the base image by digest. Nothing in it
 * depends on the clock (created = the commit time), so a re-run makes the same bytes. Attached at
 * {@code sha256-<hex>.sbom} with media type {@value #MEDIA_TYPE}.
 */
public final class SpdxSbom {

  public static final String MEDIA_TYPE = "text/spdx+json";

  /** One platform's binary in the image. */
  public record Binary(String platform, Path path) {}

  /** What the SBOM describes. */
  public record Subject(String repository, String indexDigest, String service, String version, String commit, String sourceUri,
      Instant created, Optional<byte[]> license, List<Binary> binaries, Optional<String> baseImage,
      Optional<String> baseImageDigest) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SpdxSbom() {}

  /** The tag cosign stores SBOMs of {@code digest} under: {@code sha256-<hex>.sbom}. */
  public static String tag(String digest) {
    return digest.replace(':', '-') + ".sbom";
  }

  public static byte[] document(Subject s) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", s.repository() + "@" + s.indexDigest());
    doc.put("documentNamespace", "https://github.com/aws-controllers-k8s/ack-release/spdx/" + s.repository() + "/"
        + s.indexDigest().substring("sha256:".length()));
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", s.created().toString());
    creation.putArray("creators").add("Tool: ack-release");
    ArrayNode describes = doc.putArray("documentDescribes");
    describes.add("SPDXRef-Controller");
    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");

    ObjectNode controller = packages.addObject();
    controller.put("SPDXID", "SPDXRef-Controller");
    controller.put("name", s.service() + "-controller");
    controller.put("versionInfo", s.version());
    controller.put("downloadLocation", "git+" + s.sourceUri() + "@" + s.commit());
    controller.put("filesAnalyzed", false);
    String license = s.license().map(SpdxSbom::licenseId).orElse("NOASSERTION");
    controller.put("licenseConcluded", "NOASSERTION");
    controller.put("licenseDeclared", license);
    controller.put("copyrightText", "NOASSERTION");
    controller.put("primaryPackagePurpose", "CONTAINER");
    ObjectNode image = controller.putArray("externalRefs").addObject();
    image.put("referenceCategory", "PACKAGE-MANAGER");
    image.put("referenceType", "purl");
    image.put("referenceLocator", "pkg:oci/" + s.service() + "-controller@" + s.indexDigest().replace(":", "%3A")
        + "?repository_url=" + s.repository());
    relate(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Controller");

    if (s.baseImage().isPresent() && s.baseImageDigest().isPresent()) {
      ObjectNode base = packages.addObject();
      base.put("SPDXID", "SPDXRef-BaseImage");
      base.put("name", s.baseImage().get());
      base.put("versionInfo", s.baseImageDigest().get());
      base.put("downloadLocation", "NOASSERTION");
      base.put("filesAnalyzed", false);
      base.putArray("checksums").addObject().put("algorithm", "SHA256")
          .put("checksumValue", s.baseImageDigest().get().substring("sha256:".length()));
      relate(relationships, "SPDXRef-Controller", "DESCENDANT_OF", "SPDXRef-BaseImage");
    }
    Map<String, ObjectNode> modules = new java.util.TreeMap<>();
    Optional<String> goVersion = Optional.empty();
    for (Binary b : s.binaries()) {
      String id = "SPDXRef-Binary-" + b.platform().replace('/', '-');
      ObjectNode p = packages.addObject();
      p.put("SPDXID", id);
      p.put("name", "controller (" + b.platform() + ")");
      p.put("versionInfo", s.version());
      p.put("downloadLocation", "NOASSERTION");
      p.put("filesAnalyzed", false);
      p.put("primaryPackagePurpose", "APPLICATION");
      try {
        p.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue",
            Digests.sha256(b.path()).substring("sha256:".length()));
      } catch (IOException e) {
        throw ReleaseException.invalidInput("cannot read the controller binary " + b.path() + " for the SBOM: " + e.getMessage());
      }
      relate(relationships, "SPDXRef-Controller", "CONTAINS", id);
      ElfBinary.GoBuildInfo info = ElfBinary.read(b.path()).goBuildInfo().orElse(null);
      if (info == null) {
        continue;
      }
      goVersion = Optional.of(info.goVersion());
      relate(relationships, id, "DEPENDS_ON", "SPDXRef-Go");
      for (List<String> dep : info.dependencies()) {
        String moduleId = "SPDXRef-Module-" + dep.get(0).replaceAll("[^A-Za-z0-9.-]", "-") + "-" + dep.get(1).replaceAll("[^A-Za-z0-9.-]", "-");
        modules.computeIfAbsent(moduleId, k -> module(k, dep));
        relate(relationships, id, "DEPENDS_ON", moduleId);
      }
    }
    goVersion.ifPresent(go -> {
      ObjectNode p = packages.addObject();
      p.put("SPDXID", "SPDXRef-Go");
      p.put("name", "go");
      p.put("versionInfo", go);
      p.put("downloadLocation", "https://go.dev/dl/" + go + ".src.tar.gz");
      p.put("filesAnalyzed", false);
      p.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER").put("referenceType", "purl")
          .put("referenceLocator", "pkg:golang/stdlib@" + go);
    });
    modules.values().forEach(packages::add);
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode module(String id, List<String> dep) {
    ObjectNode p = JSON.createObjectNode();
    p.put("SPDXID", id);
    p.put("name", dep.get(0));
    p.put("versionInfo", dep.get(1));
    p.put("downloadLocation", "https://proxy.golang.org/" + dep.get(0) + "/@v/" + dep.get(1) + ".zip");
    p.put("filesAnalyzed", false);
    if (dep.get(2).startsWith("h1:")) {
      try {
        p.putArray("checksums").addObject().put("algorithm", "SHA256")
            .put("checksumValue", HexFormat.of().formatHex(Base64.getDecoder().decode(dep.get(2).substring(3))));
      } catch (IllegalArgumentException e) {
        // a malformed sum is left out, never guessed
      }
    }
    p.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER").put("referenceType", "purl")
        .put("referenceLocator", "pkg:golang/" + dep.get(0) + "@" + dep.get(1));
    return p;
  }

  private static void relate(ArrayNode relationships, String from, String type, String to) {
    relationships.addObject().put("spdxElementId", from).put("relationshipType", type).put("relatedSpdxElement", to);
  }

  /** The SPDX id of the license a {@code LICENSE} file holds, as far as its text tells (else NOASSERTION). */
  static String licenseId(byte[] text) {
    String t = new String(text, java.nio.charset.StandardCharsets.UTF_8);
    if (t.contains("Apache License") && (t.contains("Version 2.0") || t.contains("version 2.0"))) {
      return "Apache-2.0";
    }
    if (t.contains("MIT License") || t.contains("Permission is hereby granted, free of charge")) {
      return "MIT";
    }
    return "NOASSERTION";
  }
}
