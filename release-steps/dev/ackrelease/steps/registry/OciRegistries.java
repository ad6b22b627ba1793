package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.TlsTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * How a {@link RegistrySession} reaches a registry: the user's CA, and for hosts named insecure
 * the scheme the host really speaks (HTTPS without verification, else plain HTTP, as Docker and
 * Jib do for insecure registries).
 */
public final class OciRegistries {

  private static final Map<String, Boolean> PLAIN_HTTP = new ConcurrentHashMap<>();
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private OciRegistries() {}

  /**
   * An HTTP client for one registry: a 10 s connect time-out, redirects followed, and the TLS of
   * that registry only (unverified for a host named insecure, the given CA and SSL_CERT_FILE/SSL_CERT_DIR trusted otherwise).
   */
  static RegistryHttp registryHttp(RegistryAccess access, boolean plainHttp) {
    if (access.insecure() && !plainHttp) {
      return new RegistryHttp(Optional.of(trustAll()), true);
    }
    // Made at the first https request: a plain-HTTP registry never costs a TLS context.
    return new RegistryHttp(() -> TlsTrust.sslContext(access.roots(), access.caFile()), false);
  }

  /** Whether an insecure host answers plain HTTP rather than HTTPS (probed once per host). */
  static boolean speaksPlainHttp(String host) {
    return PLAIN_HTTP.computeIfAbsent(host, OciRegistries::probePlainHttp);
  }

  /**
   * The probe itself, uncached (tests probe ports another test's server may have had). As
   * go-containerregistry's {@code transport.Ping} (pkg/v1/remote/transport/ping.go) for an
   * insecure registry: the scheme is the one whose {@code GET /v2/} a registry answers (200, or
   * 401 with its challenge: {@code pingSingle}); of both, the first to answer so, and HTTPS fails
   * at once on a port that speaks plain HTTP ({@code pingParallel} then takes HTTP). Here a host
   * with a port is asked in plain HTTP first, where one request settles it without a TLS context
   * (its set-up is most of a JVM's cost of the probe): a port that speaks TLS answers plain HTTP
   * with an error (Go's and nginx's 400) or closes, and is then asked in HTTPS as before; a
   * connect that failed is settled at once ({@link #plainProbe}), not tried again in TLS. A host
   * without a port would be asked on two ports (80 and 443), so it is asked in HTTPS first, as
   * Docker and go-containerregistry prefer.
   */
  static boolean probePlainHttp(String host) {
    if (namesPort(host)) {
      Optional<Boolean> settled = plainProbe(URI.create("http://" + host + "/v2/"));
      if (settled.isPresent()) {
        return settled.get();
      }
    }
    try {
      new RegistryHttp(Optional.of(trustAll()), true).send("GET", URI.create("https://" + host + "/v2/"), Map.of(), null,
          PROBE_TIMEOUT);
      return false;
    } catch (SSLException e) {
      return true;
    } catch (RedirectedElsewhere e) {
      return false; // the host answered in TLS (a redirect); where it sent the probe is not the question
    } catch (IOException e) {
      // A refused port is no plain-HTTP registry; otherwise an HTTP server answering a TLS hello
      // closes or garbles the connection.
      return settledByConnectFailure(e).orElse(true);
    }
  }

  /**
   * What a plain {@code GET /v2/} settles: true when a registry answers it (go-containerregistry's
   * {@code pingSingle}: 200, no auth, or 401, a challenge; a redirect is not followed); else, when
   * the connection itself failed, what the TLS probe would settle after the same failure (a port
   * that refuses connections is no plain-HTTP registry; one whose connect timed out is taken as
   * plain HTTP, as before), without waiting for it a second time; empty: ask in HTTPS.
   */
  static Optional<Boolean> plainProbe(URI v2) {
    try {
      int status = new RegistryHttp(Optional.empty(), false).getUnfollowed(v2, PROBE_TIMEOUT).status();
      return status == 200 || status == 401 ? Optional.of(true) : Optional.empty();
    } catch (IOException e) {
      return settledByConnectFailure(e);
    }
  }

  /**
   * A failed TCP connect fails the same way in TLS, so both probes settle it by this one rule:
   * refused is not plain HTTP, a connect time-out is taken as plain; empty for any other failure.
   */
  static Optional<Boolean> settledByConnectFailure(IOException e) {
    if (e instanceof ConnectException && e.getMessage() != null && e.getMessage().contains("Connection refused")) {
      return Optional.of(false);
    }
    if (e instanceof SocketTimeoutException && e.getMessage() != null
        && e.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out")) {
      return Optional.of(true);
    }
    return Optional.empty();
  }

  /** Whether {@code host} ends in {@code :PORT} (an IPv6 literal is in brackets). */
  static boolean namesPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > host.lastIndexOf(']') && colon < host.length() - 1;
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
