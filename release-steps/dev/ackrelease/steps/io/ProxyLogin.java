package dev.ackrelease.steps.io;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
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
 */
public final class ProxyLogin extends Authenticator {

  static final String TUNNELING_DISABLED = "jdk.http.auth.tunneling.disabledSchemes";

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
}
