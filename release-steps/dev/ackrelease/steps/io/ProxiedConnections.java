package dev.ackrelease.steps.io;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * The connections of one {@link HttpURLConnection} client, each through the proxy that
 * {@code HTTPS_PROXY} or {@code HTTP_PROXY} names for its URL ({@link EnvironmentProxies}), with
 * the user name and password of the proxy's URL as Go's {@code net/http} sends them: to an HTTP
 * proxy on every plain-HTTP request through it ({@code Proxy-Authorization} up front: a 407 to a
 * streamed body could not be answered by sending it again) and for a tunnel's {@code CONNECT} when
 * the proxy asks (the JDK sends no header of the request there: it asks the connection's
 * {@link ProxyLogin}, one for all of this client's connections, so they are reused), never on a
 * request through the tunnel, which goes to the server; to a SOCKS5 proxy in its handshake
 * ({@link ProxyLogin}, the JVM's default, answers the JDK's). The proxy is given to the
 * connection rather than left to the JVM's selector: the JDK connects to a proxy its selector
 * chose a second time when the first connection fails, so a SOCKS proxy that refuses the password
 * got it twice; Go's clients, and this, send it once. JVM proxy properties, when they win, are
 * the selector's as before.
 */
public final class ProxiedConnections {

  /** The answer to a proxy's 407 for every request of this client; made at the first that goes through a proxy with a user. */
  private Optional<ProxyLogin> login;

  /** A connection to {@code uri}, through its proxy with the credentials of the proxy's URL; not yet connected. */
  public HttpURLConnection open(URI uri) throws IOException {
    Optional<ProxyUrl> proxy = EnvironmentProxies.current(uri);
    URL url = uri.toURL();
    HttpURLConnection c = (HttpURLConnection) (proxy.isPresent() ? url.openConnection(proxy.get().proxy()) : url.openConnection());
    if (proxy.isPresent() && proxy.get().authorization().isPresent()) { // an HTTP proxy's only
      if ("http".equalsIgnoreCase(uri.getScheme())) {
        c.setRequestProperty("Proxy-Authorization", proxy.get().authorization().get());
      }
      ProxyLogin perRequest = login();
      if (perRequest != null) {
        perRequest.startRequest();
        c.setAuthenticator(perRequest);
      }
    }
    return c;
  }

  private synchronized ProxyLogin login() {
    if (login == null) {
      login = ProxyLogin.perRequest();
    }
    return login.orElse(null);
  }
}
