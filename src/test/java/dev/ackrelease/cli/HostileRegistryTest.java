package dev.ackrelease.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.ChartImage;
import dev.ackrelease.steps.chart.ChartInspector;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a registry answers is input too (issue 19): content that names a digest that is none, a
 * redirect to a non-HTTP location, a chart whose image tag no URI holds. Each is the registry's
 * (exit 4) or the artifact's (exit 5) failure in one line, never an exception's class name or
 * exit 1, and nothing is asked for with a reference that is no reference.
 */
class HostileRegistryTest {

  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String GOOD = "sha256:" + "a".repeat(64);

  WireMockServer registry;

  @BeforeEach
  void start() {
    registry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    registry.start();
    registry.stubFor(get(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(200).withBody("{}")));
  }

  @AfterEach
  void stop() {
    registry.stop();
  }

  String host() {
    return "127.0.0.1:" + registry.port();
  }

  CliRun verify() {
    return Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "2", "ACK_RELEASE_RETRY_DELAY_MS", "1"), "verify", "--service", "s3",
        "v1.0.0", "--registry", host() + "/ack", "--insecure-registry", host(), "--no-source-check",
        "--platforms", "linux/amd64");
  }

  void index(String manifestDigest) {
    registry.stubFor(get(urlEqualTo("/v2/ack/s3-controller/manifests/1.0.0")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", INDEX).withBody("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[{"
            + "\"mediaType\":\"" + MANIFEST + "\",\"digest\":\"" + manifestDigest.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"size\":10,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")));
  }

  static void assertOneLine(CliRun run, int exit, String fragment) {
    assertEquals(exit, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    assertTrue(run.errorLine().contains(fragment), run::toString);
    assertFalse(run.err().contains("Exception"), run::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-digest", "sha256:has space", "sha256:../../../v2/_catalog", "sha256:ZZZ", "sha256:%2e%2e"})
  void anIndexNamingAManifestDigestThatIsNoDigestIsAFinding(String digest) {
    index(digest);

    CliRun run = verify();

    assertOneLine(run, 5, "is not a digest");
    // The ping that settles the scheme (GET /v2/), then the two tags: nothing more.
    List<String> asked = registry.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).sorted().toList();
    assertEquals(List.of("/v2/", "/v2/ack/s3-chart/manifests/1.0.0", "/v2/ack/s3-controller/manifests/1.0.0"), asked,
        "nothing asked for by a reference that is no digest");
  }

  @Test
  void aManifestNamingAConfigDigestThatIsNoDigestIsAFinding() {
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:not hex\",\"size\":2},\"layers\":[]}";
    String digest = Digests.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    index(digest);
    registry.stubFor(get(urlEqualTo("/v2/ack/s3-controller/manifests/" + digest)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", MANIFEST).withBody(manifest)));

    CliRun run = verify();

    assertOneLine(run, 5, "is not a digest");
  }

  /** A manifest served with no Content-Type and no mediaType field has no type to name (it said "it is a , not an image index"). */
  @Test
  void aManifestWithNoMediaTypeIsSaidToHaveNone() {
    registry.stubFor(get(urlEqualTo("/v2/ack/s3-controller/manifests/1.0.0")).willReturn(aResponse().withStatus(200)
        .withBody("{\"schemaVersion\":2,\"layers\":[]}")));

    CliRun run = verify();

    assertOneLine(run, 5, "it has no media type (no Content-Type, no mediaType in the manifest), not an image index");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "jar:file:/x!/y", "http://[::1", "mailto:a@b"})
  void aRedirectToANonHttpLocationIsTheRegistrysFailure(String location) {
    registry.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(302).withHeader("Location", location)));

    CliRun run = verify();

    assertOneLine(run, 4, "is not " + (location.startsWith("http") ? "a URL" : "an http(s) URL"));
    assertTrue(run.errorLine().contains("HTTP 302"), run::toString);
  }

  /**
   * A redirect to a host that cannot be reached names that host, and the registry that sent the run
   * there: it said "cannot connect to 127.0.0.1:PORT", the registry that had answered.
   */
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2:1", "no-such-host.invalid"})
  void aRedirectToAnUnreachableHostNamesThatHost(String target) {
    registry.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(307)
        .withHeader("Location", "http://" + target + "/storage/blob")));

    CliRun run = verify();

    assertOneLine(run, 4, "cannot connect to " + target + ", where " + host() + " redirected ");
    assertTrue(run.errorLine().contains("(HTTP 307)"), run::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0 x", "1.0.0%", "1.0.0^", "1.0.0/../../x", "1.0.0?x"})
  void aChartImageTagNoUriHoldsIsAFindingWithoutARequest(String tag) {
    ChartInspector inspector = new ChartInspector(Log.NONE, new Retry.Policy(1, Duration.ofMillis(1)));
    RegistryAccess access = new RegistryAccess(Registry.parse(host() + "/ack"), Optional.empty(), true, Optional.empty());

    ReleaseException e = assertThrows(ReleaseException.class,
        () -> inspector.requireImage(access, new ChartImage(host() + "/ack/s3-controller", tag), "s3-chart-1.0.0.tgz"));

    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("not an image reference"), e.getMessage());
    assertEquals(0, registry.getAllServeEvents().size(), "nothing asked for");
  }

  @Test
  void awaitsTimeoutBoundsTheRetriesOfALookUpAtARegistryThatKeepsFailing() {
    registry.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(503)));
    long start = System.nanoTime();

    // Delays from 3 s, doubling: 7 retries under --retry-timeout's 5m took about a minute, whatever --timeout said.
    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_RETRY_DELAY_MS", "3000"), "await", "v1.0.0", "--service", "s3",
        "--registry", host() + "/ack", "--insecure-registry", host(), "--timeout", "2s");

    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertEquals(4, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("HTTP 503"), run::toString);
    assertTrue(seconds < 10, "--timeout 2s took " + seconds + " s: " + run);
  }
}
