package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SharedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which scheme a host named insecure is spoken to in, rule by rule as go-containerregistry's
 * pkg/v1/remote/transport/ping.go (at the fetched HEAD) settles it: {@code Ping} tries HTTPS and,
 * for an insecure registry, HTTP, and takes the first scheme a registry answers on
 * ({@code pingParallel}); an answer is a registry's when {@code pingSingle} gets 200 or 401.
 */
class RegistryPingConformanceTest {

  @TempDir Path tmp;

  /**
   * pingSingle: {@code http.StatusOK} and {@code http.StatusUnauthorized} are a registry's answers.
   * A plain registry on a port is settled by that one plain request: no TLS hello reaches it.
   */
  @Test
  void aPlainRegistryOnAPortIsSettledByOnePlainRequest() throws Exception {
    for (String answer : List.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"http://127.0.0.1:1/token\"\r\nContent-Length: 0\r\n\r\n")) {
      try (Answering server = new Answering(answer)) {
        assertTrue(OciRegistries.probePlainHttp(server.address()), answer);
        assertEquals(List.of("GET /v2/ HTTP/1.1"), server.firstLines(), "one plain request, no TLS hello (0x16)");
      }
    }
  }

  /**
   * pingSingle's {@code default: CheckError(...)}: any other status is no registry's answer, so the
   * HTTPS attempt settles it; a redirect is not an answer either (here it is not followed).
   */
  @Test
  void anyOtherPlainAnswerLeavesItToHttps() throws Exception {
    for (String answer : List.of("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 301 Moved Permanently\r\nLocation: https://127.0.0.1:1/v2/\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")) {
      try (Answering server = new Answering(answer)) {
        assertEquals(Optional.empty(), OciRegistries.plainProbe(URI.create("http://" + server.address() + "/v2/")), answer);
      }
    }
  }

  /**
   * The real docker-registry with TLS (Go's net/http answers a plain request on its TLS port with
   * 400 "Client sent an HTTP request to an HTTPS server"): that is no registry's answer, so it is
   * spoken to in HTTPS, the scheme go-containerregistry's Ping settles on there too (its plain
   * racer fails, its HTTPS one answers). Where the two differ: a port that answers a registry's
   * GET /v2/ in both (a plain-or-TLS multiplexer) is plain here, HTTPS there.
   */
  @Test
  void aTlsRegistryOnAPortIsSpokenToInHttps() throws Exception {
    try (RegistryServer tls = RegistryServer.tlsWithAuth(tmp.resolve("tls"), "alice", "s3cret")) {
      assertEquals(Optional.empty(), OciRegistries.plainProbe(URI.create("http://" + tls.address() + "/v2/")));
      assertFalse(OciRegistries.probePlainHttp(tls.address()));
    }
    assertTrue(OciRegistries.probePlainHttp(SharedRegistry.get().address()), "the real plain registry");
  }

  /**
   * A TCP connect fails the same way whatever is spoken over it, so a failed connect settles the
   * scheme at once, as the TLS probe would after the same failure (pingParallel's two racers both
   * fail there): a refused port is no plain-HTTP registry; a connect time-out is taken as plain
   * HTTP, without waiting out a second time-out. Any other failure asks in HTTPS.
   */
  @Test
  void aFailedConnectSettlesItWithoutASecondTry() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertEquals(Optional.of(false), OciRegistries.plainProbe(URI.create("http://127.0.0.1:" + closed + "/v2/")));
    assertFalse(OciRegistries.probePlainHttp("127.0.0.1:" + closed));
    assertEquals(Optional.of(true), OciRegistries.settledByConnectFailure(new SocketTimeoutException("Connect timed out")));
    assertEquals(Optional.empty(), OciRegistries.settledByConnectFailure(new SocketTimeoutException("Read timed out")));
    assertEquals(Optional.empty(), OciRegistries.settledByConnectFailure(new IOException("Invalid Http response")));
  }

  /** A host without a port would be asked on 80 and 443: HTTPS first (Ping's primary scheme), as before. */
  @Test
  void onlyAHostWithAPortIsAskedInPlainHttpFirst() {
    assertTrue(OciRegistries.namesPort("127.0.0.1:5000"));
    assertTrue(OciRegistries.namesPort("registry.example.com:443"));
    assertTrue(OciRegistries.namesPort("[::1]:5000"));
    assertFalse(OciRegistries.namesPort("registry.example.com"));
    assertFalse(OciRegistries.namesPort("[::1]"));
    assertFalse(OciRegistries.namesPort("registry.example.com:"));
  }

  /** Answers each connection with {@code answer} and records its first line. */
  private static final class Answering implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> firstLines = new CopyOnWriteArrayList<>();

    Answering(String answer) throws IOException {
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
              line.append((char) b);
            }
            firstLines.add(line.toString().strip());
            // The rest of the request's head, then the answer.
            for (int n = 0, b = in.read(); b != -1 && n < 3; b = in.read()) {
              n = (b == '\r' || b == '\n') ? n + 1 : 0;
            }
            s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String address() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    List<String> firstLines() {
      return List.copyOf(firstLines);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
