package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.ProxyRefusals;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.http.impl.execchain.TunnelRefusedException;

/**
 * A proxy that refused a request to a registry ({@link ProxyRefusals}: one line, exit 4, not
 * retried), in the forms of the registry's clients: an answer (plain HTTP through an HTTP proxy),
 * the JDK's failed tunnel, its refusal to send a streamed body again or its failed SOCKS5
 * handshake, and Apache HttpClient's {@link TunnelRefusedException}.
 */
final class ProxyRefusal {

  private ProxyRefusal() {}

  /** {@code response} of a request to {@code target}, unless it is a proxy's 407. */
  static RegistryHttp.Response check(URI target, RegistryHttp.Response response) {
    if (response.status() == 407) {
      throw ProxyRefusals.refused(target);
    }
    return response;
  }

  /** {@code e} of a request to {@code target}, to throw, unless it is a proxy's refusal (then that is thrown). */
  static IOException check(URI target, IOException e) {
    if (Causes.find(e, TunnelRefusedException.class, tunnel -> tunnel.getResponse() != null
        && tunnel.getResponse().getStatusLine().getStatusCode() == 407).isPresent()) {
      throw ProxyRefusals.refused(target);
    }
    Optional<ReleaseException> refused = ProxyRefusals.of(target, e);
    if (refused.isPresent()) {
      throw refused.get();
    }
    return e;
  }
}
