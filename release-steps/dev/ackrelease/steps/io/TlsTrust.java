package dev.ackrelease.steps.io;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An extra CA ({@code --registry-ca}) for the clients that talk to a registry or AWS: each
 * client gets its own {@link SSLContext} or trust managers (the JVM's CAs plus the given ones),
 * so nothing process-wide changes for them; verification stays on. One exception: Jib has no
 * per-client TLS setting (its Apache client takes the JVM's default context and trust-store
 * properties), so pulling a base image from a registry with its own CA makes the default trust
 * the JVM's CAs plus that CA ({@link #forJib}). It only adds trust, so other registries in the
 * same run are unaffected, and nothing of ack-release's own uses the default.
 */
public final class TlsTrust {

  private static final String PASSWORD = "changeit";
  private static final Set<Path> JIB_TRUSTED = new HashSet<>();

  private TlsTrust() {}

  /** Makes Jib's HTTP client (which reads the trust-store properties) trust {@code caFile} too. */
  public static synchronized void forJib(Path caFile) {
    if (!JIB_TRUSTED.add(caFile.toAbsolutePath().normalize())) {
      return;
    }
    try {
      KeyStore store = trustStore(JIB_TRUSTED);
      Path file = Files.createTempFile("ack-release-truststore", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, PASSWORD.toCharArray());
      }
      System.setProperty("javax.net.ssl.trustStore", file.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      // Jib's client takes the JVM's default context, made once per JVM: replace it with one
      // that trusts the same CAs plus these (other clients of the run never use the default).
      TrustManagerFactory withCas = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      withCas.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, withCas.getTrustManagers(), null);
      SSLContext.setDefault(context);
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile + " (" + e.getMessage() + "): pass a PEM certificate to --registry-ca");
    }
  }

  /** Trust managers for the JVM's CAs and those in {@code caFile}, for one client. */
  public static TrustManager[] trustManagers(Path caFile) {
    try {
      TrustManagerFactory withCa = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      withCa.init(trustStore(List.of(caFile)));
      return withCa.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile + " (" + e.getMessage() + "): pass a PEM certificate to --registry-ca");
    }
  }

  /** A TLS context trusting the JVM's CAs and those in {@code caFile}, for one client; nothing global changes. */
  public static SSLContext sslContext(Path caFile) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(caFile), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile + " (" + e.getMessage() + "): pass a PEM certificate to --registry-ca");
    }
  }

  /** The JVM's trusted CAs plus the certificates in {@code caFiles}. */
  private static KeyStore trustStore(Collection<Path> caFiles) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    int i = 0;
    for (var tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        for (var cert : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("jvm-" + i++, cert);
        }
      }
    }
    int j = 0;
    for (Path caFile : caFiles) {
      if (!Files.isRegularFile(caFile)) {
        throw ReleaseException.invalidInput("CA file " + caFile + " does not exist: pass a PEM file to --registry-ca");
      }
      Collection<? extends Certificate> extra;
      try (InputStream in = Files.newInputStream(caFile)) {
        extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (extra.isEmpty()) {
        throw ReleaseException.invalidInput("CA file " + caFile + " holds no PEM certificate: pass the CA's certificate to --registry-ca");
      }
      for (Certificate cert : extra) {
        store.setCertificateEntry("ack-release-ca-" + j++, cert);
      }
    }
    return store;
  }
}
