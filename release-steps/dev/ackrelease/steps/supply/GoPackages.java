package dev.ackrelease.steps.supply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the SBOM names what a Go binary links, so scanners match it: each Go module (its package
 * URL, where the Go module proxy serves its zip, and its {@code go.sum} hash) and the standard
 * library of the Go toolchain that built it.
 *
 * <ul>
 *   <li>Package URLs follow purl-spec's golang type (types/golang-definition.json): the module
 *       path is the namespace and name, kept in its case (the definition marks both
 *       {@code case_sensitive: true}, and Go module paths are case-sensitive: lowercasing would
 *       merge distinct modules and miss the Go vulnerability database's keys), each segment
 *       and the version percent-encoded by purl-spec's character-encoding rules (so
 *       {@code v2.0.0+incompatible} is {@code v2.0.0%2Bincompatible}).</li>
 *   <li>The standard library is {@code pkg:golang/stdlib@1.19.8}, the version without its
 *       {@code go} prefix, plus the CPE {@code cpe:2.3:a:golang:go:1.19.8:-:...}, as syft writes
 *       them (syft/pkg/cataloger/golang/stdlib_package.go newGoStdLib, generateStdlibCpe).</li>
 *   <li>The download location is the proxy's {@code $GOPROXY/<module>/@v/<version>.zip} with the
 *       module path and the version escaped as golang.org/x/mod module.EscapePath and
 *       EscapeVersion escape them (each upper-case letter becomes {@code !} and its lower case).</li>
 *   <li>No checksum: the {@code h1:} hash is golang.org/x/mod/sumdb/dirhash Hash1, a SHA-256
 *       over the sorted list of the SHA-256s of the module's files, not a SHA-256 of the zip or
 *       of anything else the document names. It is kept verbatim in {@code sourceInfo}.</li>
 * </ul>
 */
final class GoPackages {

  static final String PROXY = "https://proxy.golang.org/";
  /** The version Go records for the main module and for a module replaced by a local directory. */
  static final String DEVEL = "(devel)";

  /** A module path the proxy can serve: letters, digits and {@code -._~}, elements joined by {@code /}, a dot in the first. */
  private static final Pattern MODULE_PATH = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]*\\.[A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*");
  private static final Pattern VERSION = Pattern.compile("v[A-Za-z0-9._+~-]+");
  /** syft's versionCandidateGroups (syft/pkg/cataloger/golang/cataloger.go). */
  private static final Pattern RELEASE = Pattern.compile("(\\d+(\\.\\d+)?(\\.\\d+)?)(\\w*)");

  private GoPackages() {}

  /** Fills {@code p} (which has its SPDXID) as the Go module {@code path@version} with go.sum hash {@code sum} ("" when none). */
  static ObjectNode module(ObjectNode p, String path, String version, String sum) {
    boolean published = !version.equals(DEVEL);
    p.put("name", path);
    if (published) {
      p.put("versionInfo", version);
    }
    p.put("downloadLocation", published ? proxyZip(path, version).orElse("NOASSERTION") : "NOASSERTION");
    p.put("filesAnalyzed", false);
    if (!published) {
      p.put("sourceInfo", "built from a local directory that replaced this module (go.mod replace), not a published version");
    } else if (!sum.isEmpty()) {
      p.put("sourceInfo", "go.sum " + sum + " (Go's module hash, from the binary's build information: golang.org/x/mod/sumdb/dirhash"
          + " Hash1 over the module's files, as sum.golang.org records it; not a checksum of the zip at downloadLocation)");
    }
    purlRef(p.putArray("externalRefs"), modulePurl(path, published ? version : ""));
    return p;
  }

  /** Fills {@code p} as the standard library of Go {@code goVersion} ({@code go1.19.8}). */
  static ObjectNode stdlib(ObjectNode p, String goVersion) {
    p.put("name", "stdlib");
    p.put("versionInfo", goVersion);
    p.put("downloadLocation", goVersion.matches("go[0-9][A-Za-z0-9.]*") ? "https://go.dev/dl/" + goVersion + ".src.tar.gz" : "NOASSERTION");
    p.put("filesAnalyzed", false);
    ArrayNode refs = p.putArray("externalRefs");
    purlRef(refs, stdlibPurl(goVersion));
    stdlibCpe(goVersion).ifPresent(cpe -> refs.addObject().put("referenceCategory", "SECURITY").put("referenceType", "cpe23Type")
        .put("referenceLocator", cpe));
    return p;
  }

  /** The Go release in a binary's build information: {@code go1.19.8} of {@code go1.19.8 X:boringcrypto}. */
  static String release(String goVersion) {
    int space = goVersion.indexOf(' ');
    return space < 0 ? goVersion : goVersion.substring(0, space);
  }

  /** {@code pkg:golang/<module path>@<version>}, each part percent-encoded; without {@code @} when {@code version} is empty. */
  static String modulePurl(String path, String version) {
    StringBuilder purl = new StringBuilder("pkg:golang/");
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length; i++) {
      purl.append(i == 0 ? "" : "/").append(percentEncode(segments[i]));
    }
    return version.isEmpty() ? purl.toString() : purl + "@" + percentEncode(version);
  }

  /** {@code pkg:golang/stdlib@1.19.8} for {@code go1.19.8}. */
  static String stdlibPurl(String goVersion) {
    return "pkg:golang/stdlib@" + percentEncode(goVersion.startsWith("go") ? goVersion.substring(2) : goVersion);
  }

  /** {@code cpe:2.3:a:golang:go:1.21:rc2:*:*:*:*:*:*} for {@code go1.21rc2} ({@code -} for a release); empty when it is no Go release. */
  static Optional<String> stdlibCpe(String goVersion) {
    String v = goVersion.startsWith("go") ? goVersion.substring(2) : goVersion;
    Matcher m = RELEASE.matcher(v.split("\\+", 2)[0]);
    if (!m.find()) {
      return Optional.empty();
    }
    String candidate = m.group(4).isEmpty() ? "-" : m.group(4);
    return Optional.of("cpe:2.3:a:golang:go:" + m.group(1) + ":" + candidate + ":*:*:*:*:*:*");
  }

  /** Where the Go module proxy serves {@code path@version}'s zip; empty when either is not one the proxy serves. */
  static Optional<String> proxyZip(String path, String version) {
    if (!MODULE_PATH.matcher(path).matches() || !VERSION.matcher(version).matches() || path.contains("/.") || path.contains("./")
        || path.endsWith(".")) {
      return Optional.empty();
    }
    return Optional.of(PROXY + escape(path) + "/@v/" + escape(version) + ".zip");
  }

  /** The Go module proxy's case escaping (golang.org/x/mod module.EscapePath, EscapeVersion): {@code A} becomes {@code !a}. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        b.append('!').append((char) (c - 'A' + 'a'));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * purl-spec's percent-encoding (docs/specification/standard/specification.md, "Character
   * encoding"): UTF-8, every octet but the alphanumerics, {@code .-_~} and {@code :} as {@code %XX}.
   */
  static String percentEncode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || ".-_~:".indexOf(c) >= 0)) {
        b.append(c);
      } else {
        b.append('%').append(String.format("%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  private static void purlRef(ArrayNode refs, String purl) {
    refs.addObject().put("referenceCategory", "PACKAGE-MANAGER").put("referenceType", "purl")
        .put("referenceLocator", purl);
  }
}
