package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trusting an extra CA ({@code --registry-ca}) for every HTTPS client in the process: Jib's
 * Apache client reads the {@code javax.net.ssl.trustStore} properties, java.net.http and the
 * AWS SDK use the default SSLContext. So a trust store is written with the JVM's CAs plus the
 * given ones, and both are pointed at it. Verification stays on.
 */
public final class RegistryTls {

  private static final String PASSWORD = "changeit";

  private RegistryTls() {}

  public static synchronized void trustAdditionalCa(Path caFile) {
    try {
      KeyStore store = trustStore(caFile);
      Path file = Files.createTempFile("ack-release-truststore", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, PASSWORD.toCharArray());
      }
      System.setProperty("javax.net.ssl.trustStore", file.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      SSLContext context = sslContext(store);
      SSLContext.setDefault(context);
      HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile + " (" + e.getMessage() + "): pass a PEM certificate to --registry-ca");
    }
  }

  /** A TLS context trusting the JVM's CAs and those in {@code caFile}, for one client; nothing global changes. */
  public static SSLContext sslContext(Path caFile) {
    try {
      return sslContext(trustStore(caFile));
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile + " (" + e.getMessage() + "): pass a PEM certificate to --registry-ca");
    }
  }

  private static SSLContext sslContext(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory withCa = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    withCa.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, withCa.getTrustManagers(), null);
    return context;
  }

  /** The JVM's trusted CAs plus the certificates in {@code caFile}. */
  private static KeyStore trustStore(Path caFile) throws GeneralSecurityException, IOException {
    if (!Files.isRegularFile(caFile)) {
      throw ReleaseException.invalidInput("CA file " + caFile + " does not exist: pass a PEM file to --registry-ca");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    int i = 0;
    for (var tm : tmf.getTrustManagers()) {
      if (tm instanceof javax.net.ssl.X509TrustManager x509) {
        for (var cert : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("jvm-" + i++, cert);
        }
      }
    }
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(caFile)) {
      extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (extra.isEmpty()) {
      throw ReleaseException.invalidInput("CA file " + caFile + " holds no PEM certificate: pass the CA's certificate to --registry-ca");
    }
    int j = 0;
    for (Certificate cert : extra) {
      store.setCertificateEntry("ack-release-ca-" + j++, cert);
    }
    return store;
  }
}
