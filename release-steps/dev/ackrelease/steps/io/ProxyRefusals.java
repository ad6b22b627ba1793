package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import java.net.HttpRetryException;
import java.net.Proxy;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A proxy that refused a request after it was sent the user name and password of the proxy's URL
 * ({@code HTTPS_PROXY}, {@code HTTP_PROXY}), or asked for them where the URL has none: the same
 * credentials are refused every time, so it is no failure to retry. One line, exit 4 (the remote
 * refused, as a registry's 401 is), naming the proxy without its password and how to give
 * credentials it takes. The refusal comes in the form of the JDK's client that met it: an HTTP
 * proxy's 407 as an answer (plain HTTP through it), as the JDK's failed tunnel ("Unable to tunnel
 * through proxy. Proxy returns "HTTP/1.1 407 ..."") or as its refusal to send a streamed body again;
 * a SOCKS5 proxy's as the JDK's failed handshake ("SOCKS : authentication failed": the proxy
 * refused the RFC 1929 user name and password, or asked for them where the URL has none).
 */
public final class ProxyRefusals {

  private static final Pattern JDK_TUNNEL_407 = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns \"HTTP/[0-9.]+ 407\\b");
  private static final String JDK_SOCKS_REFUSED = "SOCKS : authentication failed";

  private ProxyRefusals() {}

  /** The failure to throw for {@code e} of a request to {@code target}, when it (or a cause) is a proxy's refusal in a form of the JDK's clients. */
  public static Optional<ReleaseException> of(URI target, Throwable e) {
    return Causes.first(e, t -> isSocksRefusal(t) || isHttp407(t)).map(t -> refused(target, isSocksRefusal(t)));
  }

  private static boolean isSocksRefusal(Throwable t) {
    return t.getMessage() != null && t.getMessage().equals(JDK_SOCKS_REFUSED);
  }

  private static boolean isHttp407(Throwable t) {
    return (t instanceof HttpRetryException retry && retry.responseCode() == 407)
        || (t.getMessage() != null && JDK_TUNNEL_407.matcher(t.getMessage()).find());
  }

  /** The failure of a request to {@code target} that its HTTP proxy answered with 407. */
  public static ReleaseException refused(URI target) {
    return refused(target, false);
  }

  private static ReleaseException refused(URI target, boolean socks) {
    String host = target.getHost() + (target.getPort() == -1 ? "" : ":" + target.getPort());
    Optional<ProxyUrl> proxy = EnvironmentProxies.current(target);
    String message;
    if (proxy.isEmpty()) {
      String variable = "https".equalsIgnoreCase(target.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
      message = socks
          ? "a SOCKS proxy between ack-release and " + host + " refused its credentials, and " + variable + " names no proxy"
              + " for it: set it to the proxy's URL with them: export " + variable + "=socks5://USER:PASSWORD@PROXY:PORT"
          : "a proxy between ack-release and " + host + " asks for credentials (HTTP 407), and " + variable + " names no"
              + " proxy for it: set it to the proxy's URL with them: export " + variable + "=http://USER:PASSWORD@PROXY:PORT";
    } else {
      ProxyUrl p = proxy.get();
      String fix = " (percent-encoded): export " + p.variable() + "=" + p.scheme() + "://USER:PASSWORD@" + p.hostPort();
      if (p.proxy().type() == Proxy.Type.SOCKS) {
        message = p.user().isPresent()
            ? "the SOCKS proxy " + p.shown() + " (" + p.variable() + ") refused the user name and password of its URL for a"
                + " connection to " + host + ": give it credentials the proxy takes" + fix
            : "the SOCKS proxy " + p.shown() + " (" + p.variable() + ") asks for a user name and password for a connection to "
                + host + ": give them in its URL, as Go's tools read them" + fix;
      } else {
        message = p.user().isPresent()
            ? "the proxy " + p.shown() + " (" + p.variable() + ") refused the user name and password of its URL (HTTP 407) for a"
                + " request to " + host + ": give it credentials the proxy takes" + fix
            : "the proxy " + p.shown() + " (" + p.variable() + ") asks for credentials (HTTP 407) for a request to " + host
                + ": give them in its URL, as Go's tools read them" + fix;
      }
    }
    return ReleaseException.remote(Secrets.redact(message), null);
  }
}
