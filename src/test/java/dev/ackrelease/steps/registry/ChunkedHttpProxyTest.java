package dev.ackrelease.steps.registry;

import static dev.ackrelease.testing.ThreadProxies.through;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.testing.AuthProxy;
import dev.ackrelease.testing.SocksProxy;
import dev.ackrelease.testing.TlsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed PATCH ({@link ChunkedHttp}) through the proxy HTTPS_PROXY or HTTP_PROXY names, with
 * its URL's credentials: a real proxy ({@link AuthProxy}, which asks for Basic as Squid does) and a
 * real server on 127.0.0.1, named {@code registry.test} (a loopback address goes direct). Plain
 * HTTP carries the credentials on the request itself, up front (a streamed body cannot be sent
 * again after a 407); TLS gives them to the tunnel's {@code CONNECT} and never to the registry
 * inside it. The environment is installed for this test's thread only (nothing else in the JVM
 * is proxied meanwhile) and the JVM's defaults are restored after.
 */
class ChunkedHttpProxyTest {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String USER = "alice";
  static final String PASSWORD = "pw-chunked-7391";

  @TempDir Path tmp;

  /** What the registry saw of one request. */
  record Seen(String path, List<String> proxyAuthorization, byte[] body) {}

  static void record(HttpExchange exchange, List<Seen> seen) throws IOException {
    seen.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getOrDefault("Proxy-Authorization", List.of()),
        exchange.getRequestBody().readAllBytes()));
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
  }

  static byte[] body() {
    byte[] body = new byte[200_000];
    new Random(7).nextBytes(body);
    return body;
  }

  @Test
  void plainHttpSendsTheProxysCredentialsUpFront() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", exchange -> record(exchange, seen));
    registry.start();
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      URI uri = URI.create("http://registry.test:" + registry.getAddress().getPort() + "/v2/r/blobs/uploads/u1");
      byte[] body = body();
      RegistryHttp.Response r = through(Map.of("HTTP_PROXY", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port()),
          () -> new RegistryHttp(Optional.empty(), false).patchStreamed(uri, Map.of(), new ByteArrayInputStream(body), TIMEOUT,
              TIMEOUT));
      assertEquals(202, r.status());
      assertEquals(1, seen.size());
      assertArrayEquals(body, seen.get(0).body());
      String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of(new AuthProxy.Seen("PATCH", uri.toString(), ToolVersion.userAgent(), basic, true)), proxy.seen(),
          "one request, its credentials taken at once");
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void tlsGivesTheCredentialsToTheTunnelAndNeverToTheRegistry() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls"), "DNS:registry.test", exchange -> record(exchange, seen));
        AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      int port = Integer.parseInt(tls.address().substring(tls.address().lastIndexOf(':') + 1));
      URI uri = URI.create("https://registry.test:" + port + "/v2/r/blobs/uploads/u2");
      RegistryHttp http = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false);
      byte[] body = body();
      RegistryHttp.Response r = through(Map.of("HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port()),
          () -> http.patchStreamed(uri, Map.of(), new ByteArrayInputStream(body), TIMEOUT, TIMEOUT));
      assertEquals(202, r.status());
      assertEquals(1, seen.size());
      assertArrayEquals(body, seen.get(0).body());
      assertEquals(List.of(), seen.get(0).proxyAuthorization(), "the proxy's credentials reached the registry");
      List<AuthProxy.Seen> asked = proxy.seen();
      assertTrue(asked.stream().allMatch(s -> s.method().equals("CONNECT") && s.target().equals("registry.test:" + port)), asked.toString());
      assertTrue(asked.get(asked.size() - 1).accepted(), asked.toString());
    }
  }

  /**
   * A SOCKS5 proxy gets the URL's user name and password in its handshake (RFC 1929, as Go's
   * {@code socksUsernamePassword} sends them) and the registry's name unresolved: no resolver here
   * knows {@code registry.test}, only the proxy reaches it.
   */
  @Test
  void aSocksProxyGetsTheCredentialsAndTheNameUnresolved() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", exchange -> record(exchange, seen));
    registry.start();
    try (SocksProxy proxy = new SocksProxy("carol", "pw-socks-2957")) {
      String target = "registry.test:" + registry.getAddress().getPort();
      URI uri = URI.create("http://" + target + "/v2/r/blobs/uploads/u4");
      byte[] body = body();
      RegistryHttp.Response r = through(Map.of("HTTP_PROXY", "socks5://carol:pw-socks-2957@127.0.0.1:" + proxy.port()),
          () -> new RegistryHttp(Optional.empty(), false).patchStreamed(uri, Map.of(), new ByteArrayInputStream(body), TIMEOUT,
              TIMEOUT));
      assertEquals(202, r.status());
      assertArrayEquals(body, seen.get(0).body());
      assertEquals(List.of(), seen.get(0).proxyAuthorization());
      List<SocksProxy.Handshake> handshakes = proxy.handshakes();
      assertEquals(1, handshakes.size(), handshakes.toString());
      assertEquals("carol", handshakes.get(0).user());
      assertTrue(handshakes.get(0).accepted());
      assertEquals(target, handshakes.get(0).target());
    } finally {
      registry.stop(0);
    }
  }

  /** A password the proxy refuses: one line, exit 4, naming the proxy without the password. */
  @Test
  void aRefusedPasswordIsOneLineWithoutIt() throws Exception {
    try (TlsServer tls = TlsServer.start(tmp.resolve("refused"), "DNS:registry.test", TlsServer.ok());
        AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      int port = Integer.parseInt(tls.address().substring(tls.address().lastIndexOf(':') + 1));
      URI uri = URI.create("https://registry.test:" + port + "/v2/r/blobs/uploads/u3");
      RegistryHttp http = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false);
      ReleaseException e = assertThrows(ReleaseException.class, () -> through(Map.of("HTTPS_PROXY", "http://" + USER
          + ":wrong-password-1@127.0.0.1:" + proxy.port()), () -> http.patchStreamed(uri, Map.of(),
          new ByteArrayInputStream(new byte[10]), TIMEOUT, TIMEOUT)));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("the proxy http://alice@127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) refused the user"
          + " name and password of its URL (HTTP 407)"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-password-1"), e.getMessage());
    }
  }
}
