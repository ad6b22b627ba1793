package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry whose CA users give Go's tools as {@code SSL_CERT_FILE} or {@code SSL_CERT_DIR}
 * (crypto/x509's root_unix.go, loadSystemRoots, reads them in place of its default bundle and
 * directories): crane, cosign and skopeo verify it with them, and so does ack-release, without
 * {@code --registry-ca}, for its own client (a streamed upload too) and Jib's pull of the base
 * image. A variable that names no certificate is exit 2, one line, before anything is pushed.
 */
class SystemRootsIT {

  static final String USER = "carol";
  static final String PASSWORD = "registry-pass-2";

  @TempDir static Path shared;
  static RegistryServer tls;
  static Path home;
  static Path cache;
  static String base;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    tls = RegistryServer.tlsWithAuth(shared.resolve("tls"), USER, PASSWORD);
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
    base = BaseImages.push(tls, shared.resolve("base"), "ack/base", "v1", "base behind a private CA\n");
  }

  @AfterAll
  static void stopRegistry() {
    tls.close();
  }

  CliRun publish(String service, Map<String, String> variables, String baseImage) {
    GitFixture repo = SampleController.create(tmp, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", tls.address() + "/ack");
    Map<String, String> env = new HashMap<>(variables);
    env.putAll(Map.of("ACK_RELEASE_REGISTRY_USERNAME", USER, "ACK_RELEASE_REGISTRY_PASSWORD", PASSWORD));
    return Jar.run(home, env, "publish", "--controller-dir", repo.dir().toString(), "--registry", tls.address() + "/ack",
        "--base-image", baseImage, "--platforms", "linux/amd64", "--cache-dir", cache.toString());
  }

  @Test
  void aRegistryWhoseCaIsInSslCertFileOrSslCertDirIsVerifiedWithIt() throws Exception {
    CliRun file = publish("sns", Map.of("SSL_CERT_FILE", tls.caFile().orElseThrow().toString()), base);

    assertEquals(0, file.exitCode(), file::toString);

    // Directories as OpenSSL's c_rehash leaves them, ':'-separated: one without certificates, one with the CA.
    Path other = Files.createDirectories(tmp.resolve("other-certs"));
    Path dir = Files.createDirectories(tmp.resolve("certs"));
    Files.copy(tls.caFile().orElseThrow(), dir.resolve("registry-ca.pem"));
    CliRun directory = publish("sqs", Map.of("SSL_CERT_DIR", other + ":" + dir), "scratch");

    assertEquals(0, directory.exitCode(), directory::toString);
  }

  @Test
  void aVariableThatNamesNoCertificateIsExit2BeforeAnythingIsPushed() throws Exception {
    Map<String, String> before = tls.storageSnapshot();
    Path notPem = Files.writeString(tmp.resolve("ca.txt"), "the CA is on the wiki\n");

    CliRun run = publish("kms", Map.of("SSL_CERT_FILE", notPem.toString()), "scratch");

    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("error: SSL_CERT_FILE='" + notPem + "' holds no PEM certificate: point it at what the registry's CA"
        + " is in, or unset it (unset SSL_CERT_FILE), e.g. export SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt (a PEM"
        + " bundle of CAs)", run.errorLine());
    assertEquals(before, tls.storageSnapshot(), "nothing pushed");

    CliRun missingDir = publish("ecr", Map.of("SSL_CERT_DIR", tmp.resolve("no-such-dir").toString()), "scratch");

    assertEquals(2, missingDir.exitCode(), missingDir::toString);
    assertEquals("error: SSL_CERT_DIR='" + tmp.resolve("no-such-dir") + "' names " + tmp.resolve("no-such-dir") + ", which is no"
        + " directory: point it at what the registry's CA is in, or unset it (unset SSL_CERT_DIR), e.g. export"
        + " SSL_CERT_DIR=/etc/ssl/certs (directories of PEM CA files, ':'-separated)", missingDir.errorLine());
    assertEquals(before, tls.storageSnapshot(), "nothing pushed");
  }
}
