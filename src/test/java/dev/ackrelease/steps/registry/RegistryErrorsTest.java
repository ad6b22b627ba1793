package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.testing.ThreadProxies;
import dev.ackrelease.testing.TlsServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registry failures are retried, and the one-line messages they become. */
class RegistryErrorsTest {

  private static final RegistryAccess ACCESS = RegistryAccess.anonymous(Registry.parse("registry.example.com/ack"));

  @Test
  void throttlingServerErrorsAndResetsAreTransientOthersAreNot() {
    assertTrue(RegistryErrors.isTransient(new RegistryFailure(429, "TOOMANYREQUESTS")));
    assertTrue(RegistryErrors.isTransient(new RegistryFailure(503, "unavailable")));
    assertTrue(RegistryErrors.isTransient(new RegistryFailure("read failed", new IOException("Connection reset"))));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(401, "UNAUTHORIZED")));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(404, "MANIFEST_UNKNOWN")));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure("tls", new SSLHandshakeException("PKIX path building failed"))));
    // A registry restarting refuses connections for a few seconds: retried within the budget.
    assertTrue(RegistryErrors.isTransient(new RegistryFailure("down", new ConnectException("Connection refused"))));
    assertTrue(RegistryErrors.isTransient(new RegistryFailure(408, "request timeout")));
  }

  /**
   * A manifest put after its blobs, refused because the registry does not see one of them yet
   * (two clients uploading the same blob at once), is tried again; any other 400 is final.
   */
  @Test
  void aManifestWhoseBlobIsNotYetVisibleIsTriedAgainOtherBadRequestsAreNot() {
    assertTrue(RegistryErrors.isTransient(new RegistryFailure(400, "PUT /v2/ack/s3-chart/manifests/1.0.0 answered HTTP 400: "
        + "{\"errors\":[{\"code\":\"DIGEST_INVALID\"},{\"code\":\"MANIFEST_BLOB_UNKNOWN\"}]}")));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(400, "{\"errors\":[{\"code\":\"MANIFEST_INVALID\"}]}")));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(400, null)));
  }

  @Test
  void aTransientFailureIsRetriedThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result = RegistryCall.run(new Retry.Policy(3, Duration.ofMillis(1)), Log.NONE, ACCESS, "push of x", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new RegistryFailure(502, "bad gateway");
      }
      return "done";
    });
    assertEquals("done", result);
    assertEquals(3, calls.get());
  }

  @Test
  void aPermanentFailureIsNotRetriedAndBecomesOneRemoteLineWithoutSecrets() {
    RegistryCredentials credentials = new RegistryCredentials("bob", "very-secret-password", "test");
    RegistryAccess access = ACCESS.withCredentials(credentials);
    AtomicInteger calls = new AtomicInteger();
    ReleaseException e = Assertions.assertThrows(ReleaseException.class, () ->
        RegistryCall.run(new Retry.Policy(3, Duration.ofMillis(1)), Log.NONE, access, "push of x", () -> {
          calls.incrementAndGet();
          throw new RegistryFailure(400, "bad request echoing very-secret-password\nsecond line");
        }));
    assertEquals(1, calls.get());
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertFalse(e.getMessage().contains("very-secret-password"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith("push of x failed at registry.example.com with HTTP 400"), e.getMessage());
  }

  @Test
  void forbiddenAndUnreachableNameTheFix() {
    assertTrue(RegistryErrors.of(ACCESS, "push of x", new RegistryFailure(403, "DENIED")).getMessage()
        .contains("ECR Public tokens expire after 12 h"));
    assertTrue(RegistryErrors.of(ACCESS, "push of x", new RegistryFailure("down", new ConnectException("refused"))).getMessage()
        .startsWith("cannot connect to registry.example.com"));
    assertEquals(Optional.empty(), ACCESS.credentials());
    assertTrue(RegistryErrors.of(ACCESS, "push of x", new RegistryFailure(401, "UNAUTHORIZED")).getMessage()
        .contains("docker login registry.example.com"));
  }

  /**
   * Behind a proxy the connection that failed is the proxy's (a registry it cannot reach is its answer, 502 or 503): the
   * line names the proxy and its variable, not the registry's address (a hostile-input audit found HTTPS_PROXY's dead
   * proxy reported as "check the registry address"). The password is not shown.
   */
  @Test
  void aConnectionThatFailedThroughAProxyNamesTheProxy() throws Exception {
    RegistryFailure refused = new RegistryFailure("down", new ConnectException("Connection refused"));
    String message = ThreadProxies.through(Map.of("HTTPS_PROXY", "http://alice:pr0xy-pw@127.0.0.1:1"),
        () -> RegistryErrors.of(ACCESS, "push of x", refused).getMessage());
    assertEquals("cannot connect to the proxy http://alice@127.0.0.1:1 (HTTPS_PROXY) for registry.example.com during push of x:"
        + " check that HTTPS_PROXY names a proxy that is up and reachable from here, or add registry.example.com to NO_PROXY to"
        + " reach it directly", message);
    String direct = ThreadProxies.through(Map.of("HTTPS_PROXY", "http://127.0.0.1:1", "NO_PROXY", "registry.example.com"),
        () -> RegistryErrors.of(ACCESS, "push of x", refused).getMessage());
    assertTrue(direct.startsWith("cannot connect to registry.example.com during push of x"), direct);
  }

  @Test
  void aTrustedCertificateForAnotherNameIsSaidSoNotThatTheCaIsMissing(@TempDir Path tmp) throws Exception {
    try (TlsServer other = TlsServer.start(tmp.resolve("other"), "DNS:other.example.com", TlsServer.ok())) {
      IOException e = Assertions.assertThrows(IOException.class, () -> new RegistryHttp(Optional.of(TlsTrust.sslContext(other.ca())),
          false).send("GET", URI.create("https://" + other.address() + "/v2/"), Map.of(), null, Duration.ofSeconds(10)));
      RegistryAccess access = RegistryAccess.anonymous(Registry.parse(other.address() + "/ack"));
      assertEquals("TLS verification of " + other.address() + " failed during look-up of x: its certificate does not name 127.0.0.1:"
          + " use a registry name the certificate holds (its subjectAltName), or for a test registry name it with"
          + " --insecure-registry " + other.address(), RegistryErrors.of(access, "look-up of x", e).getMessage());
    }
  }
}
