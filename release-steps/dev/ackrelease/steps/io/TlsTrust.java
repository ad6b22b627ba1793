package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An extra CA ({@code --registry-ca}) and the CAs of {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}
 * ({@link SystemRoots}) for the clients that talk to a registry or AWS: each
 * client gets its own {@link SSLContext} or trust managers (the JVM's CAs, or the variables', plus the given ones),
 * so nothing process-wide changes for them; verification stays on. One exception: Jib has no
 * per-client TLS setting (its Apache client takes the JVM's default context and trust-store
 * properties), so pulling a base image from a registry with its own CA makes the default trust
 * the JVM's CAs plus that CA ({@link #forJib}). It only adds trust, so other registries in the
 * same run are unaffected, and nothing of ack-release's own uses the default.
 */
public final class TlsTrust {

  private static final String PASSWORD = "changeit";
  /**
   * The trust stores {@link #forJib} writes are {@code ack-release-truststore-<pid>-<random>.p12}
   * in the temp directory, deleted at exit; one a killed run left is deleted by the next.
   */
  static final String STORE_PREFIX = "ack-release-truststore-";
  private static final Pattern STORE_NAME = Pattern.compile(Pattern.quote(STORE_PREFIX) + "([0-9]{1,18})-[^/]*\\.p12");
  /** Each CA file given so far, with the certificates it held when it was given. */
  private static final Map<Path, Collection<? extends Certificate>> JIB_TRUSTED = new LinkedHashMap<>();
  /** The roots Jib's client trusts: the JVM's until {@link #forJib} is given others. */
  private static SystemRoots jibRoots = SystemRoots.JVM;

  private TlsTrust() {}

  /**
   * Makes Jib's HTTP client trust {@code roots} ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}: in
   * place of the JVM's CAs when both are set) and {@code caFile} too; nothing changes for the
   * JVM's CAs and no CA.
   */
  public static synchronized void forJib(SystemRoots roots, Optional<Path> caFile) {
    Path key = caFile.map(ca -> ca.toAbsolutePath().normalize()).orElse(null);
    boolean knownCa = key == null || JIB_TRUSTED.containsKey(key);
    if (knownCa && roots.equals(jibRoots)) {
      return;
    }
    try {
      // Read once, when given: a file that is no certificate is refused and not remembered, and
      // one removed later (a temp CA) does not break the next call.
      Collection<? extends Certificate> certs = knownCa ? null : certificates(caFile.get());
      List<Collection<? extends Certificate>> all = new ArrayList<>(JIB_TRUSTED.values());
      if (certs != null) {
        all.add(certs);
      }
      KeyStore store = rootStore(roots);
      addAll(store, all);
      Path file = Files.createTempFile(STORE_PREFIX + ProcessHandle.current().pid() + "-", ".p12");
      file.toFile().deleteOnExit();
      removeLeftovers(file);
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
      if (certs != null) {
        JIB_TRUSTED.put(key, certs);
      }
      jibRoots = roots;
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile.orElse(null) + " (" + e.getMessage() + "): pass a PEM"
          + " certificate to --registry-ca");
    }
  }

  /**
   * Deletes the trust stores beside {@code ours} that runs killed before their exit (kill -9) left:
   * this user's regular files named for a process that is gone. A symlink, another user's file, a
   * live process's store or a name not of this form is left alone, and so is whatever cannot be
   * read or deleted: none of it is anything this run depends on.
   */
  static void removeLeftovers(Path ours) {
    try {
      UserPrincipal me = Files.getOwner(ours, LinkOption.NOFOLLOW_LINKS);
      try (DirectoryStream<Path> stores = Files.newDirectoryStream(ours.getParent(), STORE_PREFIX + "*.p12")) {
        for (Path store : stores) {
          Matcher name = STORE_NAME.matcher(store.getFileName().toString());
          if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
              && Files.isRegularFile(store, LinkOption.NOFOLLOW_LINKS) && me.equals(Files.getOwner(store, LinkOption.NOFOLLOW_LINKS))) {
            Files.deleteIfExists(store);
          }
        }
      }
    } catch (IOException | DirectoryIteratorException | SecurityException e) {
      // another run's leftovers: this one goes on without removing them
    }
  }

  /** Trust managers for the JVM's CAs and those in {@code caFile}, for one client. */
  public static TrustManager[] trustManagers(Path caFile) {
    return trustManagers(SystemRoots.JVM, Optional.of(caFile));
  }

  /** Trust managers for {@code roots} (the JVM's CAs, or those of SSL_CERT_FILE/SSL_CERT_DIR) and those in {@code caFile}, for one client. */
  public static TrustManager[] trustManagers(SystemRoots roots, Optional<Path> caFile) {
    try {
      TrustManagerFactory withCa = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      KeyStore store = rootStore(roots);
      if (caFile.isPresent()) {
        addAll(store, List.of(certificates(caFile.get())));
      }
      withCa.init(store);
      return withCa.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile.orElse(null) + " (" + e.getMessage() + "): pass a PEM"
          + " certificate to --registry-ca");
    }
  }

  /** A TLS context trusting the JVM's CAs and those in {@code caFile}, for one client; nothing global changes. */
  public static SSLContext sslContext(Path caFile) {
    return sslContext(SystemRoots.JVM, Optional.of(caFile)).orElseThrow();
  }

  /**
   * A TLS context for one client trusting {@code roots} and those in {@code caFile}; empty for the
   * JVM's CAs and no CA (the JVM's default context, made only when a client needs it). Nothing global changes.
   */
  public static Optional<SSLContext> sslContext(SystemRoots roots, Optional<Path> caFile) {
    if (roots.isJvm() && caFile.isEmpty()) {
      return Optional.empty();
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(roots, caFile), null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw ReleaseException.invalidInput("cannot read CA file " + caFile.orElse(null) + " (" + e.getMessage() + "): pass a PEM"
          + " certificate to --registry-ca");
    }
  }

  /** A store of the JVM's trusted CAs, unless {@code roots} replace them, and of {@code roots}' own. */
  private static KeyStore rootStore(SystemRoots roots) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    if (roots.keepsJvmRoots()) {
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
    }
    int j = 0;
    for (Certificate cert : roots.certificates()) {
      store.setCertificateEntry("env-" + j++, cert);
    }
    return store;
  }

  private static void addAll(KeyStore store, Collection<Collection<? extends Certificate>> cas) throws GeneralSecurityException {
    int j = 0;
    for (Collection<? extends Certificate> certs : cas) {
      for (Certificate cert : certs) {
        store.setCertificateEntry("ack-release-ca-" + j++, cert);
      }
    }
  }

  /** Refuses a {@code --registry-ca} that is no regular file, saying what it is (exit 2). */
  public static void requireCaFile(Path caFile) {
    if (!Files.isRegularFile(caFile)) {
      String is = Files.isDirectory(caFile) ? "is a directory, not a file" : Files.exists(caFile)
          ? "is not a regular file (a device, a pipe or a socket)" : "does not exist";
      throw ReleaseException.invalidInput("CA file " + Echo.value(caFile.toString()) + " " + is + ": pass a PEM file to"
          + " --registry-ca");
    }
  }

  /** The certificates in {@code caFile}: at least one, else exit 2 naming it. */
  private static Collection<? extends Certificate> certificates(Path caFile) throws GeneralSecurityException, IOException {
    requireCaFile(caFile);
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(caFile)) {
      extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (extra.isEmpty()) {
      throw ReleaseException.invalidIn(caFile.toString(), "CA file " + caFile + " holds no PEM certificate: pass the CA's"
          + " certificate to --registry-ca");
    }
    return extra;
  }
}
