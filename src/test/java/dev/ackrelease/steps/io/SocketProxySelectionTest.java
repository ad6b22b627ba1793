package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a JDK socket made without a proxy is told when it asks for {@code socket://HOST:PORT}, as
 * Apache HttpClient's sockets for Jib's pull of a base image ask ({@code java.net.SocksSocketImpl}'s
 * {@code connect}): the SOCKS proxy that Go's {@code net/http} would send either scheme's request
 * through (golang.org/x/net/http/httpproxy, {@code config.ProxyFunc}: {@code HTTPS_PROXY} for
 * https, {@code HTTP_PROXY} for http, {@code useProxy} for {@code NO_PROXY} and loopback), else
 * direct.
 */
class SocketProxySelectionTest {

  static final String SOCKS_URL = "socks5://carol:pw@socks.corp:1080";
  static final Proxy SOCKS = new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks.corp", 1080));

  static List<Proxy> select(Map<String, String> env, String uri) {
    return new EnvironmentProxies(() -> env, null).select(URI.create(uri));
  }

  @Test
  void aSocksProxyBothVariablesNameCarriesTheSocket() {
    Map<String, String> both = Map.of("HTTPS_PROXY", SOCKS_URL, "http_proxy", "socks5h://socks.corp");
    assertEquals(List.of(SOCKS), select(both, "socket://public.ecr.aws:443"));
    assertEquals(List.of(SOCKS), select(both, "socket://registry.example.com:5000"));
    assertEquals(List.of(SOCKS), select(both, "socket://93.184.216.34:80"));
  }

  @Test
  void aSocketGoesDirectWhereGoWouldNotSendBothSchemesThroughOneSocksProxy() {
    String uri = "socket://public.ecr.aws:443";
    // One scheme's proxy only: the socket may carry the other scheme's request, which Go sends direct.
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", SOCKS_URL), uri));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTP_PROXY", SOCKS_URL), uri));
    // Two SOCKS proxies: which one Go would use depends on the scheme.
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", SOCKS_URL, "HTTP_PROXY", "socks5://socks.corp:1081"), uri));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", SOCKS_URL, "HTTP_PROXY", "socks5://other.corp:1080"), uri));
    // An HTTP proxy is the route's, not the socket's: a socket to it (or anywhere) goes direct.
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "HTTP_PROXY", "http://proxy.corp:3128"),
        "socket://proxy.corp:3128"));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", SOCKS_URL, "HTTP_PROXY", "http://proxy.corp:3128"), uri));
  }

  @Test
  void noProxyAndLoopbackHostsGoDirectAsForAnyScheme() {
    Map<String, String> both = Map.of("HTTPS_PROXY", SOCKS_URL, "HTTP_PROXY", SOCKS_URL, "NO_PROXY", ".corp.internal,registry.io:5000");
    for (String uri : List.of("socket://localhost:5000", "socket://127.0.0.1:443", "socket://[::1]:443", "socket://a.corp.internal:443",
        "socket://registry.io:5000")) {
      assertEquals(List.of(Proxy.NO_PROXY), select(both, uri), uri);
    }
    assertEquals(List.of(SOCKS), select(both, "socket://registry.io:443"));
  }
}
