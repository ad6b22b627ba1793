package dev.ackrelease.steps.registry;

import static dev.ackrelease.testing.ThreadProxies.through;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.testing.AuthProxy;
import dev.ackrelease.testing.FullAcceptQueue;
import dev.ackrelease.testing.TlsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegistryHttp}'s own requests (HttpURLConnection) as the registry and a proxy see them,
 * against real servers on 127.0.0.1: its User-Agent, the proxy's credentials up front on plain HTTP
 * (never through a tunnel), a refused password one line before any of the body is sent, and a registry that
 * takes no connection given up on after the connect time-out (10 s), by both clients.
 */
class RegistryHttpConnectionTest {

  static final Duration LONG = Duration.ofSeconds(60);
  static final String USER = "alice";
  static final String PASSWORD = "pw-registry-http-4618";

  @TempDir Path tmp;

  /** What the registry saw of one request: its method, User-Agent, Proxy-Authorization and body. */
  record Seen(String method, String userAgent, List<String> proxyAuthorization, byte[] body) {}

  TlsServer registry(String name, List<Seen> seen) throws Exception {
    return TlsServer.start(tmp.resolve(name), "DNS:registry.test", exchange -> {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("User-Agent"),
          exchange.getRequestHeaders().getOrDefault("Proxy-Authorization", List.of()), exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
  }

  static URI at(TlsServer tls, String path) {
    return URI.create("https://registry.test:" + tls.address().substring(tls.address().lastIndexOf(':') + 1) + path);
  }

  /**
   * Plain HTTP through HTTP_PROXY: the URL's credentials on the request, up front (a 407 to a
   * streamed body could not be answered by sending it again), and ack-release's User-Agent. (A
   * tunnel's {@code CONNECT} is answered by the JDK only when {@code jdk.http.auth.tunneling.disabledSchemes}
   * was emptied before the JVM's first connection, which another test class in this JVM may have
   * made: ProxyIT checks it, in a process of its own.)
   */
  @Test
  void aPlainRequestCarriesTheProxysCredentialsUpFrontAndItsUserAgent() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", exchange -> {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("User-Agent"),
          exchange.getRequestHeaders().getOrDefault("Proxy-Authorization", List.of()), exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    registry.start();
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      URI uri = URI.create("http://registry.test:" + registry.getAddress().getPort() + "/v2/r/manifests/1.0.0");
      byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
      RegistryHttp.Response r = through(Map.of("HTTP_PROXY", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port()),
          () -> new RegistryHttp(Optional.empty(), false).send("PUT", uri, Map.of(), RegistryHttp.Body.of(manifest), LONG));
      assertEquals(201, r.status());
      assertEquals(1, seen.size());
      assertEquals(ToolVersion.userAgent(), seen.get(0).userAgent());
      assertArrayEquals(manifest, seen.get(0).body());
      String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of(new AuthProxy.Seen("PUT", uri.toString(), ToolVersion.userAgent(), basic, true)), proxy.seen());
    } finally {
      registry.stop(0);
    }
  }

  /**
   * A 400 is the registry's answer, with its body (an error code the caller reads), as every status
   * from 400 up: HttpURLConnection gives it as its error stream, not an exception.
   */
  @Test
  void a400IsAnAnswerWithItsBody() throws Exception {
    byte[] error = "{\"errors\":[{\"code\":\"MANIFEST_INVALID\"}]}".getBytes(StandardCharsets.UTF_8);
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(400, error.length);
      exchange.getResponseBody().write(error);
      exchange.close();
    });
    registry.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/v2/r/manifests/1.0.0");
      RegistryHttp.Response r = new RegistryHttp(Optional.empty(), false).send("PUT", uri, Map.of(), RegistryHttp.Body.of(new byte[3]),
          LONG);
      assertEquals(400, r.status());
      assertArrayEquals(error, r.body());
    } finally {
      registry.stop(0);
    }
  }

  /**
   * The tunnel is made before the body is written: its 407 is the proxy's refusal (exit 4, one
   * line), not a failed upload. (Whether the JDK first sends the wrong password or nothing, see
   * above, the proxy refuses.)
   */
  @Test
  void aRefusedPasswordIsOneLineBeforeTheBody() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (TlsServer tls = registry("refused", seen); AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      RegistryHttp http = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false);
      ReleaseException e = assertThrows(ReleaseException.class, () -> through(Map.of("HTTPS_PROXY", "http://" + USER
          + ":wrong-password-2@127.0.0.1:" + proxy.port()), () -> http.send("PUT", at(tls, "/v2/r/manifests/1.0.0"), Map.of(),
          RegistryHttp.Body.of(new byte[100]), LONG)));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("the proxy http://alice@127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) refused the user"
          + " name and password of its URL (HTTP 407)"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-password-2"), e.getMessage());
      assertEquals(List.of(), seen);
    }
  }

  /**
   * A registry whose queue of connections is full answers no {@code SYN}: each client gives up
   * after {@link RegistryHttp#CONNECT_TIMEOUT_MS} (not the system's two minutes of retries), though
   * the request's own time-out is a minute. The server is Linux's accept queue, full.
   */
  @Test
  void aRegistryThatTakesNoConnectionIsGivenUpAfterTheConnectTimeOut() throws Exception {
    try (FullAcceptQueue full = new FullAcceptQueue()) {
      URI uri = URI.create("http://127.0.0.1:" + full.port() + "/v2/r/blobs/uploads/u1");
      RegistryHttp http = new RegistryHttp(Optional.empty(), false);
      for (String client : List.of("send", "patchStreamed")) {
        long start = System.nanoTime();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class, () -> {
          if (client.equals("send")) {
            http.send("GET", uri, Map.of(), null, LONG);
          } else {
            http.patchStreamed(uri, Map.of(), new ByteArrayInputStream(new byte[10]), LONG, LONG);
          }
        }), client);
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e instanceof SocketTimeoutException || e.getClass().getSimpleName().equals("ConnectTimeoutException"), client + ": " + e);
        assertTrue(waited >= RegistryHttp.CONNECT_TIMEOUT_MS - 1_000 && waited < RegistryHttp.CONNECT_TIMEOUT_MS + 5_000,
            client + ": " + waited + " ms");
      }
    }
  }
}
