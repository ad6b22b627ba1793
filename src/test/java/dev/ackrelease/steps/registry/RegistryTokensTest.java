package dev.ackrelease.steps.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.net.ServerSocket;

/**
 * The registry login flow: Basic where the registry asks for Basic, else the Docker token flow
 * (one {@code GET /v2/} for the challenge, then per repository one {@code pull,push} token from
 * the realm with Basic credentials, kept until the credentials change); anonymous pulls get the
 * anonymous token the challenge names. WireMock plays the registry's {@code /v2/} and its realm,
 * so each answer a realm may give can be chosen (the real token flow is in the token-auth tests).
 */
class RegistryTokensTest {

  static final RegistryCredentials ALICE = new RegistryCredentials("alice", "alices-pass-3", "test");
  static final String BASIC_ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:alices-pass-3"
      .getBytes(StandardCharsets.UTF_8));

  @RegisterExtension
  final WireMockExtension server = WireMockExtension.newInstance().options(options().bindAddress("127.0.0.1").dynamicPort())
      .build();

  String host() {
    return "127.0.0.1:" + server.getPort();
  }

  String realm() {
    return "http://" + host() + "/token";
  }

  RegistryTokens tokens(CredentialState state) {
    RegistryAccess access = new RegistryAccess(Registry.parse(host() + "/ack"), state, true, Optional.empty());
    return new RegistryTokens(access, "http", new RegistryHttp(Optional.empty(), false), Duration.ofSeconds(10));
  }

  RegistryTokens tokens(Optional<RegistryCredentials> credentials) {
    return tokens(CredentialState.fixed(credentials));
  }

  void challenge(String header) {
    server.stubFor(get(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", header)));
  }

  void token(String scope, String body) {
    server.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo(scope))
        .willReturn(aResponse().withStatus(200).withBody(body)));
  }

  int tokenRequests() {
    return server.findAll(getRequestedFor(urlPathEqualTo("/token"))).size();
  }

  @Test
  void withoutCredentialsNothingIsSentAndNothingIsAsked() {
    RegistryTokens t = tokens(Optional.empty());
    assertNull(t.authHeader("ack/x"));
    assertEquals(0, server.getAllServeEvents().size());
  }

  @Test
  void aRegistryThatAsksForBasicGetsBasicAndIsProbedOnce() {
    challenge("Basic realm=\"registry\"");
    RegistryTokens t = tokens(Optional.of(ALICE));
    assertEquals(BASIC_ALICE, t.authHeader("ack/x"));
    assertEquals(BASIC_ALICE, t.authHeader("ack/y"));
    assertEquals(1, server.findAll(getRequestedFor(urlEqualTo("/v2/"))).size());
  }

  @Test
  void anOpenRegistryOrABearerChallengeWithoutRealmGetsBasic() {
    server.stubFor(get(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
    assertEquals(BASIC_ALICE, tokens(Optional.of(ALICE)).authHeader("ack/x"));
    challenge("Bearer service=\"registry\"");
    assertEquals(BASIC_ALICE, tokens(Optional.of(ALICE)).authHeader("ack/x"));
  }

  @Test
  void aTokenRegistryGetsOnePullPushTokenPerRepositoryFromTheRealm() {
    challenge("bearer REALM=\"" + realm() + "\",Service=\"ack registry\"");
    token("repository:ack/x:pull,push", "{\"token\":\"token-for-x\",\"expires_in\":300}");
    token("repository:ack/y:pull,push", "{\"access_token\":\"token-for-y\"}");
    RegistryTokens t = tokens(Optional.of(ALICE));
    assertEquals("Bearer token-for-x", t.authHeader("ack/x"));
    assertEquals("Bearer token-for-x", t.authHeader("ack/x"));
    assertEquals("Bearer token-for-y", t.authHeader("ack/y"));
    assertEquals(2, tokenRequests(), "one token per repository");
    server.verify(getRequestedFor(urlEqualTo("/token?service=ack+registry&scope=repository%3Aack%2Fx%3Apull%2Cpush"))
        .withHeader("Authorization", equalTo(BASIC_ALICE)));
    assertEquals("****", Secrets.redact("token-for-x"), "a token is a secret");
  }

  @Test
  void anIdentityTokenIsTradedAsAnOAuthRefreshTokenAndTheBasicWayWhereTheRealmHasNoOAuth() {
    challenge("Bearer realm=\"" + realm() + "\",service=\"svc\"");
    server.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("repository%3Aack%2Fx%3Apull%2Cpush"))
        .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"oauth-token-x\",\"expires_in\":300}")));
    server.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("repository%3Aack%2Fy%3Apull%2Cpush"))
        .willReturn(aResponse().withStatus(404)));
    token("repository:ack/y:pull,push", "{\"token\":\"basic-token-y\"}");
    RegistryTokens t = tokens(Optional.of(new RegistryCredentials("<token>", "refresh-token-7", "test")));

    assertEquals("Bearer oauth-token-x", t.authHeader("ack/x"));
    server.verify(postRequestedFor(urlEqualTo("/token")).withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withoutHeader("Authorization")
        .withRequestBody(equalTo("grant_type=refresh_token&client_id=ack-release&service=svc"
            + "&scope=repository%3Aack%2Fx%3Apull%2Cpush&refresh_token=refresh-token-7")));
    assertEquals("Bearer basic-token-y", t.authHeader("ack/y"));
    server.verify(getRequestedFor(urlPathEqualTo("/token")).withHeader("Authorization", equalTo("Basic "
        + Base64.getEncoder().encodeToString("<token>:refresh-token-7".getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void aRealmThatIsNoHttpUrlIsTheRegistrysMisconfigurationAndAnUnquotedServiceIsRead() {
    for (String realm : List.of("/token", "ftp://127.0.0.1/token", "http://exa mple/token")) {
      challenge("Bearer realm=\"" + realm + "\",service=\"svc\"");
      String message = host() + " asks for a token from the realm '" + realm + "', which is not an http(s) URL: the registry's"
          + " token authentication is misconfigured; tell its operator";
      ReleaseException e = assertThrows(ReleaseException.class, () -> tokens(Optional.of(ALICE)).authHeader("ack/x"));
      assertEquals(List.of(ReleaseException.Kind.REMOTE, message), List.of(e.kind(), e.getMessage()));
      ReleaseException anonymous = assertThrows(ReleaseException.class,
          () -> tokens(Optional.empty()).anonymousToken("Bearer realm=\"" + realm + "\""));
      assertEquals(message, anonymous.getMessage());
    }
    challenge("Bearer realm=\"" + realm() + "\",service=svc,scope=\"repository:ack/x:pull\"");
    token("repository:ack/x:pull,push", "{\"token\":\"token-for-x\"}");
    assertEquals("Bearer token-for-x", tokens(Optional.of(ALICE)).authHeader("ack/x"));
    server.verify(getRequestedFor(urlEqualTo("/token?service=svc&scope=repository%3Aack%2Fx%3Apull%2Cpush")));
  }

  @Test
  void freshCredentialsGetAFreshToken() {
    challenge("Bearer realm=\"" + realm() + "?account=ack\",service=\"svc\"");
    token("repository:ack/x:pull,push", "{\"token\":\"a-token-value\"}");
    AtomicInteger refreshed = new AtomicInteger();
    CredentialState state = new CredentialState(Optional.of(ALICE),
        Optional.of(() -> new RegistryCredentials("alice", "alices-pass-" + (4 + refreshed.incrementAndGet()), "test")));
    RegistryTokens t = tokens(state);
    t.authHeader("ack/x");
    assertEquals(1, tokenRequests());
    server.verify(getRequestedFor(urlPathEqualTo("/token")).withQueryParam("account", equalTo("ack"))
        .withQueryParam("service", equalTo("svc")));
    state.refreshOnce(Log.NONE, "refused");
    t.authHeader("ack/x");
    assertEquals(2, tokenRequests());
    server.verify(getRequestedFor(urlPathEqualTo("/token")).withHeader("Authorization", equalTo("Basic "
        + Base64.getEncoder().encodeToString("alice:alices-pass-5".getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void aRealmThatRefusesFailsWithItsStatus() {
    challenge("Bearer realm=\"" + realm() + "\",service=\"svc\"");
    server.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:ack/denied:pull,push"))
        .willReturn(aResponse().withStatus(401)));
    RegistryFailure denied = assertThrows(RegistryFailure.class, () -> tokens(Optional.of(ALICE)).authHeader("ack/denied"));
    assertEquals(Optional.of(401), denied.status());
    assertEquals("the token service of " + host() + " answered HTTP 401", denied.getMessage());
  }

  /**
   * A realm that answers 200 with no token (a login page, JSON without one) is a misconfigured
   * registry: exit 4 at once, not retried, saying what it answered (status, content type, size),
   * never its body (here it echoes the password, as a login page may).
   */
  @Test
  void aRealmThatAnswersWithNoTokenIsAMisconfigurationSaidWithoutItsBodyAndNotRetried() {
    challenge("Bearer realm=\"" + realm() + "\",service=\"svc\"");
    token("repository:ack/empty:pull,push", "{\"token\":\"\"}");
    server.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:ack/garbled:pull,push"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody("<html>login as alice / alices-pass-3</html>")));
    String start = host() + " asks for a token from the realm '" + realm() + "', which answered HTTP 200 (";
    String end = ") with no token in it: the registry's token authentication is misconfigured; tell its operator";
    ReleaseException empty = assertThrows(ReleaseException.class, () -> tokens(Optional.of(ALICE)).authHeader("ack/empty"));
    assertEquals(start + "no Content-Type, 12 bytes" + end, empty.getMessage());
    assertEquals(ReleaseException.Kind.REMOTE, empty.kind());

    RegistryAccess access = new RegistryAccess(Registry.parse(host() + "/ack"), Optional.of(ALICE), true, Optional.empty());
    RegistrySession session = new RegistrySession(access, Log.NONE, new Retry.Policy(8, Duration.ofMillis(1)));
    ReleaseException garbled = assertThrows(ReleaseException.class, () -> session.blobExists("garbled", "sha256:" + "0".repeat(64)));
    assertEquals(start + "Content-Type text/html; charset=utf-8, 43 bytes" + end, garbled.getMessage());
    assertEquals(ReleaseException.Kind.REMOTE, garbled.kind());
    assertEquals(null, garbled.getCause(), "nothing of the body in --stacktrace");
    assertEquals(1, server.findAll(getRequestedFor(urlPathEqualTo("/token")).withQueryParam("scope",
        equalTo("repository:ack/garbled:pull,push"))).size(), "not retried");
  }

  /** The token service is asked within the run's request time-out (--request-timeout), as the registry is, and retried so. */
  @Test
  void aSlowTokenServiceIsAbandonedAfterTheRequestTimeoutAndRetried() {
    challenge("Bearer realm=\"" + realm() + "\",service=\"svc\"");
    server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"slow-token\"}")
        .withFixedDelay(5_000)));
    RegistryAccess access = new RegistryAccess(Registry.parse(host() + "/ack"), Optional.of(ALICE), true, Optional.empty());
    Retry.Policy policy = new Retry.Policy(2, Duration.ofMillis(1), Duration.ofMinutes(1), Duration.ofMillis(400));
    RegistrySession session = new RegistrySession(access, Log.NONE, policy);
    long start = System.nanoTime();
    ReleaseException e = assertThrows(ReleaseException.class, () -> session.blobExists("x", "sha256:" + "0".repeat(64)));
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited < 3_000, waited + " ms");
    assertEquals(2, tokenRequests(), "retried as a stalled request");
    assertTrue(e.getMessage().contains("SocketTimeoutException"), e.getMessage());
  }

  @Test
  void anUnreachableRegistryIsAFailureWithoutStatusNamingTheHost() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + closed;
    RegistryTokens t = new RegistryTokens(new RegistryAccess(Registry.parse(nowhere + "/ack"), Optional.of(ALICE), true,
        Optional.empty()), "http", new RegistryHttp(Optional.empty(), false), Duration.ofSeconds(10));
    RegistryFailure e = assertThrows(RegistryFailure.class, () -> t.authHeader("ack/x"));
    assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1: "), e.getMessage());
    assertEquals(Optional.empty(), e.status(), "no answer: the cause decides whether it is retried");
  }

  @Test
  void anAnonymousRequestGetsTheTokenItsChallengeNames() {
    server.stubFor(get(urlPathEqualTo("/anon")).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"anon-1\"}")));
    server.stubFor(get(urlPathEqualTo("/anon-access")).willReturn(aResponse().withStatus(200)
        .withBody("{\"access_token\":\"anon-2\"}")));
    server.stubFor(get(urlPathEqualTo("/none")).willReturn(aResponse().withStatus(200).withBody("{}")));
    server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503).withBody("{\"token\":\"no\"}")));
    RegistryTokens t = tokens(Optional.empty());
    String base = "http://" + host();
    assertEquals(Optional.of("Bearer anon-1"), t.anonymousToken("Bearer realm=\"" + base + "/anon\",service=\"svc\","
        + "scope=\"repository:ack/x:pull\""));
    server.verify(getRequestedFor(urlEqualTo("/anon?service=svc&scope=repository%3Aack%2Fx%3Apull")));
    assertEquals(Optional.of("Bearer anon-1"), t.anonymousToken("Bearer realm=\"" + base + "/anon?a=b\",scope=\"s\""));
    server.verify(getRequestedFor(urlEqualTo("/anon?a=b&scope=s")));
    assertEquals(Optional.of("Bearer anon-1"), t.anonymousToken("Bearer realm=\"" + base + "/anon\""));
    server.verify(getRequestedFor(urlEqualTo("/anon")));
    assertEquals(Optional.of("Bearer anon-1"), t.anonymousToken("Bearer realm=\"" + base + "/anon\",service=\"only\""));
    server.verify(getRequestedFor(urlEqualTo("/anon?service=only")));
    assertEquals(Optional.of("Bearer anon-2"), t.anonymousToken("Bearer realm=\"" + base + "/anon-access\""));
    assertEquals(Optional.empty(), t.anonymousToken("Bearer realm=\"" + base + "/none\""));
    assertEquals(Optional.empty(), t.anonymousToken("Bearer realm=\"" + base + "/down\""));
    assertEquals(Optional.empty(), t.anonymousToken("Basic realm=\"" + base + "/anon\""));
    assertEquals(Optional.empty(), t.anonymousToken("Bearer service=\"svc\""));
    assertEquals(Optional.empty(), t.anonymousToken(""));
  }

  /**
   * An anonymous token request that a realm answers 200 with something other than JSON (a login
   * page, garbage) is a misconfigured registry, as go-containerregistry's anonymous flow fails on
   * it (transport/bearer.go, refresh: the answer is unmarshalled, an error ends the pull): exit 4
   * at once, not retried, naming the realm and what came back (content type, size), never the
   * body. It used to go on without a token, and the registry's 401 then read as missing credentials.
   */
  @Test
  void anAnonymousTokenAnswerThatIsNotJsonIsAMisconfigurationSaidWithoutItsBody() {
    server.stubFor(get(urlPathEqualTo("/v2/ack/page/manifests/v1")).willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", "Bearer realm=\"" + realm() + "\",scope=\"repository:ack/page:pull\"")));
    server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html>sign in: page-body-marker</html>")));
    RegistrySession session = new RegistrySession(new RegistryAccess(Registry.parse(host() + "/ack"), Optional.empty(), true,
        Optional.empty()), Log.NONE,
        new Retry.Policy(8, Duration.ofMillis(1)));

    ReleaseException e = assertThrows(ReleaseException.class, () -> session.manifest("page", "v1"));

    assertEquals(host() + " asks for a token from the realm '" + realm() + "', which answered HTTP 200 (Content-Type text/html;"
        + " charset=utf-8, 38 bytes) to an anonymous token request, a body that is not JSON: the registry's token"
        + " authentication is misconfigured; tell its operator", e.getMessage());
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertEquals(null, e.getCause(), "nothing of the body in --stacktrace");
    assertEquals(1, server.findAll(getRequestedFor(urlPathEqualTo("/token"))).size(), "not retried");
  }
}
