package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.io.EnvironmentProxies;
import dev.ackrelease.steps.io.ProxyUrl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a failed registry call (a {@link RegistryFailure} or any I/O) into one line a user can act on, and decides
 * which failures are worth a retry (429, 5xx, resets, time-outs). Messages are built from the
 * host, the action and the status, never from request data, and pass through
 * {@link Secrets#redact}: a credential cannot end up in them.
 */
public final class RegistryErrors {

  private RegistryErrors() {}

  /**
   * Whether {@code e} is transient: HTTP 408/429/5xx, a refused or reset connection (a registry
   * restarting), a time-out. A TLS failure before any exchange and an unknown host are not.
   * A manifest refused with {@code MANIFEST_BLOB_UNKNOWN} is transient too: a manifest is put
   * only after each of its blobs was pushed or found, so the registry has not yet made a blob
   * visible (docker-registry's filesystem driver rewrites a repository's blob link in place when
   * another client uploads the same blob at the same time, and a read in between fails).
   */
  public static boolean isTransient(Exception e) {
    Optional<Integer> status = status(e);
    if (status.isPresent() && status.get() == 400) {
      String message = Causes.find(e, RegistryFailure.class).orElseThrow().getMessage();
      return message != null && message.contains("MANIFEST_BLOB_UNKNOWN");
    }
    if (status.isPresent()) {
      return status.get() == 408 || status.get() == 429 || status.get() >= 500;
    }
    if (Causes.find(e, SSLException.class).isPresent() || Causes.find(e, UnknownHostException.class).isPresent()) {
      return false;
    }
    if (Causes.find(e, ConnectException.class).isPresent()) {
      return true;
    }
    return Causes.find(e, IOException.class).isPresent(); // time-outs (HttpTimeoutException, SocketTimeoutException) included
  }

  /** Whether the registry refused the credentials (HTTP 401 or 403). */
  public static boolean isAuthFailure(Exception e) {
    Optional<Integer> status = status(e);
    return status.isPresent() && (status.get() == 401 || status.get() == 403);
  }

  /**
   * The one-line {@link ReleaseException} for a failure of {@code action} (e.g. "push of
   * host/ns/s3-chart:1.8.2") against the registry of {@code access}.
   */
  public static ReleaseException of(RegistryAccess access, String action, Exception e) {
    if (e instanceof ReleaseException r) {
      return r;
    }
    String host = access.registry().host();
    String source = access.credentials().map(c -> " (from " + c.source() + ")").orElse("");
    Optional<Integer> status = status(e);
    String message;
    Optional<TokenRefused> refused = Causes.find(e, TokenRefused.class);
    if (refused.isPresent()) {
      message = refused.get().describe(host, action, source);
    } else if (status.isPresent() && status.get() == 401) {
      message = "authentication to " + host + " failed: " + (access.credentials().isEmpty()
          ? "no credentials were found; log in (docker login " + host + ") or set " + CredentialSources.USERNAME_ENV + " and "
              + CredentialSources.PASSWORD_ENV
          : "check the user name and password" + source) + " (during " + action + ")"
          + access.credentials().map(c -> "; " + logIn(host, c.source())).orElse("");
    } else if (status.isPresent() && status.get() == 403) {
      message = host + " denied " + action + " (HTTP 403): check that the credentials" + source
          + " may push there; ECR Public tokens expire after 12 h, so run again for a fresh one";
    } else if (isNameMismatch(e)) {
      message = "TLS verification of " + host + " failed during " + action + ": its certificate does not name "
          + access.registry().hostName() + ": use a registry name the certificate holds (its subjectAltName), or for a test"
          + " registry name it with --insecure-registry " + host;
    } else if (Causes.find(e, SSLHandshakeException.class).isPresent() || Causes.find(e, CertificateException.class).isPresent()) {
      message = "TLS verification of " + host + " failed during " + action + " (its certificate is not trusted): pass its CA with"
          + " --registry-ca FILE, or for a test registry name it with --insecure-registry " + host;
    } else if (Causes.find(e, SSLException.class).isPresent()) {
      message = "TLS to " + host + " failed during " + action + ": if " + host + " serves plain HTTP (a test registry), pass"
          + " --insecure-registry " + host + "; otherwise check its certificate (--registry-ca FILE)";
    } else if (Causes.find(e, ConnectException.class).isPresent() || Causes.find(e, UnknownHostException.class).isPresent()) {
      // A read the registry redirected (to its storage, a CDN) failed where it was sent, not at the registry.
      Optional<RedirectedElsewhere> away = Causes.find(e, RedirectedElsewhere.class);
      // Through a proxy, the connection that failed is the proxy's: a registry it cannot reach is its answer (502, 503).
      Optional<ProxyUrl> proxy = proxyFor("https", host).or(() -> proxyFor("http", host));
      message = away.map(r -> "cannot connect to " + r.target() + ", where " + host + " redirected the " + action + " (HTTP "
          + r.status() + "): check that " + r.target() + " is reachable from here, or what the registry redirects to")
          .or(() -> proxy.map(p -> "cannot connect to the proxy " + p.shown() + " (" + p.variable() + ") for " + host + " during "
              + action + ": check that " + p.variable() + " names a proxy that is up and reachable from here, or add " + host
              + " to NO_PROXY to reach it directly"))
          .orElse("cannot connect to " + host + " during " + action + ": check the registry address and that it is reachable");
    } else if (status.isPresent()) {
      message = action + " failed at " + host + " with HTTP " + status.get() + reason(e) + ": check the registry and retry";
    } else {
      message = action + " failed at " + host + " (" + Causes.root(e).getClass().getSimpleName() + reason(Causes.root(e))
          + "): check the registry and retry";
    }
    return ReleaseException.remote(Secrets.redact(message), e);
  }

  /** The proxy a request of {@code scheme} to {@code host} goes through; none when direct (or the host is no URI's). */
  private static Optional<ProxyUrl> proxyFor(String scheme, String host) {
    try {
      return EnvironmentProxies.current(URI.create(scheme + "://" + host + "/"));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The command that gives credentials {@code host} takes, for credentials from {@code source}:
   * the variables when they came from {@code ACK_RELEASE_REGISTRY_*}, the AWS check for an ECR
   * Public token, {@code podman login} for a containers auth file, else {@code docker login}
   * (which also stores through a credential helper; Docker Hub's is {@code docker login} alone).
   */
  static String logIn(String host, String source) {
    if (source.equals(CredentialSources.ENV)) {
      return "set " + CredentialSources.USERNAME_ENV + " and " + CredentialSources.PASSWORD_ENV + " to credentials " + host
          + " accepts, or unset both and log in: docker login " + host;
    }
    if (source.equals(CredentialSources.ECR_PUBLIC)) {
      return "check the AWS credentials: aws ecr-public get-login-password --region us-east-1 must print a token";
    }
    String target = DockerHub.HOSTS.contains(host) ? "" : " " + host;
    return "log in again: " + (source.startsWith(CredentialSources.AUTH_FILE) ? "podman" : "docker") + " login" + target;
  }

  /** A trusted certificate issued for other names (the JDK's hostname check: "No subject alternative ... matching ..."). */
  private static boolean isNameMismatch(Throwable e) {
    return Causes.find(e, CertificateException.class, c -> {
      String m = String.valueOf(c.getMessage());
      return m.startsWith("No subject alternative") || m.startsWith("No name matching");
    }).isPresent();
  }

  private static Optional<Integer> status(Throwable e) {
    return Causes.find(e, RegistryFailure.class).flatMap(RegistryFailure::status);
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "";
    }
    String line = m.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }
}
