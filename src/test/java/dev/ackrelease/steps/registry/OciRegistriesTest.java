package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.testing.SharedRegistry;
import dev.ackrelease.testing.TlsServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;

/**
 * HTTP clients made from an access: a host named insecure is spoken to as it answers (plain
 * HTTP, else HTTPS without verification), any other with verification and the given CA. (That a
 * read of what is not there is empty and any other failure propagates is RegistrySession's rule,
 * in RegistrySessionTest.)
 */
class OciRegistriesTest {

  @TempDir Path tmp;

  @Test
  void anInsecurePlainHttpHostIsSpokenToInPlainHttp() throws Exception {
    String name = SharedRegistry.unique("plain-http");
    RegistryAccess access = SharedRegistry.get().plainAccess();
    assertTrue(OciRegistries.probePlainHttp(access.registry().host()));
    assertTrue(OciRegistries.speaksPlainHttp(access.registry().host()));
    RegistryHttp plain = OciRegistries.registryHttp(access, true);
    URI v2 = URI.create("http://" + access.registry().host() + "/v2/");
    assertEquals(200, plain.send("GET", v2, Map.of(), null, Duration.ofSeconds(10)).status());
    RegistrySession session = new RegistrySession(access, Log.NONE, RegistrySessionTest.FAST);
    RegistrySessionTest.Image image = RegistrySessionTest.Image.of("resolved");
    image.push(session, name, "1.0.0");
    assertEquals(image.digest(), session.manifest(name, "1.0.0").orElseThrow().digest());
  }

  /**
   * A host that speaks neither TLS nor a registry's HTTP (it sends a line of another protocol and
   * closes) fails the handshake without being refused: it is spoken to in plain HTTP, whose
   * requests then fail as that host's.
   */
  @Test
  void aHostThatFailsTheHandshakeIsSpokenToInPlainHttp() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> {
        while (!other.isClosed()) {
          try (Socket s = other.accept()) {
            s.getOutputStream().write("SSH-2.0-not-a-registry\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      answering.setDaemon(true);
      answering.start();
      assertTrue(OciRegistries.probePlainHttp("127.0.0.1:" + other.getLocalPort()));
    }
  }

  @Test
  void aTlsHostOrOneThatRefusesConnectionsIsNotPlainHttp() throws Exception {
    // The probe, not the per-host cache: a port this JVM probed before may have been a plain HTTP server's.
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls"), "IP:127.0.0.1", TlsServer.ok())) {
      assertFalse(OciRegistries.probePlainHttp(tls.address()));
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertFalse(OciRegistries.probePlainHttp("127.0.0.1:" + closed));
    // A TLS host that redirects its /v2/ to a port that refuses connections answered in TLS: not plain HTTP (a review
    // found it taken as plain once the failure at the redirect's target was told apart from one at the host).
    try (TlsServer redirecting = TlsServer.start(tmp.resolve("redirecting"), "IP:127.0.0.1", exchange -> {
      exchange.getResponseHeaders().add("Location", "https://127.0.0.1:" + closed + "/v2/");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    })) {
      assertFalse(OciRegistries.probePlainHttp(redirecting.address()));
    }
  }

  /**
   * The probe's answer is kept per host for the JVM's life: a TLS host is not plain HTTP, and a
   * host once found plain HTTP stays so (its port refusing connections later is not asked again).
   */
  @Test
  void theProbesAnswerIsKeptPerHost() throws Exception {
    try (TlsServer tls = TlsServer.start(tmp.resolve("kept"), "IP:127.0.0.1", TlsServer.ok())) {
      assertFalse(OciRegistries.speaksPlainHttp(tls.address()));
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", TlsServer.ok());
    server.start();
    String plain = "127.0.0.1:" + server.getAddress().getPort();
    try {
      assertTrue(OciRegistries.speaksPlainHttp(plain));
    } finally {
      server.stop(0);
    }
    assertFalse(OciRegistries.probePlainHttp(plain), "the port refuses connections now");
    assertTrue(OciRegistries.speaksPlainHttp(plain), "the answer kept for the host");
  }

  @Test
  void anInsecureTlsHostIsNotVerifiedAndAnyOtherIsVerifiedWithItsCa() throws Exception {
    try (TlsServer other = TlsServer.start(tmp.resolve("other"), "DNS:other.example.com", TlsServer.ok())) {
      Registry registry = Registry.parse(other.address() + "/ack");
      URI v2 = URI.create("https://" + other.address() + "/v2/");
      RegistryHttp insecure = OciRegistries.registryHttp(new RegistryAccess(registry, Optional.empty(), true, Optional.empty()),
          false);
      assertEquals(200, insecure.send("GET", v2, Map.of(), null, Duration.ofSeconds(10)).status());
      RegistryHttp withCa = OciRegistries.registryHttp(new RegistryAccess(registry, Optional.empty(), false,
          Optional.of(other.ca())), false);
      assertThrows(IOException.class, () -> withCa.send("GET", v2, Map.of(), null, Duration.ofSeconds(10)),
          "the certificate names another host");
      RegistryHttp plain = OciRegistries.registryHttp(new RegistryAccess(registry, Optional.empty(), true, Optional.empty()), true);
      assertThrows(IOException.class, () -> plain.send("GET", v2, Map.of(), null, Duration.ofSeconds(10)),
          "a host that speaks plain HTTP gets no TLS leniency");
    }
  }
}
