package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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

  /**
   * A {@code NO_PROXY} entry with a port matches only that port, and a URL without one has its
   * scheme's (443, 80): Go's {@code useProxy} is given {@code canonicalAddr(reqURL)}, and
   * {@code domainMatch.match} compares {@code m.port == port}.
   */
  @Test
  void aNoProxyPortIsComparedWithTheSchemesDefaultPort() {
    assertTrue(EnvironmentProxies.direct(URI.create("https://registry.io/v2/"), "registry.io:443"));
    assertFalse(EnvironmentProxies.direct(URI.create("http://registry.io/v2/"), "registry.io:443"));
    assertTrue(EnvironmentProxies.direct(URI.create("http://registry.io/v2/"), "registry.io:80"));
    assertFalse(EnvironmentProxies.direct(URI.create("https://registry.io/v2/"), "registry.io:80"));
    assertTrue(EnvironmentProxies.direct(URI.create("https://registry.io:80/v2/"), "registry.io:80"));
    assertFalse(EnvironmentProxies.direct(URI.create("https://registry.io:8443/v2/"), "registry.io:443"));
  }

  /**
   * Only {@code localhost} and a loopback address go direct unasked (Go's {@code useProxy}:
   * {@code host == "localhost"}, or {@code net.ParseIP(host)} is loopback): a name that starts
   * with {@code 127.} is a name, proxied as any other.
   */
  @Test
  void aNameStartingWith127IsNoLoopbackAddress() {
    assertTrue(EnvironmentProxies.direct(URI.create("https://127.0.0.2/v2/"), ""));
    assertTrue(EnvironmentProxies.direct(URI.create("https://127.255.255.255/v2/"), ""));
    assertFalse(EnvironmentProxies.direct(URI.create("https://127.registry.example.com/v2/"), ""));
    assertFalse(EnvironmentProxies.direct(URI.create("https://127.0.0.1.nip.io/v2/"), ""));
    assertFalse(EnvironmentProxies.direct(URI.create("https://localhost.example.com/v2/"), ""));
  }

  /** JVM proxy properties ({@code https.proxyHost}, {@code http.proxyHost}), when set, win over the environment, for their scheme only. */
  @Test
  void theJvmsProxyPropertiesWinForTheirScheme() {
    Proxy jvmProxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("jvm.corp", 8080));
    ProxySelector jvm = ProxySelector.of(InetSocketAddress.createUnresolved("jvm.corp", 8080));
    Map<String, String> env = Map.of("HTTPS_PROXY", "proxy.corp:3128", "HTTP_PROXY", "proxy.corp:3128");
    EnvironmentProxies proxies = new EnvironmentProxies(() -> env, jvm);
    URI https = URI.create("https://registry.example.com/v2/");
    URI http = URI.create("http://registry.example.com/v2/");
    String before = System.getProperty("https.proxyHost");
    try {
      System.clearProperty("https.proxyHost");
      assertEquals(List.of(HTTP), proxies.select(https), "no property: the environment's");
      System.setProperty("https.proxyHost", "jvm.corp");
      assertEquals(List.of(jvmProxy), proxies.select(https));
      assertEquals(Optional.empty(), proxies.proxyFor(https));
      assertEquals(List.of(HTTP), proxies.select(http), "http.proxyHost is not set");
      assertEquals(List.of(HTTP), new EnvironmentProxies(() -> env, null).select(https), "no JVM selector to ask");
    } finally {
      restore("https.proxyHost", before);
    }
  }

  /** Whether either variable's URL has a user name: {@link ProxyLogin#install} then lets the JDK send Basic to a tunnel's proxy. */
  @Test
  void anyWithUserLooksAtBothVariables() {
    assertFalse(new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "http://p:1", "HTTP_PROXY", "p:2"), null).anyWithUser());
    assertTrue(new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "http://u:pw@p:1", "HTTP_PROXY", "p:2"), null).anyWithUser());
    assertTrue(new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "http://p:1", "http_proxy", "u@p:2"), null).anyWithUser());
  }

  /**
   * {@code install} makes the environment's proxies the JVM's default selector and
   * {@link ProxyLogin} its authenticator, once (a second install keeps the first), closes rather
   * than drains an unread answer's connection ({@link UnreadAnswers}), and empties the JDK's
   * list of schemes refused for a tunnel when a URL has a user (unless it was set). The
   * environment answers only this test's thread, so nothing else in the JVM is proxied meanwhile.
   */
  @Test
  void installMakesTheEnvironmentsProxiesTheJvmsDefaultOnce() {
    Thread self = Thread.currentThread();
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://alice:pw-5678@proxy.corp:3128");
    Supplier<Map<String, String>> mine = () -> Thread.currentThread() == self ? env : Map.of();
    URI target = URI.create("https://registry.example.com/v2/");
    ProxySelector selector = ProxySelector.getDefault();
    Authenticator authenticator = Authenticator.getDefault();
    String drained = System.getProperty(UnreadAnswers.DRAINED_ON_CLOSE);
    String tunneling = System.getProperty(ProxyLogin.TUNNELING_DISABLED);
    try {
      ProxySelector.setDefault(ProxySelector.of(null));
      Authenticator.setDefault(null);
      System.clearProperty(UnreadAnswers.DRAINED_ON_CLOSE);
      System.clearProperty(ProxyLogin.TUNNELING_DISABLED);
      assertEquals(Optional.empty(), EnvironmentProxies.current(target), "not installed");
      assertEquals(Optional.empty(), ProxyLogin.perRequest(), "not installed");

      EnvironmentProxies.install(mine);
      assertTrue(ProxySelector.getDefault() instanceof EnvironmentProxies);
      assertEquals(List.of(HTTP), ProxySelector.getDefault().select(target));
      assertEquals("http://alice@proxy.corp:3128", EnvironmentProxies.current(target).orElseThrow().shown());
      assertTrue(Authenticator.getDefault() instanceof ProxyLogin);
      assertTrue(ProxyLogin.perRequest().isPresent());
      assertEquals("0", System.getProperty(UnreadAnswers.DRAINED_ON_CLOSE));
      assertEquals("", System.getProperty(ProxyLogin.TUNNELING_DISABLED));

      ProxySelector first = ProxySelector.getDefault();
      EnvironmentProxies.install(Map::of);
      assertTrue(ProxySelector.getDefault() == first, "installed once");
      assertEquals(List.of(HTTP), ProxySelector.getDefault().select(target));
    } finally {
      ProxySelector.setDefault(selector);
      Authenticator.setDefault(authenticator);
      restore(UnreadAnswers.DRAINED_ON_CLOSE, drained);
      restore(ProxyLogin.TUNNELING_DISABLED, tunneling);
    }
  }

  static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
