package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Go's proxy rules (golang.org/x/net/http/httpproxy), case by case. */
class EnvironmentProxiesTest {

  static final Proxy HTTP = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));

  static List<Proxy> select(Map<String, String> env, String uri) {
    return new EnvironmentProxies(() -> env, null).select(URI.create(uri));
  }

  @Test
  void eachSchemeTakesItsOwnVariableUpperCaseFirst() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "https_proxy", "http://other:1", "http_proxy", "proxy.corp:3128");
    assertEquals(List.of(HTTP), select(env, "https://registry.example.com/v2/"));
    assertEquals(List.of(HTTP), select(env, "http://registry.example.com:5000/v2/"));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTP_PROXY", "http://proxy.corp:3128"), "https://registry.example.com/v2/"));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", " "), "https://registry.example.com/v2/"));
  }

  @Test
  void proxyUrlsAreHttpOrSocksWithTheirDefaultPorts() {
    assertEquals(Optional.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 80))), EnvironmentProxies.proxy("p"));
    assertEquals(Optional.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 8080))),
        EnvironmentProxies.proxy("http://user:pw@p:8080/"));
    assertEquals(Optional.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("p", 1080))),
        EnvironmentProxies.proxy("socks5://p"));
    assertEquals(Optional.empty(), EnvironmentProxies.proxy("ftp://p"));
    assertEquals(Optional.empty(), EnvironmentProxies.proxy("http://"));
    assertEquals(Optional.empty(), EnvironmentProxies.proxy("http://a b"));
  }

  @Test
  void loopbackAndNoProxyHostsGoDirect() {
    for (String uri : List.of("http://localhost:5000/v2/", "http://127.0.0.1:5000/v2/", "https://[::1]:5000/v2/")) {
      assertTrue(EnvironmentProxies.direct(URI.create(uri), ""), uri);
    }
    String noProxy = "example.com, .corp.internal,*.svc.local,registry.io:5000,10.1.2.3";
    for (String uri : List.of("https://example.com/", "https://a.example.com/", "https://x.corp.internal/", "https://a.svc.local/",
        "http://registry.io:5000/", "https://10.1.2.3/")) {
      assertTrue(EnvironmentProxies.direct(URI.create(uri), noProxy), uri);
    }
    for (String uri : List.of("https://notexample.com/", "https://corp.internal/", "https://svc.local/", "https://registry.io/",
        "https://10.1.2.4/", "https://public.ecr.aws/")) {
      assertFalse(EnvironmentProxies.direct(URI.create(uri), noProxy), uri);
    }
    assertTrue(EnvironmentProxies.direct(URI.create("https://public.ecr.aws/"), "*"));
    assertEquals(List.of(Proxy.NO_PROXY), select(Map.of("HTTPS_PROXY", "proxy.corp:3128", "no_proxy", "public.ecr.aws"),
        "https://public.ecr.aws/v2/"));
  }
}
