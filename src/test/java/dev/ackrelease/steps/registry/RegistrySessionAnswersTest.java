package dev.ackrelease.steps.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Base64;

/**
 * What the session does with answers a real registry does not give on request: bytes that do
 * not hash to the digest the registry names, a stored manifest under another digest, media
 * types with parameters, upload locations with a query, a Bearer challenge to an anonymous
 * read. WireMock plays that registry.
 */
class RegistrySessionAnswersTest {

  static final Retry.Policy ONCE = new Retry.Policy(1, Duration.ofMillis(1));
  static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  static final String DIGEST = RegistrySession.sha256(MANIFEST);
  static final String OTHER = "sha256:" + "0".repeat(64);

  @RegisterExtension
  final WireMockExtension server = WireMockExtension.newInstance().options(options().bindAddress("127.0.0.1").dynamicPort())
      .build();

  String host() {
    return "127.0.0.1:" + server.getPort();
  }

  RegistrySession session(Optional<RegistryCredentials> credentials) {
    return new RegistrySession(new RegistryAccess(Registry.parse(host() + "/ack"), credentials, true, Optional.empty()), Log.NONE,
        ONCE);
  }

  RegistrySession session() {
    return session(Optional.empty());
  }

  static String remoteFailure(Runnable call) {
    ReleaseException e = assertThrows(ReleaseException.class, call::run);
    assertEquals(ReleaseException.Kind.REMOTE, e.kind(), e.getMessage());
    return e.getMessage();
  }

  /** A session that would try each request three times: content with other bytes must be asked for once. */
  RegistrySession retrying() {
    return new RegistrySession(new RegistryAccess(Registry.parse(host() + "/ack"), Optional.empty(), true, Optional.empty()),
        Log.NONE, new Retry.Policy(3, Duration.ofMillis(1)));
  }

  static ReleaseException verification(Runnable call) {
    ReleaseException e = assertThrows(ReleaseException.class, call::run);
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind(), e.getMessage());
    return e;
  }

  static String damagedManifest(String ref, String actual, String expected, String which) {
    return "manifest " + ref + " came back with bytes that hash to " + actual + ", not to " + expected + " (" + which + "): the"
        + " registry, or a proxy or cache in front of it, serves damaged content; repair or delete that manifest there, then"
        + " run again";
  }

  @Test
  void aManifestWhoseBytesDoNotHashToTheDigestTheRegistrySentIsAFailedVerificationAskedForOnce() {
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Docker-Content-Digest", OTHER)));
    ReleaseException e = verification(() -> retrying().manifest("x", "1.0.0"));
    assertEquals(damagedManifest(host() + "/ack/x:1.0.0", DIGEST, OTHER, "the Docker-Content-Digest the registry sent"),
        e.getMessage());
    server.verify(1, getRequestedFor(urlEqualTo("/v2/ack/x/manifests/1.0.0")));
  }

  @Test
  void anIndexAskedForByDigestThatComesBackWithOtherBytesIsAFailedVerificationAskedForOnce() {
    // No Docker-Content-Digest: the digest asked for is what the bytes must hash to.
    server.stubFor(get("/v2/ack/x/manifests/" + OTHER).willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Content-Type", "application/vnd.oci.image.index.v1+json")));
    server.stubFor(get("/v2/ack/x/manifests/" + DIGEST).willReturn(aResponse().withStatus(200).withBody(MANIFEST)));
    RegistrySession s = retrying();
    ReleaseException e = verification(() -> s.manifest("x", OTHER));
    assertEquals(damagedManifest(host() + "/ack/x@" + OTHER, DIGEST, OTHER, "the digest asked for"), e.getMessage());
    server.verify(1, getRequestedFor(urlEqualTo("/v2/ack/x/manifests/" + OTHER)));
    assertEquals(DIGEST, s.manifest("x", DIGEST).orElseThrow().digest(), "the bytes asked for pass");
  }

  @Test
  void aManifestSentWithTheDigestAskedForButOtherBytesIsAFailedVerificationToo() {
    server.stubFor(get("/v2/ack/x/manifests/" + OTHER).willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Docker-Content-Digest", OTHER)));
    ReleaseException e = verification(() -> retrying().manifest("x", OTHER));
    assertEquals(damagedManifest(host() + "/ack/x@" + OTHER, DIGEST, OTHER, "the digest asked for"), e.getMessage());
    server.verify(1, getRequestedFor(urlEqualTo("/v2/ack/x/manifests/" + OTHER)));
  }

  static String sha512(byte[] bytes) throws Exception {
    return "sha512:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  @Test
  void aSha512DigestIsCheckedInItsOwnAlgorithm() throws Exception {
    String manifest512 = sha512(MANIFEST);
    byte[] blob = "blob".getBytes(StandardCharsets.UTF_8);
    String blob512 = sha512(blob);
    String other512 = sha512("other".getBytes(StandardCharsets.UTF_8));
    server.stubFor(get("/v2/ack/x/manifests/" + manifest512).willReturn(aResponse().withStatus(200).withBody(MANIFEST)));
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Docker-Content-Digest", manifest512)));
    server.stubFor(get("/v2/ack/x/manifests/" + other512).willReturn(aResponse().withStatus(200).withBody(MANIFEST)));
    server.stubFor(get("/v2/ack/x/blobs/" + blob512).willReturn(aResponse().withStatus(200).withBody(blob)));
    server.stubFor(put("/v2/ack/x/manifests/2.0.0").willReturn(aResponse().withStatus(201)
        .withHeader("Docker-Content-Digest", manifest512)));
    RegistrySession s = retrying();

    RegistrySession.Fetched byDigest = s.manifest("x", manifest512).orElseThrow();
    assertEquals(host() + "/ack/x@" + manifest512, byDigest.reference());
    assertArrayEquals(MANIFEST, byDigest.bytes());
    assertArrayEquals(MANIFEST, s.manifest("x", "1.0.0").orElseThrow().bytes());
    assertArrayEquals(blob, s.blob("x", blob512));
    s.putManifest("x", "2.0.0", "application/json", MANIFEST);
    ReleaseException e = verification(() -> s.manifest("x", other512));
    assertEquals(damagedManifest(host() + "/ack/x@" + other512, manifest512, other512, "the digest asked for"), e.getMessage());
  }

  @Test
  void theMediaTypeIsTheContentTypeWithoutParametersAndTheDigestTheBytesOwn() {
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Content-Type", "application/vnd.oci.image.index.v1+json ; charset=utf-8")));
    server.stubFor(get("/v2/ack/x/manifests/2.0.0").willReturn(aResponse().withStatus(200).withBody(MANIFEST)
        .withHeader("Docker-Content-Digest", DIGEST)));
    RegistrySession s = session();
    RegistrySession.Fetched f = s.manifest("x", "1.0.0").orElseThrow();
    assertEquals("application/vnd.oci.image.index.v1+json", f.mediaType());
    assertEquals(DIGEST, f.digest());
    assertArrayEquals(MANIFEST, f.bytes());
    assertEquals("", s.manifest("x", "2.0.0").orElseThrow().mediaType());
    server.verify(getRequestedFor(urlEqualTo("/v2/ack/x/manifests/1.0.0")).withHeader("Accept", equalTo(RegistrySession.ACCEPT)));
  }

  @Test
  void aDamagedManifestIsAVerificationFailure() {
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").willReturn(aResponse().withStatus(200).withBody("not json {")));
    RegistrySession.Fetched f = session().manifest("x", "1.0.0").orElseThrow();
    ReleaseException e = assertThrows(ReleaseException.class, f::json);
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertEquals(host() + "/ack/x:1.0.0 is not JSON: the registry holds a damaged manifest; publish a new version", e.getMessage());
  }

  @Test
  void aManifestStoredUnderAnotherDigestIsAFailedVerificationTheStoredOneIsAcceptedWith200Or201() {
    server.stubFor(put("/v2/ack/x/manifests/bad").willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", OTHER)));
    server.stubFor(put("/v2/ack/x/manifests/ok200").willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));
    server.stubFor(put("/v2/ack/x/manifests/ok201").willReturn(aResponse().withStatus(201)));
    server.stubFor(put("/v2/ack/x/manifests/accepted").willReturn(aResponse().withStatus(202).withBody("  queued \n for later ")));
    RegistrySession s = retrying();
    // What the registry holds is not what was pushed: a failed verification, and pushing it again would not change it.
    ReleaseException e = verification(() -> s.putManifest("x", "bad", "application/json", MANIFEST));
    assertEquals("the registry stored " + host() + "/ack/x:bad as " + OTHER + ", not as the pushed " + DIGEST + ": the registry,"
        + " or a proxy in front of it, changes manifests; push to it without that proxy (or to a registry that stores"
        + " manifests as sent), then run again", e.getMessage());
    server.verify(1, putRequestedFor(urlEqualTo("/v2/ack/x/manifests/bad")));
    s.putManifest("x", "ok200", "application/json", MANIFEST);
    s.putManifest("x", "ok201", "application/json", MANIFEST);
    String accepted = remoteFailure(() -> s.putManifest("x", "accepted", "application/json", MANIFEST));
    assertTrue(accepted.contains("answered HTTP 202: queued for later"), accepted);
    server.verify(putRequestedFor(urlEqualTo("/v2/ack/x/manifests/ok200")).withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalTo(new String(MANIFEST, StandardCharsets.UTF_8))));
  }

  @Test
  void aBlobThatComesBackWithOtherBytesIsAFailedVerificationAskedForOnce() {
    server.stubFor(get("/v2/ack/x/blobs/" + DIGEST).willReturn(aResponse().withStatus(200).withBody("other bytes")));
    ReleaseException e = verification(() -> retrying().blob("x", DIGEST));
    assertEquals("blob " + DIGEST + " of " + host() + "/ack/x came back with other bytes (" + RegistrySession.sha256("other bytes"
        .getBytes(StandardCharsets.UTF_8)) + "): the registry, or a proxy or cache in front of it, serves damaged content;"
        + " repair or delete that blob there, then run again", e.getMessage());
    server.verify(1, getRequestedFor(urlEqualTo("/v2/ack/x/blobs/" + DIGEST)));
  }

  @Test
  void anUploadGoesToTheLocationTheRegistryGaveWithTheDigestAdded() {
    byte[] blob = "blob".getBytes(StandardCharsets.UTF_8);
    String digest = RegistrySession.sha256(blob);
    String encoded = digest.replace(":", "%3A");
    server.stubFor(post("/v2/ack/q/blobs/uploads/").willReturn(aResponse().withStatus(202)
        .withHeader("Location", "/v2/ack/q/blobs/uploads/u1?_state=s1")));
    server.stubFor(post("/v2/ack/p/blobs/uploads/").willReturn(aResponse().withStatus(202).withHeader("Location", "u2")));
    server.stubFor(put(urlPathEqualTo("/v2/ack/q/blobs/uploads/u1")).willReturn(aResponse().withStatus(201)));
    server.stubFor(put(urlPathEqualTo("/v2/ack/p/blobs/uploads/u2")).willReturn(aResponse().withStatus(201)));
    RegistrySession s = session();
    s.pushBlob("q", digest, blob.length, () -> new ByteArrayInputStream(blob));
    s.pushBlob("p", digest, blob.length, () -> new ByteArrayInputStream(blob));
    server.verify(putRequestedFor(urlEqualTo("/v2/ack/q/blobs/uploads/u1?_state=s1&digest=" + encoded))
        .withHeader("Content-Type", equalTo("application/octet-stream")).withRequestBody(equalTo("blob")));
    server.verify(putRequestedFor(urlEqualTo("/v2/ack/p/blobs/uploads/u2?digest=" + encoded)));
    server.verify(0, headRequestedFor(urlPathEqualTo("/v2/ack/q/blobs/" + digest)));
  }

  @Test
  void thePushAccessCheckCancelsTheUploadItStartedWhereThereIsOne() {
    server.stubFor(post("/v2/ack/a/blobs/uploads/").willReturn(aResponse().withStatus(202)
        .withHeader("Location", "/v2/ack/a/blobs/uploads/u9?_state=z")));
    server.stubFor(post("/v2/ack/b/blobs/uploads/").willReturn(aResponse().withStatus(202)));
    server.stubFor(post("/v2/ack/c/blobs/uploads/").willReturn(aResponse().withStatus(201)));
    RegistrySession s = session();
    s.writesTogether(List.of("a", "b"));
    s.beforeWrite("a");
    server.verify(deleteRequestedFor(urlEqualTo("/v2/ack/a/blobs/uploads/u9?_state=z")));
    server.verify(0, deleteRequestedFor(urlPathEqualTo("/v2/ack/b/blobs/uploads/")));
    s.writesTogether(List.of("c"));
    String m = remoteFailure(() -> s.beforeWrite("c"));
    assertTrue(m.contains("POST /v2/ack/c/blobs/uploads/ answered HTTP 201"), m);
  }

  @Test
  void anAnonymousReadAnsweredWithABearerChallengeRetriesWithTheAnonymousToken() {
    String challenge = "Bearer realm=\"http://" + host() + "/token\",service=\"svc\",scope=\"repository:ack/x:pull\"";
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", challenge)));
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").withHeader("Authorization", equalTo("Bearer anonymous-pull"))
        .willReturn(aResponse().withStatus(200).withBody(MANIFEST)));
    server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"anonymous-pull\"}")));
    server.stubFor(head(urlEqualTo("/v2/ack/y/manifests/" + DIGEST)).willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", "Basic realm=\"r\"")));
    RegistrySession s = session();
    assertEquals(DIGEST, s.manifest("x", "1.0.0").orElseThrow().digest());
    server.verify(getRequestedFor(urlEqualTo("/token?service=svc&scope=repository%3Aack%2Fx%3Apull")));
    String m = remoteFailure(() -> s.manifestExists("y", DIGEST));
    assertTrue(m.startsWith("authentication to " + host() + " failed: no credentials were found"), m);
  }

  @Test
  void withCredentialsARefusalIsNotAnsweredWithAnAnonymousToken() {
    server.stubFor(get("/v2/").willReturn(aResponse().withStatus(200)));
    server.stubFor(get("/v2/ack/x/manifests/1.0.0").willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\"")));
    RegistrySession s = session(Optional.of(new RegistryCredentials("dora", "doras-pass-8", "test")));
    String m = remoteFailure(() -> s.manifest("x", "1.0.0"));
    assertTrue(m.startsWith("authentication to " + host() + " failed: check the user name and password (from test)"), m);
    server.verify(0, anyRequestedFor(urlPathEqualTo("/token")));
    server.verify(getRequestedFor(urlEqualTo("/v2/ack/x/manifests/1.0.0")).withHeader("Authorization", equalTo("Basic "
        + Base64.getEncoder().encodeToString("dora:doras-pass-8".getBytes(StandardCharsets.UTF_8)))));
    server.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer anonymous-pull")));
  }
}
