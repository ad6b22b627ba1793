package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.TlsTrust;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

  /** The probe itself, uncached (tests probe ports another test's server may have had). */
  static boolean probePlainHttp(String host) {
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
