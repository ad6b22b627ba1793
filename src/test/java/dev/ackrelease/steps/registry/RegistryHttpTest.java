package dev.ackrelease.steps.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.testing.TlsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP to a registry: reads follow redirects (blob downloads go to storage elsewhere), at most
 * five, and the {@code Authorization} header goes only to the origin it was meant for; writes
 * hand a redirect back. Two WireMock servers stand in for the registry and the storage it
 * redirects to (a real registry with filesystem storage never redirects).
 */
class RegistryHttpTest {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Map<String, String> AUTH = Map.of("Authorization", "Bearer registry-token");

  @TempDir Path tmp;
  WireMockServer registry;
  WireMockServer storage;
  final RegistryHttp http = new RegistryHttp(Optional.empty(), false);

  @BeforeEach
  void start() {
    registry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    storage = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    registry.start();
    storage.start();
  }

  @AfterEach
  void stop() {
    registry.stop();
    storage.stop();
  }

  URI at(WireMockServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void aReadFollowsEveryKindOfRedirectWithinTheOriginKeepingTheAuthorization() throws Exception {
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/final")).willReturn(aResponse().withStatus(200).withBody("bytes")));
    for (int code : new int[] {301, 302, 303, 307, 308}) {
      registry.stubFor(any(urlEqualTo("/v2/r/blobs/" + code)).willReturn(aResponse().withStatus(code)
          .withHeader("Location", "/v2/r/blobs/final")));
      RegistryHttp.Response r = http.send("GET", at(registry, "/v2/r/blobs/" + code), AUTH, null, TIMEOUT);
      assertEquals(200, r.status(), "" + code);
      assertEquals("bytes", r.text());
    }
    assertEquals(5, registry.countRequestsMatching(getRequestedFor(urlEqualTo("/v2/r/blobs/final"))
        .withHeader("Authorization", equalTo("Bearer registry-token")).build()).getCount());
    RegistryHttp.Response head = http.send("HEAD", at(registry, "/v2/r/blobs/307"), AUTH, null, TIMEOUT);
    assertEquals(200, head.status());
    assertArrayEquals(new byte[0], head.body(), "HEAD has no body");
  }

  @Test
  void theAuthorizationIsNotSentToAnotherOrigin() throws Exception {
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/sha256:1")).willReturn(aResponse().withStatus(307)
        .withHeader("Location", at(storage, "/bucket/blob?sig=1").toString())));
    storage.stubFor(any(urlPathEqualTo("/bucket/blob")).willReturn(aResponse().withStatus(200).withBody("from storage")));
    RegistryHttp.Response r = http.send("GET", at(registry, "/v2/r/blobs/sha256:1"), Map.of("Authorization", "Bearer t",
        "Accept", "*/*"), null, TIMEOUT);
    assertEquals("from storage", r.text());
    storage.verify(getRequestedFor(urlPathEqualTo("/bucket/blob")).withHeader("Authorization", absent())
        .withHeader("Accept", equalTo("*/*")));
  }

  @Test
  void writesAndStatusesThatAreNoRedirectAreHandedBack() throws Exception {
    registry.stubFor(any(urlEqualTo("/moved")).willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));
    registry.stubFor(any(urlEqualTo("/nowhere")).willReturn(aResponse().withStatus(302)));
    registry.stubFor(any(urlEqualTo("/choices")).willReturn(aResponse().withStatus(300).withHeader("Location", "/elsewhere")));
    registry.stubFor(any(urlEqualTo("/same")).willReturn(aResponse().withStatus(304).withHeader("Location", "/elsewhere")));
    for (String method : new String[] {"PUT", "POST", "DELETE"}) {
      assertEquals(307, http.send(method, at(registry, "/moved"), Map.of(), null, TIMEOUT).status(), method);
    }
    assertEquals(302, http.send("GET", at(registry, "/nowhere"), Map.of(), null, TIMEOUT).status(), "no Location: no redirect");
    assertEquals(300, http.send("GET", at(registry, "/choices"), Map.of(), null, TIMEOUT).status());
    assertEquals(304, http.send("GET", at(registry, "/same"), Map.of(), null, TIMEOUT).status());
    registry.verify(0, anyRequestedFor(urlEqualTo("/elsewhere")));
  }

  @Test
  void atMostFiveRedirectsAreFollowed() throws Exception {
    registry.stubFor(any(urlEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
    RegistryHttp.Response r = http.send("GET", at(registry, "/loop"), Map.of(), null, TIMEOUT);
    assertEquals(302, r.status());
    assertEquals(6, registry.countRequestsMatching(getRequestedFor(urlEqualTo("/loop")).build()).getCount());
  }

  @Test
  void headersAreReadInLowerCaseAndErrorBodiesAreRead() throws Exception {
    registry.stubFor(any(urlEqualTo("/v2/r/manifests/x")).willReturn(aResponse().withStatus(404)
        .withHeader("Docker-Content-Digest", "sha256:abc").withHeader("Content-Type", "application/json")
        .withBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}")));
    RegistryHttp.Response r = http.send("GET", at(registry, "/v2/r/manifests/x"), Map.of(), null, TIMEOUT);
    assertEquals(404, r.status());
    assertEquals(Optional.of("sha256:abc"), r.header("docker-content-digest"));
    assertEquals(Optional.of("sha256:abc"), r.header("DOCKER-CONTENT-DIGEST"));
    assertEquals("sha256:abc", r.headers().get("docker-content-digest"));
    assertEquals(Optional.empty(), r.header("Location"));
    assertEquals("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}", r.text());
    registry.stubFor(any(urlEqualTo("/empty-error")).willReturn(aResponse().withStatus(500)));
    assertEquals("", http.send("GET", at(registry, "/empty-error"), Map.of(), null, TIMEOUT).text());
  }

  @Test
  void aBodyIsStreamedWithItsLengthAndAnEmptyWriteSaysZero() throws Exception {
    registry.stubFor(any(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(201)));
    byte[] bytes = "blob bytes".getBytes(StandardCharsets.UTF_8);
    assertEquals(201, http.send("PUT", at(registry, "/upload?digest=x"), Map.of("Content-Type", "application/octet-stream"),
        RegistryHttp.Body.of(bytes), TIMEOUT).status());
    registry.verify(putRequestedFor(urlPathEqualTo("/upload")).withHeader("Content-Length", equalTo("10"))
        .withHeader("Content-Type", equalTo("application/octet-stream")).withRequestBody(equalTo("blob bytes")));
    assertEquals(201, http.send("POST", at(registry, "/upload"), Map.of(), null, TIMEOUT).status());
    registry.verify(postRequestedFor(urlPathEqualTo("/upload")).withHeader("Content-Length", equalTo("0")));
    assertEquals(201, http.send("PUT", at(registry, "/upload?empty"), Map.of(), null, TIMEOUT).status());
    registry.verify(putRequestedFor(urlEqualTo("/upload?empty")).withHeader("Content-Length", equalTo("0")));
  }

  @Test
  void aSlowAnswerTimesOutAfterTheRequestTimeout() {
    registry.stubFor(any(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> http.send("GET", at(registry, "/slow"), Map.of(), null, Duration.ofMillis(300)));
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited < 2_500, waited + " ms");
  }

  /** An answer trickled a byte at a time never trips the read time-out; the request's time-out still ends it. */
  @Test
  void anAnswerTrickledSlowerThanTheRequestTimeoutIsCutAtItOverPlainHttpAndTls() throws Exception {
    registry.stubFor(any(urlEqualTo("/trickle")).willReturn(aResponse().withStatus(200).withBody("x".repeat(40))
        .withChunkedDribbleDelay(40, 8_000)));
    long start = System.nanoTime();
    SocketTimeoutException plain = assertThrows(SocketTimeoutException.class,
        () -> http.send("GET", at(registry, "/trickle"), Map.of(), null, Duration.ofSeconds(1)));
    assertEquals("no complete answer within 1 s", plain.getMessage());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "cut at the time-out");

    try (TlsServer tls = TlsServer.start(tmp.resolve("trickle"), "IP:127.0.0.1", exchange -> {
      exchange.sendResponseHeaders(200, 40);
      try (var out = exchange.getResponseBody()) {
        for (int i = 0; i < 40; i++) {
          out.write('x');
          out.flush();
          Thread.sleep(200);
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    })) {
      long tlsStart = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false)
          .send("GET", URI.create("https://" + tls.address() + "/v2/"), Map.of(), null, Duration.ofSeconds(1)));
      assertTrue((System.nanoTime() - tlsStart) / 1_000_000 < 5_000, "cut at the time-out");
    }
  }

  @Test
  void tlsUsesTheRegistrysCaAndChecksTheHostUnlessTheHostIsNamedInsecure() throws Exception {
    try (TlsServer other = TlsServer.start(tmp.resolve("other"), "DNS:other.example.com", TlsServer.ok());
        TlsServer right = TlsServer.start(tmp.resolve("right"), "IP:127.0.0.1", TlsServer.ok())) {
      URI rightUri = URI.create("https://" + right.address() + "/v2/");
      URI otherUri = URI.create("https://" + other.address() + "/v2/");
      assertEquals(200, new RegistryHttp(Optional.of(TlsTrust.sslContext(right.ca())), false).send("GET", rightUri, Map.of(),
          null, TIMEOUT).status());
      assertThrows(SSLException.class, () -> new RegistryHttp(Optional.empty(), false).send("GET", rightUri, Map.of(), null,
          TIMEOUT), "the JVM's CAs alone do not trust it");
      assertThrows(IOException.class, () -> new RegistryHttp(Optional.of(TlsTrust.sslContext(other.ca())), false).send("GET",
          otherUri, Map.of(), null, TIMEOUT), "a certificate for another host is refused");
      assertEquals(200, new RegistryHttp(Optional.of(TlsTrust.sslContext(other.ca())), true).send("GET", otherUri, Map.of(),
          null, TIMEOUT).status(), "unless the host is named insecure");
    }
  }

  /**
   * The streamed PATCH (ChunkedHttp) keeps RegistryHttp's rules: chunked with no length, the
   * bytes as they were, the User-Agent and the Authorization given, a redirect handed back.
   */
  @Test
  void aStreamedPatchIsChunkedWithTheSameHeadersAndFollowsNoRedirect() throws Exception {
    byte[] body = new byte[300_000];
    new Random(3).nextBytes(body);
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/uploads/u1")).willReturn(aResponse().withStatus(202)
        .withHeader("Location", "/v2/r/blobs/uploads/u1?state=2")));
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/uploads/moved")).willReturn(aResponse().withStatus(307)
        .withHeader("Location", at(storage, "/elsewhere").toString())));

    RegistryHttp.Response r = http.patchStreamed(at(registry, "/v2/r/blobs/uploads/u1"), AUTH, new ByteArrayInputStream(body), TIMEOUT, TIMEOUT);
    assertEquals(202, r.status());
    assertEquals(Optional.of("/v2/r/blobs/uploads/u1?state=2"), r.header("Location"));
    registry.verify(patchRequestedFor(urlEqualTo("/v2/r/blobs/uploads/u1")).withHeader("Transfer-Encoding", equalTo("chunked"))
        .withHeader("Content-Length", absent()).withHeader("User-Agent", equalTo(ToolVersion.userAgent()))
        .withHeader("Authorization", equalTo("Bearer registry-token")).withRequestBody(binaryEqualTo(body)));

    RegistryHttp.Response moved = http.patchStreamed(at(registry, "/v2/r/blobs/uploads/moved"), AUTH, new ByteArrayInputStream(body),
        TIMEOUT, TIMEOUT);
    assertEquals(307, moved.status(), "a write's redirect goes back to the caller");
    assertEquals(0, storage.countRequestsMatching(anyRequestedFor(urlPathEqualTo("/elsewhere")).build()).getCount());
  }
  /**
   * The streamed PATCH speaks TLS with the registry's CA, as every other request does (a plain
   * one makes no TLS context at all: StartupIT and the bench's class counts).
   */
  @Test
  void aStreamedPatchOverTlsTrustsTheRegistrysCaAndNoMore() throws Exception {
    byte[] body = new byte[100_000];
    new Random(5).nextBytes(body);
    AtomicReference<byte[]> received = new AtomicReference<>();
    try (TlsServer tls = TlsServer.start(tmp.resolve("streamed"), "IP:127.0.0.1", exchange -> {
      received.set(exchange.getRequestBody().readAllBytes());
      exchange.getResponseHeaders().add("Location", "/v2/r/blobs/uploads/u1?state=2");
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    })) {
      URI uri = URI.create("https://" + tls.address() + "/v2/r/blobs/uploads/u1");
      RegistryHttp.Response r = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false).patchStreamed(uri, AUTH,
          new ByteArrayInputStream(body), TIMEOUT, TIMEOUT);
      assertEquals(202, r.status());
      assertArrayEquals(body, received.get());
      assertThrows(SSLException.class, () -> new RegistryHttp(Optional.empty(), false).patchStreamed(uri, AUTH,
          new ByteArrayInputStream(body), TIMEOUT, TIMEOUT), "the JVM's CAs alone do not trust it");
    }
  }

  /** The streamed PATCH checks the certificate's host as every other request does, unless the host is named insecure. */
  @Test
  void aStreamedPatchChecksTheHostUnlessTheHostIsNamedInsecure() throws Exception {
    try (TlsServer other = TlsServer.start(tmp.resolve("other-host"), "DNS:other.example.com", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    })) {
      URI uri = URI.create("https://" + other.address() + "/v2/r/blobs/uploads/u1");
      assertThrows(IOException.class, () -> new RegistryHttp(Optional.of(TlsTrust.sslContext(other.ca())), false).patchStreamed(uri,
          AUTH, new ByteArrayInputStream(new byte[10]), TIMEOUT, TIMEOUT), "a certificate for another host is refused");
      assertEquals(202, new RegistryHttp(Optional.of(TlsTrust.sslContext(other.ca())), true).patchStreamed(uri, AUTH,
          new ByteArrayInputStream(new byte[10]), TIMEOUT, TIMEOUT).status(), "unless the host is named insecure");
    }
  }

  /** A PATCH answered with no body at all (204) is an empty body, and a slow answer times out after the request's time-out. */
  @Test
  void aStreamedPatchTakesAnAnswerWithNoBodyAndTimesOut() throws Exception {
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/uploads/none")).willReturn(aResponse().withStatus(204)));
    registry.stubFor(any(urlEqualTo("/v2/r/blobs/uploads/slow")).willReturn(aResponse().withStatus(202).withFixedDelay(3_000)));
    RegistryHttp.Response none = http.patchStreamed(at(registry, "/v2/r/blobs/uploads/none"), AUTH, new ByteArrayInputStream(new byte[10]),
        TIMEOUT, TIMEOUT);
    assertEquals(204, none.status());
    assertEquals(0, none.body().length);
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> http.patchStreamed(at(registry, "/v2/r/blobs/uploads/slow"), AUTH,
        new ByteArrayInputStream(new byte[10]), Duration.ofMillis(300), Duration.ofMillis(300)));
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited < 2_500, waited + " ms");
  }

  /**
   * The TLS context (the JVM's CAs read and parsed, with --registry-ca or SSL_CERT_FILE's) is made
   * at the first https request and once: a plain-HTTP registry, a streamed upload included, never
   * pays for it (start-up time).
   */
  @Test
  void theTlsContextIsMadeAtTheFirstHttpsRequestOnlyAndOnce() throws Exception {
    AtomicInteger made = new AtomicInteger();
    try (TlsServer tls = TlsServer.start(tmp.resolve("lazy"), "IP:127.0.0.1", TlsServer.ok())) {
      RegistryHttp lazy = new RegistryHttp(() -> {
        made.incrementAndGet();
        return Optional.of(TlsTrust.sslContext(tls.ca()));
      }, false);
      registry.stubFor(any(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
      registry.stubFor(any(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(202)));
      assertEquals(200, lazy.send("GET", at(registry, "/v2/"), Map.of(), null, TIMEOUT).status());
      assertEquals(202, lazy.patchStreamed(at(registry, "/upload"), Map.of(), new ByteArrayInputStream(new byte[10]), TIMEOUT,
          TIMEOUT).status());
      assertEquals(0, made.get(), "plain HTTP: no TLS context");
      assertEquals(200, lazy.send("GET", URI.create("https://" + tls.address() + "/v2/"), Map.of(), null, TIMEOUT).status());
      assertEquals(200, lazy.send("GET", URI.create("https://" + tls.address() + "/v2/"), Map.of(), null, TIMEOUT).status());
      assertEquals(1, made.get());
    }
  }
}
