package dev.ackrelease.steps.io;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The answer to a proxy that asks for credentials (HTTP 407): the user name and password of its
 * URL in {@code HTTPS_PROXY} or {@code HTTP_PROXY} ({@link ProxyUrl}), as Go's {@code net/http}
 * sends them ({@code connectMethod.proxyAuth} in {@code transport.go}: on the {@code CONNECT} of a
 * tunnel and on each plain-HTTP request through the proxy). Only a proxy is answered, only the
 * proxy the URL names; a server's 401 never is.
 *
 * <p>Installed as the JVM's default with {@link EnvironmentProxies}, for the clients that take
 * the JVM's ({@code HttpURLConnection} without its own, and Apache HttpClient built with system
 * properties, as Jib's is: its {@code SystemDefaultCredentialsProvider} asks the default). The
 * JDK refuses Basic for a tunnel's {@code CONNECT} unless {@code jdk.http.auth.tunneling.disabledSchemes}
 * says otherwise (its {@code net.properties} disable it), and reads that property once, when
 * {@code HttpURLConnection} is first used: so when a proxy URL holds a user name at installation,
 * the property (unless set) is emptied then, before any connection. A client of ack-release's
 * own takes {@link #perRequest}: one answer per request, so a password the proxy refuses ends the
 * request at the next 407 instead of the JDK's 20 tries.
 *
 * <p>A SOCKS5 proxy ({@code socks5://USER:PASSWORD@HOST:PORT}) gets them in its handshake, the
 * RFC 1929 user name and password Go's {@code net/http} sends ({@code socks_bundle.go}:
 * {@code socksUsernamePassword.Authenticate}, set up by {@code dialConn} when the proxy URL has a
 * user). The JDK's handshake ({@code SocksSocketImpl}, once per connection) asks only the JVM's
 * default, as a server, with protocol {@code SOCKS5} and the proxy's host and port: answered only
 * for the SOCKS proxy the environment names at that host and port, so no other host ever gets the
 * password. Its bytes are Go's (the UTF-8 of each; the JDK sends a character a byte), and a URL
 * without a user gives empty ones, where the JDK would send the local login name.
 */
public final class ProxyLogin extends Authenticator {

  static final String TUNNELING_DISABLED = "jdk.http.auth.tunneling.disabledSchemes";
  /** The protocol the JDK's SOCKS handshake asks for, {@code java.net.SocksSocketImpl}'s. */
  static final String SOCKS5 = "SOCKS5";

  private final EnvironmentProxies proxies;
  /** For {@link #perRequest}: whether this thread's request was answered (null: not yet, or not counted). */
  private final ThreadLocal<Boolean> answered;

  ProxyLogin(EnvironmentProxies proxies, boolean perRequest) {
    this.proxies = proxies;
    this.answered = perRequest ? new ThreadLocal<>() : null;
  }

  static void install(EnvironmentProxies proxies) {
    if (proxies.anyWithUser() && System.getProperty(TUNNELING_DISABLED) == null) {
      System.setProperty(TUNNELING_DISABLED, "");
    }
    Authenticator.setDefault(new ProxyLogin(proxies, false));
  }

  /**
   * For one client's connections (give each of them this one, so they are kept alive and reused
   * together): answers the first ask of each request, after {@link #startRequest} on its thread;
   * empty when no proxy is installed.
   */
  public static Optional<ProxyLogin> perRequest() {
    Authenticator current = Authenticator.getDefault();
    return current instanceof ProxyLogin login ? Optional.of(new ProxyLogin(login.proxies, true)) : Optional.empty();
  }

  /** A request starts on this thread: the next ask is answered once more. */
  public void startRequest() {
    if (answered != null) {
      answered.remove();
    }
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if (SOCKS5.equals(getRequestingProtocol())) {
      return proxies.socksAt(getRequestingHost(), getRequestingPort()).map(ProxyLogin::socks).orElse(null);
    }
    if (getRequestorType() != RequestorType.PROXY) {
      return null;
    }
    Optional<ProxyUrl> proxy = proxies.withUser(getRequestingHost(), getRequestingPort());
    if (proxy.isEmpty() || (answered != null && answered.get() != null)) {
      return null;
    }
    if (answered != null) {
      answered.set(Boolean.TRUE);
    }
    return new PasswordAuthentication(proxy.get().user().orElseThrow(), proxy.get().password().toCharArray());
  }

  /** RFC 1929's user name and password of {@code proxy}'s URL, each as its UTF-8 bytes (one character a byte, as the JDK writes them). */
  private static PasswordAuthentication socks(ProxyUrl proxy) {
    return new PasswordAuthentication(utf8Bytes(proxy.user().orElse("")), utf8Bytes(proxy.password()).toCharArray());
  }

  private static String utf8Bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
