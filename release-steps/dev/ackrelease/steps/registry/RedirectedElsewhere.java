package dev.ackrelease.steps.registry;

import java.io.IOException;
import java.net.URI;

/**
 * A read the registry redirected to another place ({@code Location}: blob storage, a CDN) that
 * failed there: the cause says how, this says where and who sent the request there, so the error
 * names the host that could not be reached and not the registry that answered.
 */
final class RedirectedElsewhere extends IOException {

  private final String target;
  private final int status;

  RedirectedElsewhere(URI target, int status, IOException cause) {
    super("after HTTP " + status + " to " + hostPort(target) + ": " + cause.getMessage(), cause);
    this.target = hostPort(target);
    this.status = status;
  }

  /** {@code host[:port]} of where the redirect sent the request (never its user information). */
  String target() {
    return target;
  }

  /** The status of the redirect (301, 302, 303, 307, 308). */
  int status() {
    return status;
  }

  private static String hostPort(URI uri) {
    return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
