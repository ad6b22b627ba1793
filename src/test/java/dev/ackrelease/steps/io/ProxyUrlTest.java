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

  static PasswordAuthentication ask(Authenticator a, String host, int port, URL url, Authenticator.RequestorType type) {
    return Authenticator.requestPasswordAuthentication(a, host, null, port, "http", "test proxy", "basic", url, type);
  }
}
