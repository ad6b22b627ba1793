package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.ProcessResult;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPDX SBOM is what SPDX 2.3, purl-spec and the scanners that read it (syft, grype) expect,
 * one rule per test, for a real Go binary whose modules are the hard cases ({@link GoProxyFixture}).
 */
class SpdxSbomConformanceTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static GoProxyFixture go;
  byte[] bytes;
  JsonNode doc;

  @BeforeAll
  static void build() throws Exception {
    go = GoProxyFixture.build(shared);
  }

  /**
   * The document is made for each test, not once in {@code @BeforeAll}: mutation testing (PIT)
   * credits code run in a static {@code @BeforeAll} to no test, so a change to SpdxSbom only this
   * class reaches would be run against none of its tests.
   */
  @BeforeEach
  void document() throws Exception {
    bytes = SpdxSbom.document(subject("1.2.3", Instant.parse("2026-11-20T10:15:30Z")));
    doc = JSON.readTree(bytes);
  }

  static SpdxSbom.Subject subject(String version, Instant created) {
    return new SpdxSbom.Subject("localhost:5000/ack/s3-controller", "sha256:" + "ab".repeat(32), "s3", version,
        "0123456789abcdef0123456789abcdef01234567", "https://github.com/aws-controllers-k8s/s3-controller", created,
        Optional.of("Apache License\nVersion 2.0, January 2004\n".getBytes(StandardCharsets.UTF_8)),
        List.of(new SpdxSbom.Binary("linux/amd64", go.binary)), Optional.of("public.ecr.aws/eks-distro/minimal-base"),
        Optional.of("sha256:" + "cd".repeat(32)));
  }

  /**
   * SPDX 2.3 clause 7.2 (spdx-spec support/2.3 chapters/package-information.md, "Package SPDX
   * identifier field"): {@code SPDXRef-[idstring]} of letters, numbers, {@code .} and {@code -},
   * unique per element; github.com/a-b/c and github.com/a/b-c are two packages, each binary depends
   * on exactly the modules its build information names, every relationship names an element of
   * the document, and the ids are readable and the same on every run.
   */
  @Test
  void spdxIdsAreUniquePerElementReadableAndStable() throws Exception {
    List<String> ids = doc.get("packages").findValuesAsText("SPDXID");
    assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate SPDXIDs: " + ids);
    ids.forEach(id -> assertTrue(id.matches("SPDXRef-[A-Za-z0-9.-]+"), id));
    Map<String, String> byName = new TreeMap<>();
    doc.get("packages").forEach(p -> byName.put(p.get("name").asText(), p.get("SPDXID").asText()));
    assertTrue(byName.containsKey("github.com/a-b/c") && byName.containsKey("github.com/a/b-c"), byName.toString());
    assertNotEquals(byName.get("github.com/a-b/c"), byName.get("github.com/a/b-c"));
    assertEquals("SPDXRef-Module-github.com-Example-Org-x-v1.0.0-RC.1", byName.get("github.com/Example-Org/x"), "readable");

    Set<String> elements = new HashSet<>(ids);
    elements.add("SPDXRef-DOCUMENT");
    for (JsonNode r : doc.get("relationships")) {
      assertTrue(elements.contains(r.get("spdxElementId").asText()) && elements.contains(r.get("relatedSpdxElement").asText()),
          r.toString());
    }
    Map<String, String> nameById = new TreeMap<>();
    byName.forEach((name, id) -> nameById.put(id, name));
    Set<String> dependsOn = new TreeSet<>();
    for (JsonNode r : doc.get("relationships")) {
      if (r.get("spdxElementId").asText().equals("SPDXRef-Binary-linux-amd64") && r.get("relationshipType").asText().equals("DEPENDS_ON")) {
        dependsOn.add(nameById.get(r.get("relatedSpdxElement").asText()));
      }
    }
    Set<String> printed = new TreeSet<>(List.of("stdlib"));
    ProcessResult.run(List.of("go", "version", "-m", go.binary.toString()), null, 60).assertOk().stdout().lines()
        .map(l -> l.strip().split("\t")).filter(f -> f[0].equals("dep")).forEach(f -> printed.add(f[1]));
    assertEquals(printed, dependsOn, "the binary depends on what go version -m prints");
    assertArrayEquals(bytes, SpdxSbom.document(subject("1.2.3", Instant.parse("2026-11-20T10:15:30Z"))),
        "the same document, byte for byte");
  }

  /**
   * golang.org/x/mod sumdb/dirhash Hash1 (the {@code h1:} of go.sum) hashes the sorted list of the
   * module's file hashes, not the zip; SPDX 2.3 clause 7.10 (chapters/package-information.md,
   * "Package checksum field") is the checksum of the package. So a module's checksum, if any, is
   * the SHA-256 of the zip Go downloaded, and the {@code h1:} is kept verbatim (in sourceInfo).
   */
  @Test
  void noModuleClaimsAChecksumItsZipDoesNotHaveAndTheH1IsKeptVerbatim() throws Exception {
    for (List<String> m : GoProxyFixture.MODULES) {
      JsonNode p = pkg(m.get(0));
      String zipSha = Hashes.sha256(Files.readAllBytes(downloaded(m.get(2), m.get(3) + ".zip")));
      String h1 = go.goSum(m.get(0), m.get(1));
      assertNotEquals(zipSha, HexFormat.of().formatHex(Base64.getDecoder().decode(h1.substring(3))), "h1 is not the zip's SHA-256");
      for (JsonNode c : p.path("checksums")) {
        assertEquals("SHA256", c.get("algorithm").asText(), p.toString());
        assertEquals(zipSha, c.get("checksumValue").asText(), "a checksum the zip does not have: " + p);
      }
      assertTrue(p.path("sourceInfo").asText().contains(h1), p.toString());
    }
  }

  /**
   * golang/mod module/module.go EscapePath and EscapeVersion: the proxy serves
   * {@code <escaped path>/@v/<escaped version>.zip}, an upper-case letter as {@code !} and its lower
   * case. Each module's downloadLocation is the file Go itself fetched (it keeps the same escaped
   * name in $GOMODCACHE/cache/download); a module a local directory replaced has none.
   */
  @Test
  void downloadLocationIsTheEscapedProxyPathGoFetches() {
    for (List<String> m : GoProxyFixture.MODULES) {
      String location = pkg(m.get(0)).get("downloadLocation").asText();
      assertTrue(location.startsWith("https://proxy.golang.org/"), location);
      assertTrue(Files.isRegularFile(go.modcache.resolve("cache/download").resolve(location.substring("https://proxy.golang.org/".length()))),
          location + " is not what Go fetched");
    }
    assertEquals("https://proxy.golang.org/github.com/!example-!org/x/@v/v1.0.0-!r!c.1.zip",
        pkg("github.com/Example-Org/x").get("downloadLocation").asText());
    assertEquals("NOASSERTION", pkg(GoProxyFixture.LOCAL).get("downloadLocation").asText());
  }

  /**
   * purl-spec types/golang-definition.json (namespace and name {@code case_sensitive: true}: the
   * module path as Go spells it) and docs/specification/standard/specification.md "Character
   * encoding" ({@code +} of {@code +incompatible} is {@code %2B}); no version for a module built
   * from a local directory.
   */
  @Test
  void modulePurlsFollowPurlSpecGolang() {
    assertEquals("pkg:golang/github.com/a-b/c@v1.0.0", purl(pkg("github.com/a-b/c")));
    assertEquals("pkg:golang/github.com/Example-Org/x@v1.0.0-RC.1", purl(pkg("github.com/Example-Org/x")));
    assertEquals("pkg:golang/github.com/old/lib@v2.0.0%2Bincompatible", purl(pkg("github.com/old/lib")));
    assertEquals("pkg:golang/example.com/local", purl(pkg(GoProxyFixture.LOCAL)));
    for (JsonNode p : doc.get("packages")) {
      for (JsonNode ref : p.path("externalRefs")) {
        if (ref.get("referenceType").asText().equals("purl") && ref.get("referenceLocator").asText().startsWith("pkg:golang/")) {
          assertTrue(ref.get("referenceLocator").asText().matches("pkg:golang/[A-Za-z0-9.\\-_~%:/]+(@[A-Za-z0-9.\\-_~%:]+)?"),
              "only purl-spec's permitted characters: " + ref);
        }
      }
    }
  }

  /**
   * anchore/syft syft/pkg/cataloger/golang/stdlib_package.go newGoStdLib and generateStdlibCpe:
   * the standard library is {@code stdlib}, version {@code go1.19.8}, purl
   * {@code pkg:golang/stdlib@1.19.8} (no {@code go}), CPE {@code cpe:2.3:a:golang:go:1.19.8:-:...}.
   */
  @Test
  void theStandardLibraryIsWhatSyftWrites() {
    String goVersion = ProcessResult.run(List.of("go", "env", "GOVERSION"), null, 60).assertOk().stdout().strip();
    JsonNode stdlib = pkg("stdlib");
    assertEquals(goVersion, stdlib.get("versionInfo").asText());
    assertEquals("pkg:golang/stdlib@" + goVersion.substring(2), purl(stdlib));
    assertEquals(List.of("cpe:2.3:a:golang:go:" + goVersion.substring(2) + ":-:*:*:*:*:*:*"), refs(stdlib, "cpe23Type"));
    assertEquals(Optional.of("cpe:2.3:a:golang:go:1.21:rc2:*:*:*:*:*:*"), GoPackages.stdlibCpe("go1.21rc2"));
  }

  /**
   * SPDX 2.3 clause 6.8 (chapters/document-creation-information.md, "Creator field"): a tool is
   * {@code Tool: toolidentifier-version}; the version is the one Maven built (pom.xml's
   * {@code ${revision}}, passed in by surefire as {@code ack.release.version}).
   */
  @Test
  void creatorsNameTheToolWithItsVersion() throws Exception {
    String version = System.getProperty("ack.release.version", "");
    assertFalse(version.isBlank() || version.contains("${"), "the version Maven built: '" + version + "'");
    List<String> creators = new ArrayList<>();
    doc.get("creationInfo").get("creators").forEach(c -> creators.add(c.asText()));
    assertEquals(List.of("Tool: ack-release-" + version), creators);
  }

  /**
   * SPDX 2.3 clause 6.5 (chapters/document-creation-information.md, "SPDX document namespace
   * field"): an absolute URI with a scheme and no {@code #}, unique per document: two documents of
   * the same image index that differ never share one, and the same document keeps its own.
   */
  @Test
  void documentNamespaceIsUniquePerDocumentAndTheSameForTheSameDocument() throws Exception {
    String namespace = doc.get("documentNamespace").asText();
    URI uri = URI.create(namespace);
    assertTrue(uri.isAbsolute() && uri.getFragment() == null && !namespace.contains("#"), namespace);
    assertEquals(namespace, namespaceOf(subject("1.2.3", Instant.parse("2026-11-20T10:15:30Z"))));
    List<String> others = new ArrayList<>(List.of(namespace, namespaceOf(subject("1.2.4", Instant.parse("2026-11-20T10:15:30Z"))),
        namespaceOf(subject("1.2.3", Instant.parse("2026-11-21T10:15:30Z")))));
    assertEquals(others.size(), new HashSet<>(others).size(), "documents that differ share a namespace: " + others);
  }

  /** SPDX 2.3's published JSON schema (spdx/tools-java resources/spdx-schema-v2.3.json), as SigningIT checks the pushed one. */
  @Test
  void validatesAgainstTheSpdx23JsonSchema() throws Exception {
    try (InputStream in = SpdxSbomConformanceTest.class.getResourceAsStream("/resources/spdx-schema-v2.3.json")) {
      JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
      assertEquals(Set.of(), schema.validate(doc));
    }
  }

  static String namespaceOf(SpdxSbom.Subject s) throws Exception {
    return JSON.readTree(SpdxSbom.document(s)).get("documentNamespace").asText();
  }

  JsonNode pkg(String name) {
    List<JsonNode> found = new ArrayList<>();
    doc.get("packages").forEach(p -> {
      if (p.get("name").asText().equals(name)) {
        found.add(p);
      }
    });
    assertEquals(1, found.size(), name + " in " + doc.get("packages").findValuesAsText("name"));
    return found.get(0);
  }

  static String purl(JsonNode p) {
    List<String> purls = refs(p, "purl");
    assertEquals(1, purls.size(), p.toString());
    return purls.get(0);
  }

  static List<String> refs(JsonNode p, String type) {
    List<String> found = new ArrayList<>();
    p.path("externalRefs").forEach(r -> {
      if (r.get("referenceType").asText().equals(type)) {
        found.add(r.get("referenceLocator").asText());
      }
    });
    return found;
  }

  static Path downloaded(String escapedPath, String file) {
    return go.modcache.resolve("cache/download").resolve(escapedPath).resolve("@v").resolve(file);
  }
}
