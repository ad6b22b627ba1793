package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.TlsTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
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
  /** A plain HTTP server answers the probe's line at once; a TLS server closes at once. */
  private static final int PROBE_CONNECT_TIMEOUT_MS = 10_000;
  private static final int PROBE_READ_TIMEOUT_MS = 3_000;
  private static final byte[] PROBE_LINE = "PROBE\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_STATUS_START = "HTTP/".getBytes(StandardCharsets.US_ASCII);

  private OciRegistries() {}

  /**
   * An HTTP client for one registry: a 10 s connect time-out, redirects followed, and the TLS of
   * that registry only (unverified for a host named insecure, the given CA trusted otherwise).
   */
  static RegistryHttp registryHttp(RegistryAccess access, boolean plainHttp) {
    if (access.insecure() && !plainHttp) {
      return new RegistryHttp(Optional.of(trustAll()), true);
    }
    return new RegistryHttp(access.caFile().map(TlsTrust::sslContext), false);
  }

  /** Whether an insecure host answers plain HTTP rather than HTTPS (probed once per host). */
  static boolean speaksPlainHttp(String host) {
    return PLAIN_HTTP.computeIfAbsent(host, OciRegistries::probePlainHttp);
  }

  /**
   * The probe itself, uncached (tests probe ports another test's server may have had). First a
   * plain-text line no HTTP server routes ({@link #answersPlainText}): a plain HTTP registry
   * answers it at once with its 400, before any of its API, and the TLS stack is not started (a
   * handshake's set-up and key exchange were a tenth of a no-op re-run's time). Only when that
   * answer is not HTTP's, a TLS handshake decides, as Docker and Jib probe insecure registries.
   */
  static boolean probePlainHttp(String host) {
    if (answersPlainText(host)) {
      return true;
    }
    try {
      new RegistryHttp(Optional.of(trustAll()), true).send("GET", URI.create("https://" + host + "/v2/"), Map.of(), null,
          Duration.ofSeconds(10));
      return false;
    } catch (SSLException e) {
      return true;
    } catch (IOException e) {
      // An HTTP server answering a TLS hello closes or garbles the connection.
      return e.getMessage() == null || !e.getMessage().contains("Connection refused");
    }
  }

  /**
   * Whether {@code host} answers a malformed request line with an HTTP status line: an HTTP server
   * refuses it with {@code HTTP/1.1 400} before routing it (so it reaches no registry API and no
   * access log); a TLS server reads it as a broken record and closes (Go's tls package sends its
   * "HTTP request to an HTTPS server" hint only for a line starting with a known method).
   * Port 80 when the host names none, as plain HTTP requests to it go there.
   */
  static boolean answersPlainText(String host) {
    URI uri = URI.create("http://" + host);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()), PROBE_CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(PROBE_READ_TIMEOUT_MS);
      socket.getOutputStream().write(PROBE_LINE);
      return Arrays.equals(socket.getInputStream().readNBytes(HTTP_STATUS_START.length), HTTP_STATUS_START);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
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
