package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.io.EnvironmentProxies;
import dev.ackrelease.steps.io.ProxyUrl;
import java.io.IOException;
import java.net.HttpRetryException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.http.impl.execchain.TunnelRefusedException;

/**
 * A proxy that refused a request to a registry with HTTP 407 after it was sent the user name and
 * password of the proxy's URL ({@code HTTPS_PROXY}, {@code HTTP_PROXY}), or asked for them where
 * the URL has none: the same credentials are refused every time, so it is no failure to retry.
 * One line, exit 4 (the remote refused, as a registry's 401 is), naming the proxy without its
 * password and how to give credentials it takes. The 407 comes back in the form of the client
 * that met it: an answer (plain HTTP through the proxy), the JDK's failed tunnel ("Unable to
 * tunnel through proxy. Proxy returns "HTTP/1.1 407 ..."") or its refusal to send a streamed body
 * again, Apache HttpClient's {@link TunnelRefusedException}.
 */
final class ProxyRefusal {

  private static final Pattern JDK_TUNNEL_407 = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns \"HTTP/[0-9.]+ 407\\b");

  private ProxyRefusal() {}

  /** {@code response} of a request to {@code target}, unless it is a proxy's 407. */
  static RegistryHttp.Response check(URI target, RegistryHttp.Response response) {
    if (response.status() == 407) {
      throw refused(target);
    }
    return response;
  }

  /** {@code e} of a request to {@code target}, to throw, unless it is a proxy's 407 (then that is thrown). */
  static IOException check(URI target, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      boolean refused = (t instanceof TunnelRefusedException tunnel && tunnel.getResponse() != null
          && tunnel.getResponse().getStatusLine().getStatusCode() == 407)
          || (t instanceof HttpRetryException retry && retry.responseCode() == 407)
          || (t.getMessage() != null && JDK_TUNNEL_407.matcher(t.getMessage()).find());
      if (refused) {
        throw refused(target);
      }
    }
    return e;
  }

  static ReleaseException refused(URI target) {
    String host = target.getHost() + (target.getPort() == -1 ? "" : ":" + target.getPort());
    Optional<ProxyUrl> proxy = EnvironmentProxies.current(target);
    String message;
    if (proxy.isEmpty()) {
      String variable = "https".equalsIgnoreCase(target.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
      message = "a proxy between ack-release and " + host + " asks for credentials (HTTP 407), and " + variable + " names no"
          + " proxy for it: set it to the proxy's URL with them: export " + variable + "=http://USER:PASSWORD@PROXY:PORT";
    } else {
      ProxyUrl p = proxy.get();
      String fix = " (percent-encoded): export " + p.variable() + "=" + p.scheme() + "://USER:PASSWORD@" + p.hostPort();
      message = p.user().isPresent()
          ? "the proxy " + p.shown() + " (" + p.variable() + ") refused the user name and password of its URL (HTTP 407) for a"
              + " request to " + host + ": give it credentials the proxy takes" + fix
          : "the proxy " + p.shown() + " (" + p.variable() + ") asks for credentials (HTTP 407) for a request to " + host
              + ": give them in its URL, as Go's tools read them" + fix;
    }
    return ReleaseException.remote(Secrets.redact(message), null);
  }
}
