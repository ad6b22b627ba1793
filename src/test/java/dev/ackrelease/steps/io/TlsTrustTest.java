package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.TlsServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.StandardCopyOption;

/**
 * {@code --registry-ca}: a client trusts the JVM's CAs plus the given one, verification stays on;
 * a file that is missing or holds no certificate is exit 2 naming the option.
 */
class TlsTrustTest {

  @TempDir Path tmp;

  /** The trust store the last run of the forJib test left (mutation testing runs it again in one JVM). */

  static int handshake(SSLContext context, TlsServer server) throws Exception {
    HttpsURLConnection c = (HttpsURLConnection) URI.create("https://" + server.address() + "/v2/").toURL().openConnection();
    c.setSSLSocketFactory(context.getSocketFactory());
    c.setConnectTimeout(5_000);
    c.setReadTimeout(5_000);
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }

  static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static List<X509Certificate> issuers(TrustManager[] managers) {
    return Arrays.stream(managers).filter(X509TrustManager.class::isInstance)
        .flatMap(m -> Arrays.stream(((X509TrustManager) m).getAcceptedIssuers())).toList();
  }

  static int jvmCas() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    return issuers(tmf.getTrustManagers()).size();
  }

  @Test
  void aClientContextTrustsTheGivenCaWhereTheDefaultDoesNot() throws Exception {
    try (TlsServer server = TlsServer.start(tmp.resolve("tls"), "IP:127.0.0.1", TlsServer.ok())) {
      assertEquals(200, handshake(TlsTrust.sslContext(server.ca()), server));
      assertEquals("TLS", TlsTrust.sslContext(server.ca()).getProtocol());
      SSLContext plain = SSLContext.getInstance("TLS");
      plain.init(null, null, null);
      assertThrows(SSLHandshakeException.class, () -> handshake(plain, server));
    }
  }

  @Test
  void theTrustManagersHoldTheJvmsCasAndEveryCertificateOfTheFile() throws Exception {
    try (TlsServer a = TlsServer.start(tmp.resolve("a"), "IP:127.0.0.1", TlsServer.ok());
        TlsServer b = TlsServer.start(tmp.resolve("b"), "IP:127.0.0.1", TlsServer.ok())) {
      Path both = tmp.resolve("both.pem");
      Files.writeString(both, Files.readString(a.ca()) + Files.readString(b.ca()));
      List<X509Certificate> trusted = issuers(TlsTrust.trustManagers(both));
      assertTrue(trusted.contains(certificate(a.ca())));
      assertTrue(trusted.contains(certificate(b.ca())));
      assertEquals(jvmCas() + 2, trusted.size());
    }
  }

  @Test
  void aMissingEmptyOrGarbledCaFileIsInvalidInputNamingTheOption() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.pem"));
    Path garbled = Files.writeString(tmp.resolve("garbled.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
    for (Path bad : List.of(tmp.resolve("missing.pem"), tmp, empty, garbled)) {
      for (var attempt : List.<Runnable>of(() -> TlsTrust.trustManagers(bad), () -> TlsTrust.sslContext(bad))) {
        ReleaseException e = assertThrows(ReleaseException.class, attempt::run);
        assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("--registry-ca") && e.getMessage().contains(bad.toString()), e.getMessage());
      }
    }
    assertTrue(assertThrows(ReleaseException.class, () -> TlsTrust.trustManagers(tmp.resolve("missing.pem"))).getMessage()
        .contains("does not exist"));
    assertTrue(assertThrows(ReleaseException.class, () -> TlsTrust.trustManagers(empty)).getMessage()
        .contains("holds no PEM certificate"));
  }

  /**
   * Jib's trust is process-wide and remembers every CA given for the life of the JVM (the image
   * tests in the same JVM add theirs, whose files may be gone by now: each is read once, when
   * given), so this test asserts only what its own CAs add.
   */
  @Test
  void forJibMakesTheDefaultContextAndTrustStoreTrustEachCaAddedOnce() throws Exception {
    Path dir = Files.createTempDirectory("ack-release-tls-trust");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Directories.deleteQuietly(dir)));
    try (TlsServer a = TlsServer.start(dir.resolve("a"), "IP:127.0.0.1", TlsServer.ok());
        TlsServer b = TlsServer.start(dir.resolve("b"), "IP:127.0.0.1", TlsServer.ok())) {
      TlsTrust.forJib(SystemRoots.JVM, Optional.of(a.ca()));
      assertEquals(200, handshake(SSLContext.getDefault(), a));
      String store = System.getProperty("javax.net.ssl.trustStore");
      assertEquals("PKCS12", System.getProperty("javax.net.ssl.trustStoreType"));
      KeyStore written = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(store))) {
        written.load(in, System.getProperty("javax.net.ssl.trustStorePassword").toCharArray());
      }
      assertTrue(written.getCertificateAlias(certificate(a.ca())).startsWith("ack-release-ca-"), "the trust store holds the CA");
      assertTrue(written.size() > 1, "and the JVM's CAs");

      // The same file again (by another spelling) changes nothing.
      TlsTrust.forJib(SystemRoots.JVM, Optional.of(a.ca().getParent().resolve(".").resolve(a.ca().getFileName())));
      assertEquals(store, System.getProperty("javax.net.ssl.trustStore"));

      // A file that is no certificate is exit 2 naming the option, and is not remembered: once
      // it holds a certificate, it is read and trusted.
      Path later = Files.writeString(dir.resolve("later.pem"), "not a certificate");
      ReleaseException e = assertThrows(ReleaseException.class, () -> TlsTrust.forJib(SystemRoots.JVM, Optional.of(later)));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().contains("--registry-ca"), e.getMessage());
      Files.copy(b.ca(), later, StandardCopyOption.REPLACE_EXISTING);
      TlsTrust.forJib(SystemRoots.JVM, Optional.of(later));
      assertEquals(200, handshake(SSLContext.getDefault(), b), "the file read again once it holds a certificate");

      // A CA file removed since it was given (a temp CA) does not stop the next one; another CA
      // joins the first: both are trusted by the default context.
      Files.delete(later);
      TlsTrust.forJib(SystemRoots.JVM, Optional.of(b.ca()));
      assertEquals(200, handshake(SSLContext.getDefault(), b));
      assertEquals(200, handshake(SSLContext.getDefault(), a));
    }
  }

  /**
   * A run killed with -9 leaves its trust store in the temp directory (its exit hook never ran):
   * the next forJib deletes the stores of processes that are gone, and only those, and only this
   * user's regular files.
   */
  @Test
  void forJibDeletesTheTrustStoresOfRunsThatAreGone() throws Exception {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Process running = new ProcessBuilder("sleep", "60").start();
    String id = UUID.randomUUID().toString();
    Path gone = temp.resolve(TlsTrust.STORE_PREFIX + ended.pid() + "-" + id + ".p12");
    Path live = temp.resolve(TlsTrust.STORE_PREFIX + running.pid() + "-" + id + ".p12");
    Path notAPid = temp.resolve(TlsTrust.STORE_PREFIX + "x" + ended.pid() + "-" + id + ".p12");
    Path link = temp.resolve(TlsTrust.STORE_PREFIX + ended.pid() + "-" + id + "-link.p12");
    Path theirs = temp.resolve(TlsTrust.STORE_PREFIX + ended.pid() + "-" + id + "-theirs.p12");
    Path target = Files.writeString(tmp.resolve("target"), "not ours to delete");
    List<Path> made = List.of(gone, live, notAPid, link, theirs);
    try {
      for (Path p : List.of(gone, live, notAPid, theirs)) {
        Files.writeString(p, "left by a killed run");
      }
      Files.createSymbolicLink(link, target);
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
      }
      try (TlsServer server = TlsServer.start(tmp.resolve("ca"), "IP:127.0.0.1", TlsServer.ok())) {
        TlsTrust.forJib(SystemRoots.JVM, Optional.of(server.ca()));
      }
      String store = System.getProperty("javax.net.ssl.trustStore");
      assertTrue(Path.of(store).getFileName().toString().startsWith(TlsTrust.STORE_PREFIX + ProcessHandle.current().pid() + "-"), store);
      assertTrue(Files.exists(Path.of(store)), "this run's store stays");
      assertTrue(Files.notExists(gone, LinkOption.NOFOLLOW_LINKS), "the store of a process that is gone is deleted");
      assertTrue(Files.exists(live), "a live process's store stays");
      assertTrue(Files.exists(notAPid), "a name not of the form stays");
      assertTrue(Files.isSymbolicLink(link) && Files.exists(target), "a symlink is neither followed nor deleted");
      assumeTrue(root, "another user's file needs root to make");
      assertTrue(Files.exists(theirs), "another user's store stays");
    } finally {
      running.destroy();
      for (Path p : made) {
        Files.deleteIfExists(p);
      }
    }
  }
}
