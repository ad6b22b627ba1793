package dev.ackrelease.steps.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.TokenServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token service took the credentials, the registry refused the token it issued (expired:
 * the clocks differ; a realm the registry does not trust; a token granting too little): the
 * error says so, and does not send the user to check a password that is right.
 */
class RegistryTokenRefusedTest {

  static final String DIGEST = "sha256:" + "0".repeat(64);
  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));

  @RegisterExtension
  final WireMockExtension server = WireMockExtension.newInstance().options(options().bindAddress("127.0.0.1").dynamicPort())
      .build();

  @TempDir Path tmp;

  String host() {
    return "127.0.0.1:" + server.getPort();
  }

  ReleaseException refusal(String error) {
    String realm = "http://" + host() + "/token";
    server.stubFor(get(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
        "Bearer realm=\"" + realm + "\",service=\"svc\"")));
    server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
        .withBody("{\"token\":\"issued-token-9\",\"expires_in\":300}")));
    server.stubFor(any(urlPathMatching("/v2/ack/x/blobs/.*")).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
        "Bearer realm=\"" + realm + "\",service=\"svc\",scope=\"repository:ack/x:pull\",error=\"" + error + "\"")));
    RegistryAccess access = new RegistryAccess(Registry.parse(host() + "/ack"),
        Optional.of(new RegistryCredentials("alice", "alices-pass-9", "env ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD")),
        true, Optional.empty());
    RegistrySession session = new RegistrySession(access, Log.NONE, FAST);
    ReleaseException e = assertThrows(ReleaseException.class, () -> session.blobExists("x", DIGEST));
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertFalse(e.getMessage().contains("check the user name and password"), e.getMessage());
    assertFalse(e.getMessage().contains("issued-token-9") || e.getMessage().contains("alices-pass-9"), e.getMessage());
    return e;
  }

  @Test
  void anInvalidTokenIsSaidAsTheTokenRefusedNotThePassword() {
    assertEquals(host() + " refused the token its token service ('http://" + host() + "/token') issued for the credentials"
        + " (from env ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD) (during look-up of blob sha256:000000000000 in "
        + host() + "/ack/x): the service accepted the user name and password, the registry not its token: the clocks of the"
        + " registry and its token service differ (the token is expired or not yet valid), or the registry does not trust that"
        + " realm (its issuer, service or signing certificate); tell the registry's operator", refusal("invalid_token").getMessage());
  }

  @Test
  void aTokenThatGrantsTooLittleIsSaidSo() {
    assertEquals(host() + " refused look-up of blob sha256:000000000000 in " + host() + "/ack/x with the token its token"
        + " service issued for the credentials (from env ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD): the"
        + " token does not grant that access (insufficient_scope): check that the user may push to and pull from the"
        + " repository", refusal("insufficient_scope").getMessage());
  }

  /** A real registry and a token service whose clock is an hour behind: every token it issues has expired. */
  @Test
  void aRealRegistryRefusingAnExpiredTokenIsSaidSo() throws Exception {
    try (TokenServer tokens = new TokenServer(tmp.resolve("tokens"))) {
      tokens.accept("right-password-4");
      tokens.clockSkew(-3600);
      RegistryServer registry = RegistryServer.tokenAuth(tmp.resolve("registry"), tokens);
      try {
        RegistryAccess access = new RegistryAccess(Registry.parse(registry.address() + "/ack"),
            Optional.of(new RegistryCredentials("AWS", "right-password-4", "test")), true, Optional.empty());
        ReleaseException e = assertThrows(ReleaseException.class, () -> new RegistrySession(access, Log.NONE, FAST)
            .blobExists("x", DIGEST));
        assertEquals(registry.address() + " refused the token its token service ('" + tokens.realm() + "') issued for the"
            + " credentials (from test) (during look-up of blob sha256:000000000000 in " + registry.address() + "/ack/x): the"
            + " service accepted the user name and password, the registry not its token: the clocks of the registry and its"
            + " token service differ (the token is expired or not yet valid), or the registry does not trust that realm (its"
            + " issuer, service or signing certificate); tell the registry's operator", e.getMessage());
      } finally {
        registry.stop();
      }
    }
  }
}
