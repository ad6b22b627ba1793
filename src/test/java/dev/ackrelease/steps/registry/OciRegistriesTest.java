package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SharedRegistry;
import dev.ackrelease.testing.TlsServer;
import java.net.InetAddress;
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

  /** The probe of a plain HTTP registry is a line it refuses before routing: no request reaches its API or its access log. */
  @Test
  void aPlainHttpHostIsKnownByALineItRefusesBeforeItsApi() throws Exception {
    RegistryServer registry = SharedRegistry.get();
    String host = registry.plainAccess().registry().host();
    int before = registry.requests().size();
    assertTrue(OciRegistries.answersPlainText(host));
    assertEquals(before, registry.requests().size(), "the probe is in the registry's access log");
  }

  /**
   * A host that neither answers the line as HTTP nor speaks TLS (it sends a line of another protocol
   * and closes) is left to the TLS handshake, whose failure says plain HTTP, as before; a host that
   * accepts and says nothing does not hold the probe past its read time-out.
   */
  @Test
  void aHostThatClosesIsLeftToTheHandshakeAndASilentOneToTheTimeOut() throws Exception {
    try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread closer = new Thread(() -> {
        while (!closing.isClosed()) {
          try (Socket s = closing.accept()) {
            s.getOutputStream().write("SSH-2.0-not-a-registry\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      closer.setDaemon(true);
      closer.start();
      String closingHost = "127.0.0.1:" + closing.getLocalPort();
      assertFalse(OciRegistries.answersPlainText(closingHost));
      assertTrue(OciRegistries.probePlainHttp(closingHost));
      assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(8),
          () -> OciRegistries.answersPlainText("127.0.0.1:" + silent.getLocalPort())));
    }
  }

  @Test
  void aTlsHostOrOneThatRefusesConnectionsIsNotPlainHttp() throws Exception {
    // The probe, not the per-host cache: a port this JVM probed before may have been a plain HTTP server's.
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls"), "IP:127.0.0.1", TlsServer.ok())) {
      assertFalse(OciRegistries.answersPlainText(tls.address()), "a TLS server answers no plain-text line");
      assertFalse(OciRegistries.probePlainHttp(tls.address()));
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertFalse(OciRegistries.probePlainHttp("127.0.0.1:" + closed));
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
