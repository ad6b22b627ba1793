package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.net.HttpRetryException;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A proxy's refusal of its URL's credentials, in each form the JDK's clients give it, is one line,
 * exit 4 (a remote refused), naming the proxy without its password and the variable to fix; any
 * other failure is no refusal.
 */
class ProxyRefusalsTest {

  static final URI HTTPS = URI.create("https://registry.example.com/v2/");
  static final URI HTTP = URI.create("http://registry.example.com:5000/v2/");

  @Test
  void eachFormOfTheJdksIsARefusalAndNothingElseIs() {
    Optional<ReleaseException> retry = ProxyRefusals.of(HTTPS, new HttpRetryException("cannot retry due to proxy authentication", 407));
    assertEquals(ReleaseException.Kind.REMOTE, retry.orElseThrow().kind());
    IOException tunnel = new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 407 Proxy Authentication Required\"");
    assertTrue(ProxyRefusals.of(HTTPS, new IOException("wrapped", tunnel)).isPresent(), "a cause");
    assertTrue(ProxyRefusals.of(HTTPS, new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.0 407\"")).isPresent());
    Optional<ReleaseException> socks = ProxyRefusals.of(HTTPS, new IOException("x", new SocketException("SOCKS : authentication failed")));
    assertTrue(socks.orElseThrow().getMessage().startsWith("a SOCKS proxy between"), socks.get().getMessage());

    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS, new HttpRetryException("cannot retry due to server authentication", 401)));
    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS,
        new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 403 Forbidden\"")));
    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS,
        new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 4070 Odd\"")));
    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS, new SocketException("SOCKS : authentication failed, and more")));
    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS, new IOException((String) null)));
    assertEquals(Optional.empty(), ProxyRefusals.of(HTTPS, new SocketException("Connection reset")));
  }

  /** No proxy named for the target: the variable of its scheme, to set to a URL with credentials. */
  @Test
  void withNoProxyNamedItSaysWhichVariableToSet() {
    ProxySelector before = ProxySelector.getDefault();
    try {
      ProxySelector.setDefault(ProxySelector.of(null));
      assertEquals("a proxy between ack-release and registry.example.com asks for credentials (HTTP 407), and HTTPS_PROXY names"
          + " no proxy for it: set it to the proxy's URL with them: export HTTPS_PROXY=http://USER:PASSWORD@PROXY:PORT",
          ProxyRefusals.refused(HTTPS).getMessage());
      assertEquals("a proxy between ack-release and registry.example.com:5000 asks for credentials (HTTP 407), and HTTP_PROXY"
          + " names no proxy for it: set it to the proxy's URL with them: export HTTP_PROXY=http://USER:PASSWORD@PROXY:PORT",
          ProxyRefusals.refused(HTTP).getMessage());
      assertEquals("a SOCKS proxy between ack-release and registry.example.com:5000 refused its credentials, and HTTP_PROXY names"
          + " no proxy for it: set it to the proxy's URL with them: export HTTP_PROXY=socks5://USER:PASSWORD@PROXY:PORT",
          ProxyRefusals.of(HTTP, new SocketException("SOCKS : authentication failed")).orElseThrow().getMessage());
      assertEquals(ReleaseException.Kind.REMOTE, ProxyRefusals.refused(HTTP).kind());
    } finally {
      ProxySelector.setDefault(before);
    }
  }

  /**
   * The proxy the environment names for the target: with a user in its URL it refused them, without
   * one it asks for them; the fix names its variable, scheme and address, never the password.
   * The environment answers only this test's thread.
   */
  @Test
  void theProxyNamedIsShownWithoutItsPassword() {
    assertEquals("the proxy http://alice@proxy.corp:3128 (HTTPS_PROXY) refused the user name and password of its URL (HTTP 407)"
        + " for a request to registry.example.com: give it credentials the proxy takes (percent-encoded):"
        + " export HTTPS_PROXY=http://USER:PASSWORD@proxy.corp:3128",
        refusedThrough("HTTPS_PROXY", "http://alice:pw-4321@proxy.corp:3128", HTTPS, false));
    assertEquals("the proxy http://proxy.corp:3128 (HTTP_PROXY) asks for credentials (HTTP 407) for a request to"
        + " registry.example.com:5000: give them in its URL, as Go's tools read them (percent-encoded):"
        + " export HTTP_PROXY=http://USER:PASSWORD@proxy.corp:3128",
        refusedThrough("HTTP_PROXY", "proxy.corp:3128", HTTP, false));
    assertEquals("the SOCKS proxy socks5://carol@socks.corp:1080 (HTTPS_PROXY) refused the user name and password of its URL"
        + " for a connection to registry.example.com: give it credentials the proxy takes (percent-encoded):"
        + " export HTTPS_PROXY=socks5://USER:PASSWORD@socks.corp:1080",
        refusedThrough("HTTPS_PROXY", "socks5://carol:pw-4321@socks.corp", HTTPS, true));
    assertEquals("the SOCKS proxy socks5h://socks.corp:1080 (HTTPS_PROXY) asks for a user name and password for a connection"
        + " to registry.example.com: give them in its URL, as Go's tools read them (percent-encoded):"
        + " export HTTPS_PROXY=socks5h://USER:PASSWORD@socks.corp:1080",
        refusedThrough("HTTPS_PROXY", "socks5h://socks.corp", HTTPS, true));
  }

  static String refusedThrough(String variable, String url, URI target, boolean socks) {
    Thread self = Thread.currentThread();
    ProxySelector before = ProxySelector.getDefault();
    try {
      ProxySelector.setDefault(new EnvironmentProxies(() -> Thread.currentThread() == self ? Map.of(variable, url) : Map.of(), null));
      Throwable e = socks ? new SocketException("SOCKS : authentication failed")
          : new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 407 Proxy Authentication Required\"");
      ReleaseException refused = ProxyRefusals.of(target, e).orElseThrow();
      assertEquals(ReleaseException.Kind.REMOTE, refused.kind());
      assertFalse(refused.getMessage().contains("pw-4321"), refused.getMessage());
      return refused.getMessage();
    } finally {
      ProxySelector.setDefault(before);
    }
  }
}
