package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.net.HttpRetryException;
import java.net.SocketException;
import java.net.URI;
import java.util.Map;
import org.apache.http.HttpVersion;
import org.apache.http.client.ClientProtocolException;
import org.apache.http.impl.execchain.TunnelRefusedException;
import org.apache.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A proxy's 407 in each form a client gives it (an answer, the JDK's failed tunnel, its refusal to
 * send a streamed body again, Apache's refused CONNECT), and a SOCKS5 proxy's refused handshake,
 * is one line, exit 4, not retried; any other failure or answer passes through. (The proxy named
 * from HTTPS_PROXY is in ProxyIT and SocksProxyIT, against real ones.)
 */
class ProxyRefusalTest {

  static final URI TARGET = URI.create("https://registry.example.com:5000/v2/");
  static final String NO_PROXY = "a proxy between ack-release and registry.example.com:5000 asks for credentials (HTTP 407), and"
      + " HTTPS_PROXY names no proxy for it: set it to the proxy's URL with them: export"
      + " HTTPS_PROXY=http://USER:PASSWORD@PROXY:PORT";

  static void refused(Runnable check) {
    ReleaseException e = assertThrows(ReleaseException.class, check::run);
    assertEquals(NO_PROXY, e.getMessage());
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertEquals(null, e.getCause());
  }

  @Test
  void eachFormOfA407IsOneLine() {
    refused(() -> ProxyRefusal.check(TARGET, new RegistryHttp.Response(407, Map.of(), new byte[0])));
    refused(() -> ProxyRefusal.check(TARGET, new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 407"
        + " Proxy Authentication Required\"")));
    refused(() -> ProxyRefusal.check(TARGET, new HttpRetryException("cannot retry due to proxy authentication, in streaming mode",
        407)));
    TunnelRefusedException tunnel = new TunnelRefusedException("CONNECT refused by proxy: HTTP/1.1 407",
        new BasicHttpResponse(HttpVersion.HTTP_1_1, 407, "Proxy Authentication Required"));
    refused(() -> ProxyRefusal.check(TARGET, new ClientProtocolException(tunnel)));
  }

  /** A SOCKS5 proxy's refusal of the handshake's user name and password, as the JDK's SocksSocketImpl throws it. */
  @Test
  void aSocksProxysRefusalIsOneLine() {
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> ProxyRefusal.check(TARGET, new SocketException("SOCKS : authentication failed")));
    assertEquals("a SOCKS proxy between ack-release and registry.example.com:5000 refused its credentials, and HTTPS_PROXY names"
        + " no proxy for it: set it to the proxy's URL with them: export HTTPS_PROXY=socks5://USER:PASSWORD@PROXY:PORT",
        e.getMessage());
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    SocketException unreachable = new SocketException("SOCKS: Host unreachable");
    assertSame(unreachable, ProxyRefusal.check(TARGET, unreachable));
  }

  @Test
  void otherFailuresAndAnswersPassThrough() {
    RegistryHttp.Response ok = new RegistryHttp.Response(401, Map.of(), new byte[0]);
    assertSame(ok, ProxyRefusal.check(TARGET, ok));
    IOException other = new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 503 Service Unavailable\"");
    assertSame(other, ProxyRefusal.check(TARGET, other));
    HttpRetryException server = new HttpRetryException("cannot retry due to server authentication, in streaming mode", 401);
    assertSame(server, ProxyRefusal.check(TARGET, server));
  }
}
