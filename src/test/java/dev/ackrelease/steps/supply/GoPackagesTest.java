package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The SBOM's names for what a Go binary links, rule by rule on the helpers themselves: purl-spec
 * types/golang-definition.json (case kept, segments percent-encoded), golang.org/x/mod module
 * EscapePath/EscapeVersion for the proxy's download location, syft's stdlib purl and CPE
 * (syft/pkg/cataloger/golang/stdlib_package.go generateStdlibCpe).
 */
class GoPackagesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPublishedModuleHasItsVersionProxyZipPurlAndGoSum() {
    ObjectNode p = GoPackages.module(JSON.createObjectNode(), "github.com/Example-Org/x", "v1.0.0-RC.1", "h1:abc=");
    assertEquals("{\"name\":\"github.com/Example-Org/x\",\"versionInfo\":\"v1.0.0-RC.1\",\"downloadLocation\":"
        + "\"https://proxy.golang.org/github.com/!example-!org/x/@v/v1.0.0-!r!c.1.zip\",\"filesAnalyzed\":false,\"sourceInfo\":"
        + "\"go.sum h1:abc= (Go's module hash, from the binary's build information: golang.org/x/mod/sumdb/dirhash Hash1 over"
        + " the module's files, as sum.golang.org records it; not a checksum of the zip at downloadLocation)\",\"externalRefs\":"
        + "[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":"
        + "\"pkg:golang/github.com/Example-Org/x@v1.0.0-RC.1\"}]}", p.toString());
  }

  @Test
  void aModuleWithoutGoSumHasNoSourceInfoAndAnUnservablePathNoDownloadLocation() {
    ObjectNode p = GoPackages.module(JSON.createObjectNode(), "localmodule", "v1.0.0", "");
    assertEquals("{\"name\":\"localmodule\",\"versionInfo\":\"v1.0.0\",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false,"
        + "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":"
        + "\"pkg:golang/localmodule@v1.0.0\"}]}", p.toString());
  }

  @Test
  void aModuleReplacedByALocalDirectoryHasNoVersion() {
    ObjectNode p = GoPackages.module(JSON.createObjectNode(), "example.com/local", GoPackages.DEVEL, "h1:ignored=");
    assertEquals("{\"name\":\"example.com/local\",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false,\"sourceInfo\":"
        + "\"built from a local directory that replaced this module (go.mod replace), not a published version\",\"externalRefs\":"
        + "[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":"
        + "\"pkg:golang/example.com/local\"}]}", p.toString());
  }

  @Test
  void theStandardLibraryIsSyftsPurlAndCpe() {
    assertEquals("{\"name\":\"stdlib\",\"versionInfo\":\"go1.19.8\",\"downloadLocation\":\"https://go.dev/dl/go1.19.8.src.tar.gz\","
        + "\"filesAnalyzed\":false,\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\","
        + "\"referenceLocator\":\"pkg:golang/stdlib@1.19.8\"},{\"referenceCategory\":\"SECURITY\",\"referenceType\":\"cpe23Type\","
        + "\"referenceLocator\":\"cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*\"}]}",
        GoPackages.stdlib(JSON.createObjectNode(), "go1.19.8").toString());
    assertEquals("{\"name\":\"stdlib\",\"versionInfo\":\"devel\",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false,"
        + "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":"
        + "\"pkg:golang/stdlib@devel\"}]}", GoPackages.stdlib(JSON.createObjectNode(), "devel").toString());
  }

  @Test
  void theGoReleaseIsTheFirstWordOfTheBuildInformation() {
    assertEquals("go1.19.8", GoPackages.release("go1.19.8 X:boringcrypto"));
    assertEquals("go1.21.0", GoPackages.release("go1.21.0"));
    assertEquals("", GoPackages.release(" go1.21.0"));
  }

  @Test
  void purlsKeepTheCaseAndPercentEncodeEachSegment() {
    assertEquals("pkg:golang/github.com/Example-Org/x@v1.0.0-RC.1", GoPackages.modulePurl("github.com/Example-Org/x", "v1.0.0-RC.1"));
    assertEquals("pkg:golang/github.com/old/lib@v2.0.0%2Bincompatible", GoPackages.modulePurl("github.com/old/lib",
        "v2.0.0+incompatible"));
    assertEquals("pkg:golang/example.com/a%20b/%C3%A9", GoPackages.modulePurl("example.com/a b/é", ""));
    assertEquals("pkg:golang/single", GoPackages.modulePurl("single", ""));
    assertEquals("pkg:golang/stdlib@1.21rc2", GoPackages.stdlibPurl("go1.21rc2"));
    assertEquals("pkg:golang/stdlib@devel%20abc", GoPackages.stdlibPurl("devel abc"));
  }

  @Test
  void percentEncodingKeepsOnlyAlphanumericsAndDotDashUnderscoreTildeColon() {
    assertEquals("aZ09.-_~:", GoPackages.percentEncode("aZ09.-_~:"));
    assertEquals("%2F%40%2B%20%25%3F%23%7F", GoPackages.percentEncode("/@+ %?#\u007f"));
    assertEquals("%C3%A9%E2%82%AC", GoPackages.percentEncode("é€"));
    assertEquals("%60%7B%40%5B", GoPackages.percentEncode("`{@["), "the characters next to the letter ranges");
  }

  @Test
  void theCpeNamesTheReleaseAndItsCandidate() {
    assertEquals(Optional.of("cpe:2.3:a:golang:go:1.21:rc2:*:*:*:*:*:*"), GoPackages.stdlibCpe("go1.21rc2"));
    assertEquals(Optional.of("cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*"), GoPackages.stdlibCpe("go1.19.8"));
    assertEquals(Optional.of("cpe:2.3:a:golang:go:1.22.1:-:*:*:*:*:*:*"), GoPackages.stdlibCpe("1.22.1+meta"));
    assertEquals(Optional.empty(), GoPackages.stdlibCpe("devel"));
  }

  @Test
  void theProxyZipIsServedOnlyForModulePathsAndVersionsTheProxyServes() {
    assertEquals(Optional.of("https://proxy.golang.org/github.com/!azure/go-!autorest/@v/v1.0.0.zip"),
        GoPackages.proxyZip("github.com/Azure/go-Autorest", "v1.0.0"));
    assertEquals(Optional.of("https://proxy.golang.org/golang.org/x/mod/@v/v0.1.0.zip"), GoPackages.proxyZip("golang.org/x/mod",
        "v0.1.0"));
    for (String[] bad : new String[][] {{"nodot/x", "v1.0.0"}, {"github.com/a", "1.0.0"}, {"github.com/./a", "v1.0.0"},
        {"github.com/a./b", "v1.0.0"}, {"github.com/a.", "v1.0.0"}, {"github.com/a b", "v1.0.0"}, {"github.com/a", "v1 0"}}) {
      assertEquals(Optional.empty(), GoPackages.proxyZip(bad[0], bad[1]), bad[0] + "@" + bad[1]);
    }
  }

  @Test
  void theProxyEscapesEachUpperCaseLetterOnly() {
    assertEquals("!a!z@[`{!x", GoPackages.escape("AZ@[`{X"));
    assertEquals("already-lower.0", GoPackages.escape("already-lower.0"));
  }
}
