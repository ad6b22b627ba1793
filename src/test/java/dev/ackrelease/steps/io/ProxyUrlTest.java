package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Secrets;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A proxy URL's user name and password as Go reads them ({@code net/url}'s authority: the
 * userinfo ends at the last {@code @}, the user at the first {@code :}, both percent-decoded) and
 * sends them ({@code net/http/transport.go}, {@code connectMethod.proxyAuth}: {@code Basic} of
 * {@code user:password}, the password empty when the URL has none); never shown, always a secret.
 */
class ProxyUrlTest {

  static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theUserInfoIsReadAsGoReadsIt() {
    ProxyUrl p = ProxyUrl.parse("HTTPS_PROXY", "http://alice:pa%3Ass%40w0rd%2F@proxy.corp:3128/").orElseThrow();
    assertEquals(Optional.of("alice"), p.user());
    assertEquals("pa:ss@w0rd/", p.password());
    assertEquals(Optional.of(basic("alice:pa:ss@w0rd/")), p.authorization());
    assertEquals("proxy.corp", p.host());
    assertEquals(3128, p.port());

    // An @ left unencoded: the host is after the last one, as in Go.
    ProxyUrl raw = ProxyUrl.parse("HTTP_PROXY", "bob:p@ss@proxy.corp:8080").orElseThrow();
    assertEquals(Optional.of("bob"), raw.user());
    assertEquals("p@ss", raw.password());
    assertEquals("proxy.corp", raw.host());

    // A user without a password sends "user:", as Go's u.Password() gives "".
    ProxyUrl userOnly = ProxyUrl.parse("HTTP_PROXY", "http://carol@proxy.corp").orElseThrow();
    assertEquals(Optional.of(basic("carol:")), userOnly.authorization());
    assertEquals(80, userOnly.port());

    // '+' is no space in a URL's userinfo; a '%' without two hex digits stays.
    assertEquals("a+b%zz", ProxyUrl.parse("HTTP_PROXY", "http://u:a+b%zz@p:1").orElseThrow().password());
    assertEquals(Optional.empty(), ProxyUrl.parse("HTTP_PROXY", "http://p:1").orElseThrow().authorization());
    // No header for a SOCKS proxy: it relays the request as it is, to the registry.
    assertEquals(Optional.empty(), ProxyUrl.parse("HTTP_PROXY", "socks5://u:secret-1@p").orElseThrow().authorization());
  }

  @Test
  void thePasswordIsNeverShownAndIsASecretOnceRead() {
    ProxyUrl p = ProxyUrl.parse("HTTPS_PROXY", "http://alice:s3cret%21pass@proxy.corp:3128").orElseThrow();
    assertEquals("http://alice@proxy.corp:3128", p.shown());
    assertEquals("http://alice@proxy.corp:3128 (HTTPS_PROXY)", p.toString());
    assertEquals("proxy.corp:3128", p.hostPort());
    String header = p.authorization().orElseThrow();
    String line = Secrets.redact("proxy said no to s3cret!pass, s3cret%21pass and " + header);
    assertFalse(line.contains("s3cret"), line);
    assertFalse(line.contains(header.substring("Basic ".length())), line);
  }

  /**
   * The answer to a proxy's 407: only to a proxy, only the one the URL names, and per request
   * at most once for ack-release's own client (the JDK asks again each time the proxy refuses).
   */
  @Test
  void aProxyIsAnsweredWithItsUrlsCredentialsOncePerRequest() throws Exception {
    EnvironmentProxies proxies = new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "http://alice:pw-1234@Proxy.Corp:3128",
        "HTTP_PROXY", "http://other.corp:8080"), null);
    URL target = URI.create("https://registry.example.com/v2/").toURL();
    ProxyLogin shared = new ProxyLogin(proxies, false);
    PasswordAuthentication answer = ask(shared, "proxy.corp", 3128, target, Authenticator.RequestorType.PROXY);
    assertEquals("alice", answer.getUserName());
    assertEquals("pw-1234", new String(answer.getPassword()));
    assertEquals(null, ask(shared, "registry.example.com", 443, target, Authenticator.RequestorType.SERVER), "a server's 401");
    assertEquals(null, ask(shared, "proxy.corp", 3129, target, Authenticator.RequestorType.PROXY), "another port");
    assertEquals(null, ask(shared, "other.corp", 8080, target, Authenticator.RequestorType.PROXY), "no user in its URL");
    assertTrue(ask(shared, "proxy.corp", 3128, target, Authenticator.RequestorType.PROXY) != null, "the JVM's: every time");

    ProxyLogin perRequest = new ProxyLogin(proxies, true);
    perRequest.startRequest();
    assertTrue(ask(perRequest, "proxy.corp", 3128, target, Authenticator.RequestorType.PROXY) != null);
    assertEquals(null, ask(perRequest, "proxy.corp", 3128, target, Authenticator.RequestorType.PROXY), "refused once: done");
    perRequest.startRequest();
    assertTrue(ask(perRequest, "proxy.corp", 3128, target, Authenticator.RequestorType.PROXY) != null, "the next request");
  }

  /**
   * The JDK's SOCKS5 handshake asks the JVM's default as for a server, protocol {@code SOCKS5}:
   * only the SOCKS proxy the environment names at that host and port is answered, with its URL's
   * user name and password as Go sends them (their UTF-8 bytes, a character each, as the JDK writes
   * one byte a character); a URL without a user gets empty ones, not the JDK's local login name.
   */
  @Test
  void aSocksProxyIsAnsweredOnlyAtItsHostAndPort() {
    EnvironmentProxies proxies = new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "socks5://carol:p%C3%A4ss%3Aw@Socks.Corp:1080",
        "HTTP_PROXY", "http://alice:pw-1234@proxy.corp:3128"), null);
    ProxyLogin login = new ProxyLogin(proxies, false);
    PasswordAuthentication answer = askSocks(login, "socks.corp", 1080);
    assertEquals("carol", answer.getUserName());
    assertEquals(new String("p\u00e4ss:w".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), new String(answer.getPassword()));
    assertEquals(null, askSocks(login, "socks.corp", 1081), "another port");
    assertEquals(null, askSocks(login, "registry.example.com", 1080), "another host");
    assertEquals(null, askSocks(login, "proxy.corp", 3128), "an HTTP proxy is no SOCKS proxy");
    assertEquals(null, Authenticator.requestPasswordAuthentication(login, "socks.corp", null, 1080, "http", "test", "basic",
        null, Authenticator.RequestorType.SERVER), "a server at the proxy's address");

    ProxyLogin noUser = new ProxyLogin(new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "socks5h://socks.corp"), null), false);
    PasswordAuthentication empty = askSocks(noUser, "socks.corp", 1080);
    assertEquals("", empty.getUserName());
    assertEquals("", new String(empty.getPassword()));
  }

  /**
   * Go's {@code net/url} ({@code parse}, {@code parseAuthority}): the authority ends at the first
   * {@code /} (a {@code @} after it is the path's), an empty userinfo ({@code http://@host}) is a
   * user named "" and a userinfo {@code :pw} a user "" with a password: Go's {@code proxyAuth}
   * sends {@code Basic} of {@code ":"} and {@code ":pw"} for them, as for any URL with a user.
   */
  @Test
  void theAuthorityEndsAtTheFirstSlashAndAnEmptyUserIsAUser() {
    ProxyUrl path = ProxyUrl.parse("HTTPS_PROXY", "http://proxy.corp:3128/x@evil.example").orElseThrow();
    assertEquals("proxy.corp", path.host());
    assertEquals(Optional.empty(), path.user());

    ProxyUrl empty = ProxyUrl.parse("HTTPS_PROXY", "http://@proxy.corp:3128").orElseThrow();
    assertEquals(Optional.of(""), empty.user());
    assertEquals(Optional.of(basic(":")), empty.authorization());

    ProxyUrl noName = ProxyUrl.parse("HTTPS_PROXY", "http://:pw-1234@proxy.corp:3128").orElseThrow();
    assertEquals(Optional.of(""), noName.user());
    assertEquals("pw-1234", noName.password());
    assertEquals(Optional.of(basic(":pw-1234")), noName.authorization());
  }

  /** Percent-decoding as Go's {@code url.PathUnescape} for each {@code %XX}, at the start and the end too; an incomplete one at the end stays. */
  @Test
  void decodingTakesEveryCompleteEscapeAndKeepsAnIncompleteOne() {
    assertEquals("Ab", ProxyUrl.decode("%41b"));
    assertEquals("a\tb", ProxyUrl.decode("a%09b"));
    assertEquals("a/", ProxyUrl.decode("a%2F"));
    assertEquals("a%4", ProxyUrl.decode("a%4"));
    assertEquals("a%", ProxyUrl.decode("a%"));
  }

  /**
   * Hosts Go's url.Parse takes and java.net.URI gives no host for: a name with an underscore (a compose
   * service, squid_proxy) or whose last label starts with a digit. They were ignored, then refused as
   * "not a proxy URL" (found by a review); ports as Go reads them, an empty one the scheme's.
   */
  @Test
  void hostsGoTakesAreTaken() {
    ProxyUrl squid = ProxyUrl.parse("HTTPS_PROXY", "http://squid_proxy:3128").orElseThrow();
    assertEquals("squid_proxy:3128", squid.hostPort());
    assertEquals("proxy.123:8080", ProxyUrl.parse("HTTPS_PROXY", "proxy.123:8080").orElseThrow().hostPort());
    assertEquals("socks_gw:1080", ProxyUrl.parse("HTTPS_PROXY", "socks5://socks_gw:").orElseThrow().hostPort());
    assertEquals("10.0.0.1:80", ProxyUrl.parse("HTTP_PROXY", "10.0.0.1").orElseThrow().hostPort());
    assertEquals(Optional.empty(), EnvironmentProxies.unusable(Map.of("HTTPS_PROXY", "http://squid_proxy:3128")));
    for (String bad : new String[] {"http://a b:80", "http://proxy:99999", "http://proxy:123456", "http://:3128", "http://proxy:80x"}) {
      assertEquals(Optional.empty(), ProxyUrl.parse("HTTPS_PROXY", bad), bad);
    }
  }

  /** An IPv6 proxy host keeps its brackets in {@code HOST:PORT}, once. */
  @Test
  void anIpv6HostIsShownInBrackets() {
    ProxyUrl p = ProxyUrl.parse("HTTPS_PROXY", "http://u@[fd00::1]:3128").orElseThrow();
    assertEquals("[fd00::1]:3128", p.hostPort());
    assertEquals("http://u@[fd00::1]:3128", p.shown());
    assertTrue(p.isAt("fd00::1", 3128));
    assertTrue(p.isAt("[FD00::1]", 3128));
  }

  /**
   * The password is a secret as it is read: as written in the URL (percent-encoded), decoded,
   * and as {@code user:password} (the header's base64). A password of its own, as the secrets
   * this JVM knows outlive a test (PIT runs the tests again for each mutant).
   */
  @Test
  void thePasswordIsASecretInEachForm() {
    String unique = Long.toString(System.nanoTime(), 36);
    String raw = "pw" + unique + "%21x";
    String decoded = "pw" + unique + "!x";
    ProxyUrl p = ProxyUrl.parse("HTTPS_PROXY", "http://dave:" + raw + "@proxy.corp:3128").orElseThrow();
    assertEquals(decoded, p.password());
    for (String shown : List.of(raw, decoded, p.authorization().orElseThrow().substring("Basic ".length()))) {
      String line = Secrets.redact("proxy said no to <" + shown + ">");
      assertFalse(line.contains(unique), line);
    }
  }

  /**
   * {@link ProxyLogin#install}: the JVM's authenticator, and the JDK's {@code Basic} for a
   * tunnel's {@code CONNECT} allowed (the property emptied) only when a URL has a user and only
   * when the user did not set the property.
   */
  @Test
  void installAllowsBasicForATunnelOnlyForAUserAndUnlessSet() {
    Authenticator before = Authenticator.getDefault();
    String property = System.getProperty(ProxyLogin.TUNNELING_DISABLED);
    EnvironmentProxies withUser = new EnvironmentProxies(() -> Map.of("HTTP_PROXY", "http://u:pw-1234@p:1"), null);
    try {
      System.clearProperty(ProxyLogin.TUNNELING_DISABLED);
      Authenticator.setDefault(null);
      ProxyLogin.install(new EnvironmentProxies(() -> Map.of("HTTPS_PROXY", "http://p:1"), null));
      assertTrue(Authenticator.getDefault() instanceof ProxyLogin);
      assertEquals(null, System.getProperty(ProxyLogin.TUNNELING_DISABLED), "no user: the JDK's default");
      ProxyLogin.install(withUser);
      assertEquals("", System.getProperty(ProxyLogin.TUNNELING_DISABLED));
      System.setProperty(ProxyLogin.TUNNELING_DISABLED, "Basic");
      ProxyLogin.install(withUser);
      assertEquals("Basic", System.getProperty(ProxyLogin.TUNNELING_DISABLED), "the user's own");
    } finally {
      Authenticator.setDefault(before);
      EnvironmentProxiesTest.restore(ProxyLogin.TUNNELING_DISABLED, property);
    }
  }

  /** As {@code java.net.SocksSocketImpl} asks. */
  static PasswordAuthentication askSocks(Authenticator a, String host, int port) {
    return Authenticator.requestPasswordAuthentication(a, host, null, port, "SOCKS5", "SOCKS authentication", null, null,
        Authenticator.RequestorType.SERVER);
  }

  static PasswordAuthentication ask(Authenticator a, String host, int port, URL url, Authenticator.RequestorType type) {
    return Authenticator.requestPasswordAuthentication(a, host, null, port, "http", "test proxy", "basic", url, type);
  }
}
