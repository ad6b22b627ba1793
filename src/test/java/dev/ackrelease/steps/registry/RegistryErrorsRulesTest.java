package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The retry rule (408, 429 and 5xx, refused or reset connections and time-outs are transient;
 * every other status, TLS and unknown hosts are not), the refresh-once rule on 401/403, and the
 * one line each failure becomes, status by status.
 */
class RegistryErrorsRulesTest {

  static final Registry REGISTRY = Registry.parse("registry.example.com/ack");
  static final RegistryAccess ANONYMOUS = RegistryAccess.anonymous(REGISTRY);
  static final RegistryAccess WITH_PASSWORD = ANONYMOUS.withCredentials(new RegistryCredentials("bob", "bobs-secret-77",
      CredentialSources.ENV));
  static final Retry.Policy FAST = new Retry.Policy(3, Duration.ofMillis(1));

  static RegistryFailure status(int code) {
    return new RegistryFailure(code, "status " + code);
  }

  @Test
  void whichStatusesAreTransient() {
    for (int code : new int[] {408, 429, 500, 502, 503, 504, 599}) {
      assertTrue(RegistryErrors.isTransient(status(code)), "" + code);
    }
    for (int code : new int[] {400, 401, 403, 404, 407, 409, 428, 430, 499}) {
      assertFalse(RegistryErrors.isTransient(status(code)), "" + code);
    }
  }

  @Test
  void withoutAStatusTheCauseDecides() {
    assertTrue(RegistryErrors.isTransient(new IOException("Connection reset")));
    assertTrue(RegistryErrors.isTransient(new ConnectException("Connection refused")));
    assertTrue(RegistryErrors.isTransient(new HttpTimeoutException("request timed out")));
    assertTrue(RegistryErrors.isTransient(new SocketTimeoutException("Read timed out")));
    assertTrue(RegistryErrors.isTransient(new UncheckedIOException(new IOException("reset"))));
    // A failure without an answer (no status, or none above 0) leaves it to the cause.
    assertTrue(RegistryErrors.isTransient(new RegistryFailure("no response", new IOException("reset"))));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure("no response", new SSLException("unexpected message"))));
    assertTrue(RegistryErrors.isTransient(new RegistryFailure(0, "no response") {{ initCause(new IOException("reset")); }}));
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(-1, "no response")));
    assertFalse(RegistryErrors.isTransient(new SSLHandshakeException("PKIX path building failed")));
    assertFalse(RegistryErrors.isTransient(new IOException("tls", new SSLException("unexpected message"))));
    assertFalse(RegistryErrors.isTransient(new UnknownHostException("registry.example.com")));
    assertFalse(RegistryErrors.isTransient(new IllegalStateException("a bug")));
    // A status wins over the cause.
    assertFalse(RegistryErrors.isTransient(new RegistryFailure(404, "x") {{ initCause(new IOException("reset")); }}));
  }

  @Test
  void onlyUnauthorizedAndForbiddenAreAuthenticationFailures() {
    assertTrue(RegistryErrors.isAuthFailure(status(401)));
    assertTrue(RegistryErrors.isAuthFailure(status(403)));
    assertTrue(RegistryErrors.isAuthFailure(new RuntimeException(status(401))));
    for (Exception other : List.of(status(400), status(402), status(404), status(500), new IOException("x"))) {
      assertFalse(RegistryErrors.isAuthFailure(other), other.toString());
    }
  }

  static String message(RegistryAccess access, Exception e) {
    ReleaseException r = RegistryErrors.of(access, "push of registry.example.com/ack/x:1", e);
    assertEquals(ReleaseException.Kind.REMOTE, r.kind());
    assertSame(e, r.getCause());
    return r.getMessage();
  }

  @Test
  void eachFailureBecomesTheLineThatNamesItsFix() {
    String action = "push of registry.example.com/ack/x:1";
    assertEquals("authentication to registry.example.com failed: no credentials were found; log in (docker login"
        + " registry.example.com) or set ACK_RELEASE_REGISTRY_USERNAME and ACK_RELEASE_REGISTRY_PASSWORD (during " + action + ")",
        message(ANONYMOUS, status(401)));
    assertEquals("authentication to registry.example.com failed: check the user name and password (from env"
        + " ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD) (during " + action
        + "); set ACK_RELEASE_REGISTRY_USERNAME and ACK_RELEASE_REGISTRY_PASSWORD to credentials registry.example.com accepts,"
        + " or unset both and log in: docker login registry.example.com", message(WITH_PASSWORD, status(401)));
    for (String[] fix : new String[][] {{"docker config /h/.docker/config.json", "docker login registry.example.com"},
        {"auth file /run/user/1/containers/auth.json", "podman login registry.example.com"},
        {"credential helper desktop", "docker login registry.example.com"}}) {
      RegistryAccess access = ANONYMOUS.withCredentials(new RegistryCredentials("bob", "bobs-secret-77", fix[0]));
      assertEquals("authentication to registry.example.com failed: check the user name and password (from " + fix[0]
          + ") (during " + action + "); log in again: " + fix[1], message(access, status(401)));
    }
    for (String hub : List.of("registry-1.docker.io", "index.docker.io", "docker.io")) {
      assertEquals("log in again: docker login", RegistryErrors.logIn(hub, "docker config x"), "Docker Hub's: " + hub);
    }
    assertEquals("check the AWS credentials: aws ecr-public get-login-password --region us-east-1 must print a token",
        RegistryErrors.logIn("public.ecr.aws", CredentialSources.ECR_PUBLIC));
    assertEquals("registry.example.com denied " + action + " (HTTP 403): check that the credentials (from env"
        + " ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD) may push there;"
        + " ECR Public tokens expire after 12 h, so run again for a fresh one", message(WITH_PASSWORD, status(403)));
    assertEquals("registry.example.com denied " + action + " (HTTP 403): check that the credentials may push there;"
        + " ECR Public tokens expire after 12 h, so run again for a fresh one", message(ANONYMOUS, status(403)));
    String untrusted = "TLS verification of registry.example.com failed during " + action + " (its certificate is not trusted):"
        + " pass its CA with --registry-ca FILE, or for a test registry name it with --insecure-registry registry.example.com";
    assertEquals(untrusted, message(ANONYMOUS, new SSLHandshakeException("PKIX")));
    assertEquals(untrusted, message(ANONYMOUS, new IOException("x", new CertificateException("expired"))));
    assertEquals("TLS to registry.example.com failed during " + action + ": if registry.example.com serves plain HTTP (a test"
        + " registry), pass --insecure-registry registry.example.com; otherwise check its certificate (--registry-ca FILE)",
        message(ANONYMOUS, new SSLException("Unsupported or unrecognized SSL message")));
    String unreachable = "cannot connect to registry.example.com during " + action + ": check the registry address and that it"
        + " is reachable";
    assertEquals(unreachable, message(ANONYMOUS, new ConnectException("Connection refused")));
    assertEquals(unreachable, message(ANONYMOUS, new IOException(new UnknownHostException("registry.example.com"))));
    assertEquals(action + " failed at registry.example.com with HTTP 500: status 500: check the registry and retry",
        message(ANONYMOUS, status(500)));
    assertEquals(action + " failed at registry.example.com with HTTP 502: check the registry and retry",
        message(ANONYMOUS, new RegistryFailure(502, " ")));
    assertEquals(action + " failed at registry.example.com (SocketTimeoutException: Read timed out): check the registry and retry",
        message(ANONYMOUS, new IOException("wrapped", new IOException("middle", new SocketTimeoutException("Read timed out")))));
    assertEquals(action + " failed at registry.example.com (IllegalStateException): check the registry and retry",
        message(ANONYMOUS, new IllegalStateException()));
  }

  @Test
  void reasonsAreOneLineCutAt200CharactersAndWithoutSecrets() {
    String prefix = "push of registry.example.com/ack/x:1 failed at registry.example.com with HTTP 500: ";
    String suffix = ": check the registry and retry";
    String exactly200 = "r".repeat(200);
    assertEquals(prefix + exactly200 + suffix, message(ANONYMOUS, new RegistryFailure(500, exactly200)));
    assertEquals(prefix + "s".repeat(200) + "..." + suffix, message(ANONYMOUS, new RegistryFailure(500, "s".repeat(201))));
    assertEquals(prefix + "two lines and spaces" + suffix, message(ANONYMOUS, new RegistryFailure(500, "  two\nlines   and\tspaces ")));
    Secrets.register("leaked-token-xyz");
    assertEquals(prefix + "echo **** back" + suffix, message(ANONYMOUS, new RegistryFailure(500, "echo leaked-token-xyz back")));
  }

  @Test
  void aReleaseExceptionPassesThroughUnchanged() {
    ReleaseException refused = ReleaseException.refused("no");
    assertSame(refused, RegistryErrors.of(ANONYMOUS, "push", refused));
  }

  @Test
  void aRefusalWithRefreshableCredentialsRefreshesOnceAndRetries() {
    AtomicInteger fetched = new AtomicInteger();
    CredentialState state = new CredentialState(Optional.of(new RegistryCredentials("AWS", "expired-token-1", "ecr")),
        Optional.of(() -> new RegistryCredentials("AWS", "fresh-token-" + fetched.incrementAndGet(), "ecr")));
    RegistryAccess access = new RegistryAccess(REGISTRY, state, false, Optional.empty());
    List<String> sent = new ArrayList<>();
    String result = RegistryCall.run(FAST, Log.NONE, access, "push of x", () -> {
      String password = access.credentials().orElseThrow().password();
      sent.add(password);
      if (password.startsWith("expired")) {
        throw status(401);
      }
      return "pushed with " + password;
    });
    assertEquals("pushed with fresh-token-1", result);
    assertEquals(List.of("expired-token-1", "fresh-token-1"), sent);

    // Refused again with the fresh credentials: final, one line naming the failure.
    ReleaseException e = assertThrows(ReleaseException.class, () -> RegistryCall.run(FAST, Log.NONE, access, "push of y", () -> {
      throw status(403);
    }));
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertTrue(e.getMessage().startsWith("registry.example.com denied push of y (HTTP 403)"), e.getMessage());
    assertEquals(1, fetched.get());
  }

  @Test
  void aFailureAfterTheRefreshIsReportedAsItsOwnLine() {
    CredentialState state = new CredentialState(Optional.of(new RegistryCredentials("AWS", "expired-token-2", "ecr")),
        Optional.of(() -> new RegistryCredentials("AWS", "fresh-token-x", "ecr")));
    RegistryAccess access = new RegistryAccess(REGISTRY, state, false, Optional.empty());
    AtomicInteger calls = new AtomicInteger();
    ReleaseException e = assertThrows(ReleaseException.class, () -> RegistryCall.run(FAST, Log.NONE, access, "push of z", () -> {
      throw calls.incrementAndGet() == 1 ? status(401) : status(404);
    }));
    assertTrue(e.getMessage().startsWith("push of z failed at registry.example.com with HTTP 404"), e.getMessage());
    assertEquals(2, calls.get());
  }

  @Test
  void withoutARefreshableSourceAnAuthenticationFailureIsFinalAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    ReleaseException e = assertThrows(ReleaseException.class, () -> RegistryCall.run(FAST, Log.NONE, WITH_PASSWORD, "push", () -> {
      calls.incrementAndGet();
      throw status(401);
    }));
    assertEquals(1, calls.get());
    assertTrue(e.getMessage().startsWith("authentication to registry.example.com failed"), e.getMessage());
    // A non-authentication failure never refreshes.
    AtomicInteger refreshed = new AtomicInteger();
    CredentialState state = new CredentialState(Optional.empty(), Optional.of(() -> {
      refreshed.incrementAndGet();
      return null;
    }));
    assertThrows(ReleaseException.class, () -> RegistryCall.run(FAST, Log.NONE, new RegistryAccess(REGISTRY, state, false,
        Optional.empty()), "push", () -> {
          throw status(400);
        }));
    assertEquals(0, refreshed.get());
  }
}
