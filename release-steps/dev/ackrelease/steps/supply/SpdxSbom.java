package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.image.ElfBinary;
import dev.ackrelease.steps.image.GoBuildInfo;
import dev.ackrelease.steps.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SBOM of a controller image, as ko makes one by default: an SPDX 2.3 JSON document
 * describing the controller (name, version, commit, the license its {@code LICENSE} declares),
 * each platform's binary (by SHA-256) with every Go module linked into it and the standard
 * library of the Go that built it (read from the binary's build information as
 * {@code go version -m} prints it), and the base image by digest. Attached at
 * {@code sha256-<hex>.sbom} with media type {@value #MEDIA_TYPE}.
 *
 * <p>What scanners and the specifications need (each rule has a test in SpdxSbomConformanceTest):
 *
 * <ul>
 *   <li>Every element has its own SPDX id, readable and the same for the same document
 *       ({@link SpdxIds}).</li>
 *   <li>Modules and the standard library carry the package URLs scanners match, and modules the
 *       proxy's escaped download location ({@link GoPackages}).</li>
 *   <li>A module has no checksum. Its {@code h1:} hash from {@code go.sum} is not a SHA-256 of
 *       anything the document names (it is golang.org/x/mod/sumdb/dirhash Hash1: a SHA-256 over
 *       the sorted list of the SHA-256s of the files in the module zip), so claiming it as
 *       {@code SHA256} (as ko's internal/sbom/spdx.go h1ToSHA256 and syft's spdxhelpers
 *       toPackageChecksums do) would state a checksum the zip at {@code downloadLocation} does not
 *       have. The hash is kept verbatim in the package's {@code sourceInfo}.</li>
 *   <li>{@code creators} names the tool with its version ({@code Tool: ack-release-<version>},
 *       SPDX 2.3 clause 6.8) from {@link ToolVersion}.</li>
 *   <li>{@code documentNamespace} is unique per document (SPDX 2.3 clause 6.5): it ends with the
 *       SHA-256 of the document without its namespace, so another document never shares it and
 *       the same document always gets it.</li>
 * </ul>
 *
 * <p>Nothing in it depends on the clock (created = the commit time), so a re-run of the same
 * ack-release version makes the same bytes.
 */
public final class SpdxSbom {

  public static final String MEDIA_TYPE = "text/spdx+json";

  /** One platform's binary in the image. */
  public record Binary(String platform, Path path) {}

  /** What the SBOM describes. */
  public record Subject(String repository, String indexDigest, String service, String version, String commit, String sourceUri,
      Instant created, Optional<byte[]> license, List<Binary> binaries, Optional<String> baseImage,
      Optional<String> baseImageDigest) {}

  private static final String NAMESPACE_BASE = "https://github.com/aws-controllers-k8s/ack-release/spdx/";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String DOCUMENT = "SPDXRef-DOCUMENT";
  private static final String CONTROLLER = "SPDXRef-Controller";
  private static final String BASE_IMAGE = "SPDXRef-BaseImage";

  private SpdxSbom() {}

  /** The tag cosign stores SBOMs of {@code digest} under: {@code sha256-<hex>.sbom}. */
  public static String tag(String digest) {
    return digest.replace(':', '-') + ".sbom";
  }

  /** One binary as read: its checksum, and the Go release and modules (path, version, sum) its build information names. */
  private record Read(String platform, String sha256, Optional<String> go, List<List<String>> modules) {

    String key() {
      return "binary " + platform + " " + sha256;
    }
  }

  /** The SPDX 2.3 JSON document of {@code s}: the same bytes for the same subject and ack-release version. */
  public static byte[] document(Subject s) {
    List<Read> binaries = s.binaries().stream().map(SpdxSbom::read).distinct().toList();
    Set<String> goReleases = new TreeSet<>();
    Map<String, List<String>> modules = new TreeMap<>();
    SpdxIds ids = new SpdxIds(Set.of(DOCUMENT, CONTROLLER, BASE_IMAGE));
    for (Read b : binaries) {
      ids.add(b.key(), "Binary", b.platform());
      b.go().ifPresent(go -> {
        goReleases.add(go);
        ids.add("stdlib " + go, "Stdlib", go);
      });
      for (List<String> m : b.modules()) {
        modules.merge(moduleKey(m), m, (first, other) -> first.get(2).isEmpty() ? other : first);
        ids.add(moduleKey(m), "Module", m.get(0), m.get(1));
      }
    }
    Map<String, String> id = ids.assign();

    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", DOCUMENT);
    doc.put("name", s.repository() + "@" + s.indexDigest());
    doc.put("documentNamespace", "");
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", s.created().toString());
    creation.putArray("creators").add("Tool: ack-release-" + ToolVersion.get());
    doc.putArray("documentDescribes").add(CONTROLLER);
    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");

    controller(packages.addObject(), s);
    relate(relationships, DOCUMENT, "DESCRIBES", CONTROLLER);
    if (s.baseImage().isPresent() && s.baseImageDigest().isPresent()) {
      ObjectNode base = packages.addObject();
      base.put("SPDXID", BASE_IMAGE);
      base.put("name", s.baseImage().get());
      base.put("versionInfo", s.baseImageDigest().get());
      base.put("downloadLocation", "NOASSERTION");
      base.put("filesAnalyzed", false);
      base.putArray("checksums").addObject().put("algorithm", "SHA256")
          .put("checksumValue", s.baseImageDigest().get().substring("sha256:".length()));
      relate(relationships, CONTROLLER, "DESCENDANT_OF", BASE_IMAGE);
    }
    for (Read b : binaries) {
      String binary = id.get(b.key());
      ObjectNode p = packages.addObject();
      p.put("SPDXID", binary);
      p.put("name", "controller (" + b.platform() + ")");
      p.put("versionInfo", s.version());
      p.put("downloadLocation", "NOASSERTION");
      p.put("filesAnalyzed", false);
      p.put("primaryPackagePurpose", "APPLICATION");
      p.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue", b.sha256());
      relate(relationships, CONTROLLER, "CONTAINS", binary);
      b.go().ifPresent(go -> relate(relationships, binary, "DEPENDS_ON", id.get("stdlib " + go)));
      b.modules().stream().map(SpdxSbom::moduleKey).distinct().forEach(m -> relate(relationships, binary, "DEPENDS_ON", id.get(m)));
    }
    goReleases.forEach(go -> GoPackages.stdlib(packages.addObject().put("SPDXID", id.get("stdlib " + go)), go));
    modules.forEach((key, m) -> GoPackages.module(packages.addObject().put("SPDXID", id.get(key)), m.get(0), m.get(1), m.get(2)));

    ObjectNode withoutNamespace = doc.deepCopy();
    withoutNamespace.remove("documentNamespace");
    doc.put("documentNamespace", NAMESPACE_BASE + s.repository() + "/" + s.indexDigest().substring("sha256:".length()) + "/"
        + Digests.sha256(bytes(withoutNamespace)).substring("sha256:".length()));
    return bytes(doc);
  }

  private static void controller(ObjectNode controller, Subject s) {
    controller.put("SPDXID", CONTROLLER);
    controller.put("name", s.service() + "-controller");
    controller.put("versionInfo", s.version());
    controller.put("downloadLocation", "git+" + s.sourceUri() + "@" + s.commit());
    controller.put("filesAnalyzed", false);
    controller.put("licenseConcluded", "NOASSERTION");
    controller.put("licenseDeclared", s.license().map(SpdxSbom::licenseId).orElse("NOASSERTION"));
    controller.put("copyrightText", "NOASSERTION");
    controller.put("primaryPackagePurpose", "CONTAINER");
    ObjectNode image = controller.putArray("externalRefs").addObject();
    image.put("referenceCategory", "PACKAGE-MANAGER");
    image.put("referenceType", "purl");
    image.put("referenceLocator", "pkg:oci/" + s.service() + "-controller@" + s.indexDigest().replace(":", "%3A")
        + "?repository_url=" + s.repository());
  }

  private static Read read(Binary b) {
    String sha256;
    try {
      sha256 = Digests.sha256(b.path()).substring("sha256:".length());
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read the controller binary " + b.path() + " for the SBOM: " + e.getMessage());
    }
    Optional<GoBuildInfo> info = ElfBinary.read(b.path()).goBuildInfo();
    List<List<String>> modules = info.map(GoBuildInfo::dependencies).orElse(List.of()).stream().distinct().toList();
    return new Read(b.platform(), sha256, info.map(i -> GoPackages.release(i.goVersion())), modules);
  }

  private static String moduleKey(List<String> module) {
    return "module " + module.get(0) + "@" + module.get(1);
  }

  private static byte[] bytes(ObjectNode doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void relate(ArrayNode relationships, String from, String type, String to) {
    relationships.addObject().put("spdxElementId", from).put("relationshipType", type).put("relatedSpdxElement", to);
  }

  /** The SPDX id of the license a {@code LICENSE} file holds, as far as its text tells (else NOASSERTION). */
  static String licenseId(byte[] text) {
    String t = new String(text, StandardCharsets.UTF_8);
    if (t.contains("Apache License") && (t.contains("Version 2.0") || t.contains("version 2.0"))) {
      return "Apache-2.0";
    }
    if (t.contains("MIT License") || t.contains("Permission is hereby granted, free of charge")) {
      return "MIT";
    }
    return "NOASSERTION";
  }
}
