package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.TlsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSL_CERT_FILE and SSL_CERT_DIR as Go's crypto/x509 reads them (root_unix.go, loadSystemRoots):
 * the file in place of the default bundle, the directories in place of the default ones, the
 * roots the certificates of both; the JVM's CAs (standing for those defaults) stay unless both
 * are set. Only PEM CERTIFICATE blocks count, a bad one skipped (AppendCertsFromPEM). A variable
 * that names nothing usable is exit 2 naming it, where Go quietly goes on with fewer roots.
 */
class SystemRootsTest {

  @TempDir Path tmp;

  static int jvmCas() {
    return issuers(TlsTrust.trustManagers(SystemRoots.JVM, Optional.empty()));
  }

  static int issuers(TrustManager[] managers) {
    int n = 0;
    for (var m : managers) {
      if (m instanceof X509TrustManager x) {
        n += x.getAcceptedIssuers().length;
      }
    }
    return n;
  }

  @Test
  void unsetIsTheJvmsCasAndReadsNothing() {
    assertSame(SystemRoots.JVM, SystemRoots.of(Map.of()));
    assertSame(SystemRoots.JVM, SystemRoots.of(Map.of("SSL_CERT_FILE", "", "SSL_CERT_DIR", "")));
    assertEquals(Optional.empty(), TlsTrust.sslContext(SystemRoots.JVM, Optional.empty()), "no context of ours: the JVM's default");
  }

  @Test
  void theFileAndTheDirectoriesAddTheirCertificatesAndReplaceTheJvmsOnlyTogether() throws Exception {
    try (TlsServer a = TlsServer.start(tmp.resolve("a"), "IP:127.0.0.1", TlsServer.ok());
        TlsServer b = TlsServer.start(tmp.resolve("b"), "IP:127.0.0.1", TlsServer.ok());
        TlsServer c = TlsServer.start(tmp.resolve("c"), "IP:127.0.0.1", TlsServer.ok())) {
      // A bundle with a key and a damaged block around the CA: only the certificate counts.
      Path bundle = Files.writeString(tmp.resolve("bundle.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
          + "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n" + Files.readString(a.ca()));
      Path dir = Files.createDirectories(tmp.resolve("certs"));
      Files.copy(b.ca(), dir.resolve("b.pem"));
      Files.createSymbolicLink(dir.resolve("0a1b2c3d.0"), Path.of("b.pem"));
      Files.writeString(dir.resolve("README"), "not a certificate\n");

      SystemRoots file = SystemRoots.of(Map.of("SSL_CERT_FILE", bundle.toString()));
      assertEquals(1, file.certificates().size());
      assertTrue(file.keepsJvmRoots(), "Go still reads its default directories");
      SystemRoots dirs = SystemRoots.of(Map.of("SSL_CERT_DIR", ":" + dir + ":"));
      assertEquals(1, dirs.certificates().size(), "the same-directory link read once, the README skipped");
      assertTrue(dirs.keepsJvmRoots(), "Go still reads its default bundle");
      SystemRoots both = SystemRoots.of(Map.of("SSL_CERT_FILE", bundle.toString(), "SSL_CERT_DIR", dir.toString()));
      assertFalse(both.keepsJvmRoots());
      assertSame(both.certificates(), both.certificates(), "read once, at the first use");

      int jvm = jvmCas();
      assertTrue(jvm > 10, "the JVM's CAs: " + jvm);
      assertEquals(jvm + 1, issuers(TlsTrust.trustManagers(file, Optional.empty())));
      assertEquals(2, issuers(TlsTrust.trustManagers(both, Optional.empty())));
      assertEquals(3, issuers(TlsTrust.trustManagers(both, Optional.of(c.ca()))), "--registry-ca on top");

      assertEquals(200, TlsTrustTest.handshake(TlsTrust.sslContext(file, Optional.empty()).orElseThrow(), a));
      assertThrows(SSLHandshakeException.class, () -> TlsTrustTest.handshake(TlsTrust.sslContext(file, Optional.empty())
          .orElseThrow(), b));
      SSLContext context = TlsTrust.sslContext(both, Optional.empty()).orElseThrow();
      assertEquals(200, TlsTrustTest.handshake(context, a));
      assertEquals(200, TlsTrustTest.handshake(context, b));
    }
  }

  @Test
  void aVariableThatNamesNoCertificatesIsExit2NamingIt() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "no PEM here\n");
    Path noCerts = Files.createDirectories(tmp.resolve("no-certs"));
    Files.writeString(noCerts.resolve("README"), "nothing\n");
    String fileFix = ": point it at what the registry's CA is in, or unset it (unset SSL_CERT_FILE), e.g. export"
        + " SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt (a PEM bundle of CAs)";
    String dirFix = ": point it at what the registry's CA is in, or unset it (unset SSL_CERT_DIR), e.g. export"
        + " SSL_CERT_DIR=/etc/ssl/certs (directories of PEM CA files, ':'-separated)";

    assertEquals("SSL_CERT_FILE='" + tmp.resolve("missing.pem") + "' does not exist" + fileFix,
        bad(Map.of("SSL_CERT_FILE", tmp.resolve("missing.pem").toString())));
    assertEquals("SSL_CERT_FILE='" + empty + "' holds no PEM certificate" + fileFix, bad(Map.of("SSL_CERT_FILE", empty.toString())));
    assertEquals("SSL_CERT_FILE='" + noCerts + "' is a directory (a directory of CA files is SSL_CERT_DIR)" + fileFix,
        bad(Map.of("SSL_CERT_FILE", noCerts.toString())));
    // A file the kernel will not let be read from its start (root reads any mode, so no chmod here).
    assertEquals("SSL_CERT_FILE='/proc/self/mem' cannot be read (Input/output error)" + fileFix,
        bad(Map.of("SSL_CERT_FILE", "/proc/self/mem")));
    assertEquals("SSL_CERT_DIR='" + noCerts + ":" + tmp.resolve("gone") + "' names " + tmp.resolve("gone")
        + ", which is no directory" + dirFix, bad(Map.of("SSL_CERT_DIR", noCerts + ":" + tmp.resolve("gone"))));
    assertEquals("SSL_CERT_DIR='" + noCerts + "' holds no PEM certificate" + dirFix, bad(Map.of("SSL_CERT_DIR", noCerts.toString())));
  }

  /**
   * Many machines set both variables to the system's own CAs: a run that makes no TLS connection
   * (a plain-HTTP registry) parses none of them (that was ~190 ms of every run).
   */
  @Test
  void whatTheVariablesHoldIsReadOnlyAtTheFirstUse() throws Exception {
    Path empty = Files.writeString(tmp.resolve("lazy.pem"), "no PEM here\n");
    SystemRoots roots = SystemRoots.of(Map.of("SSL_CERT_FILE", empty.toString()));
    assertEquals(Optional.of(empty), roots.file(), "the name is checked and kept");
    assertThrows(ReleaseException.class, roots::certificates, "what it holds is read when the certificates are asked for");
  }

  static String bad(Map<String, String> env) {
    // The names are checked when read, what they hold at the first use of the certificates.
    ReleaseException e = assertThrows(ReleaseException.class, () -> SystemRoots.of(env).certificates());
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    return e.getMessage();
  }
}
