package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.AuthProxy;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.EcrPublicStub;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.TlsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind a proxy that asks for Basic credentials, given as Go's tools take them: in
 * the proxy's URL ({@code HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT}). Go's {@code net/http}
 * ({@code transport.go}: {@code connectMethod.proxyAuth}, set by {@code dialConn} on a tunnel's
 * {@code CONNECT} and on every plain request through the proxy) sends them as
 * {@code Proxy-Authorization: Basic}, so crane, cosign and skopeo get through; ack-release did
 * not (the 407 was the end of the run). The registry is named {@code registry.test:PORT}: a
 * loopback address goes direct, as Go's rules say, and the proxy reaches every host at
 * 127.0.0.1. A password the proxy refuses is one line, exit 4, naming the proxy without it. The
 * AWS SDK's clients (ECR Public, KMS) go through the same proxy the same way.
 */
class ProxyIT {

  static final String USER = "alice";
  /** With characters a URL must percent-encode, as Go's url.Parse decodes them. */
  static final String PASSWORD = "pr0xy:p@ss/w";
  static final String ENCODED = "pr0xy%3Ap%40ss%2Fw";

  @TempDir static Path shared;
  static RegistryServer plain;
  static RegistryServer tls;
  static Path home;
  static Path cache;
  static String base;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistries() throws Exception {
    plain = RegistryServer.plain(shared.resolve("plain"));
    tls = RegistryServer.tlsWithAuth(shared.resolve("tls"), "bob", "registry-pass-1");
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
    base = BaseImages.push(plain, shared.resolve("base"), "ack/base", "v1", "proxied base\n");
  }

  @AfterAll
  static void stopRegistries() {
    plain.close();
    tls.close();
  }

  static String named(RegistryServer registry) {
    return "registry.test:" + registry.address().substring(registry.address().lastIndexOf(':') + 1);
  }

  static String proxyUrl(AuthProxy proxy, String password) {
    return "http://" + USER + ":" + password + "@127.0.0.1:" + proxy.port();
  }

  CliRun publish(RegistryServer registry, String service, Map<String, String> env, String... extra) {
    GitFixture repo = SampleController.create(tmp, service);
    String host = named(registry);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", host + "/ack");
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry",
        host + "/ack", "--insecure-registry", host, "--cache-dir", cache.toString(), "--platforms", "linux/amd64"));
    args.addAll(List.of(extra));
    return Jar.run(home, env, args.toArray(String[]::new));
  }

  /**
   * Plain HTTP through HTTP_PROXY: every request of ack-release's own client carries the
   * credentials up front (a streamed upload could not be sent again after a 407), and Jib's pull
   * of the base image answers the proxy's challenge with them.
   */
  @Test
  void aPlainRegistryBehindAProxyThatAsksForCredentialsIsReachedWithTheUrlsUserAndPassword() throws Exception {
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      String baseRef = base.replace(plain.address(), named(plain));

      // HTTPS_PROXY too: Jib asks an insecure registry in HTTPS first (a tunnel, whose TLS then fails), then in HTTP.
      CliRun run = publish(plain, "sns", Map.of("HTTP_PROXY", proxyUrl(proxy, ENCODED), "HTTPS_PROXY", proxyUrl(proxy, ENCODED)),
          "--base-image", baseRef);

      assertEquals(0, run.exitCode(), run::toString);
      List<AuthProxy.Seen> seen = proxy.seen();
      assertTrue(seen.stream().allMatch(s -> s.accepted() || s.proxyAuthorization().isEmpty()), seen.toString());
      assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("PATCH")), "the streamed upload: " + seen);
      assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("PUT") && s.target().contains("/manifests/")),
          seen.toString());
      assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("GET") && s.target().contains("/ack/base/blobs/")
          && s.userAgent().startsWith("jib ")), "Jib's pull of the base's layers: " + seen);
      // Only Jib tunnels here (ack-release's own client speaks plain HTTP to a plain registry): its HTTPS try comes first.
      assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("CONNECT")), "Jib's tunnel first: " + seen);
      assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD) || run.err().contains(ENCODED), run::toString);
    }
  }

  /** TLS through HTTPS_PROXY: the tunnel's CONNECT carries the credentials; the registry's own login goes through it. */
  @Test
  void aTlsRegistryBehindAProxyThatAsksForCredentialsIsTunnelledToWithTheUrlsUserAndPassword() throws Exception {
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      Map<String, String> env = Map.of("HTTPS_PROXY", proxyUrl(proxy, ENCODED), "HTTP_PROXY", proxyUrl(proxy, ENCODED),
          "ACK_RELEASE_REGISTRY_USERNAME", "bob", "ACK_RELEASE_REGISTRY_PASSWORD", "registry-pass-1");

      CliRun run = publish(tls, "sqs", env, "--base-image", "scratch");

      assertEquals(0, run.exitCode(), run::toString);
      List<AuthProxy.Seen> seen = proxy.seen();
      assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("CONNECT") && s.target().equals(named(tls))),
          seen.toString());
      assertTrue(seen.stream().allMatch(s -> s.accepted() || s.proxyAuthorization().isEmpty()), seen.toString());
      assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD) || run.err().contains(ENCODED), run::toString);
    }
  }

  /** A password the proxy refuses, on a tunnel and on plain HTTP: one line, exit 4, the proxy named without it, nothing pushed. */
  @Test
  void aPasswordTheProxyRefusesIsOneLineNamingTheProxyWithoutIt() throws Exception {
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      String wrong = "not-the-pr0xy-pass";
      String fix = " (percent-encoded): export %s=http://USER:PASSWORD@127.0.0.1:" + proxy.port();
      Map<String, String> before = tls.storageSnapshot();

      CliRun tunnel = publish(tls, "kms", Map.of("HTTPS_PROXY", proxyUrl(proxy, wrong), "ACK_RELEASE_REGISTRY_USERNAME",
          "bob", "ACK_RELEASE_REGISTRY_PASSWORD", "registry-pass-1"), "--base-image", "scratch");

      assertEquals(4, tunnel.exitCode(), tunnel::toString);
      assertEquals("error: the proxy http://alice@127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) refused the user name and"
          + " password of its URL (HTTP 407) for a request to " + named(tls) + ": give it credentials the proxy takes"
          + fix.formatted("HTTPS_PROXY"), tunnel.errorLine());
      assertFalse(tunnel.out().contains(wrong) || tunnel.err().contains(wrong), tunnel::toString);
      assertEquals(before, tls.storageSnapshot(), "nothing pushed");
      // The JDK asks again after each 407 (20 tries): asked once, the refusal ends it, not retried either.
      assertEquals(List.of("CONNECT " + named(tls) + " false", "CONNECT " + named(tls) + " false"), proxy.seen().stream()
          .map(s -> s.method() + " " + s.target() + " " + s.accepted()).toList());
      assertEquals(List.of("", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8))),
          proxy.seen().stream().map(AuthProxy.Seen::proxyAuthorization).toList(), "asked first, then the URL's credentials");

      CliRun plainHttp = publish(plain, "ecr", Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port()), "--base-image", "scratch");

      assertEquals(4, plainHttp.exitCode(), plainHttp::toString);
      assertEquals("error: the proxy http://127.0.0.1:" + proxy.port() + " (HTTP_PROXY) asks for credentials (HTTP 407) for a"
          + " request to " + named(plain) + ": give them in its URL, as Go's tools read them" + fix.formatted("HTTP_PROXY"),
          plainHttp.errorLine());
    }
  }

  /**
   * The AWS SDK's ECR Public (GetAuthorizationToken, DescribeRepositories) and KMS (GetPublicKey,
   * Sign) clients through a proxy that asks for credentials: each call carries the URL's, as Go's
   * {@code net/http} sends them (up front on plain HTTP; the SDK streams its bodies, which a 407
   * could not send again), and the token opens the registry behind the same proxy.
   */
  @Test
  void theAwsSdkReachesEcrPublicThroughAProxyThatAsksForCredentials() throws Exception {
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD);
        RegistryServer registry = RegistryServer.plainWithAuth(shared.resolve("ecr-registry"), "AWS", "ecr-token-via-proxy");
        EcrPublicStub ecr = new EcrPublicStub();
        KmsStub kms = new KmsStub()) {
      ecr.token("AWS", "ecr-token-via-proxy", Instant.now().plusSeconds(43_200));
      ecr.repository("ses-controller", true);
      ecr.repository("ses-chart", true);
      String endpoint = "http://ecr.test:" + ecr.endpoint().getPort();
      String kmsEndpoint = "http://kms.test:" + kms.endpoint().getPort();
      Map<String, String> env = Map.of("HTTP_PROXY", proxyUrl(proxy, ENCODED), "HTTPS_PROXY", proxyUrl(proxy, ENCODED),
          "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", endpoint, "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", named(registry),
          "ACK_RELEASE_KMS_ENDPOINT", kmsEndpoint,
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AWS_REGION", "eu-west-1", "AWS_EC2_METADATA_DISABLED", "true");

      CliRun run = publish(registry, "ses", env, "--base-image", "scratch", "--sign-key", "awskms:///" + KmsStub.KEY_ARN);

      assertEquals(0, run.exitCode(), () -> run + "\n" + proxy.seen());
      List<AuthProxy.Seen> seen = proxy.seen();
      for (String operation : List.of("GetAuthorizationToken", "DescribeRepositories")) {
        ecr.server().verify(EcrPublicStub.requested(operation));
      }
      assertEquals(4, kms.signs(), "KMS signed the image index, the chart, the SBOM and the provenance");
      for (String target : List.of(endpoint + "/", kmsEndpoint + "/")) {
        assertTrue(seen.stream().anyMatch(s -> s.accepted() && s.method().equals("POST") && s.target().equals(target)),
            "the SDK's calls to " + target + ", through the proxy with the URL's credentials: " + seen);
      }
      assertTrue(seen.stream().allMatch(s -> s.accepted() || s.proxyAuthorization().isEmpty()), seen.toString());
      assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD) || run.err().contains(ENCODED), run::toString);
      assertFalse(run.err().contains("ecr-token-via-proxy"), run::toString);

      // A password the proxy refuses: the SDK's first call is the run's end, one line, asked once (not retried).
      String wrong = "not-the-pr0xy-pass";
      Map<String, String> refusedEnv = new HashMap<>(env);
      refusedEnv.put("HTTP_PROXY", proxyUrl(proxy, wrong));
      refusedEnv.put("ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", registry.address()); // a loopback address: the registry goes direct
      int before = proxy.seen().size();

      CliRun refused = publishDirect(registry, "ssm", refusedEnv);

      assertEquals(4, refused.exitCode(), refused::toString);
      assertEquals("error: the proxy http://alice@127.0.0.1:" + proxy.port() + " (HTTP_PROXY) refused the user name and password"
          + " of its URL (HTTP 407) for a request to " + endpoint.substring("http://".length()) + ": give it credentials the proxy"
          + " takes (percent-encoded): export HTTP_PROXY=http://USER:PASSWORD@127.0.0.1:" + proxy.port(), refused.errorLine());
      assertEquals(1, proxy.seen().size() - before, () -> proxy.seen().subList(before, proxy.seen().size()).toString());
      assertFalse(refused.out().contains(wrong) || refused.err().contains(wrong), refused::toString);
    }
  }

  /**
   * ECR Public in HTTPS through HTTPS_PROXY (and HTTP_PROXY set too, as users set both): the
   * tunnel's CONNECT carries the URL's credentials, and no request through it does, so AWS never
   * gets the proxy's password. (The SDK's own proxy settings read HTTP_PROXY for an https
   * endpoint too, and sent the URL's password, not percent-decoded, in a header through the tunnel.)
   */
  @Test
  void theAwsSdkTunnelsToAnHttpsEndpointAndSendsTheProxysCredentialsOnlyToTheProxy() throws Exception {
    String token = Base64.getEncoder().encodeToString("AWS:ecr-token-over-tls".getBytes(StandardCharsets.UTF_8));
    List<String> proxyHeaders = new CopyOnWriteArrayList<>();
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD);
        RegistryServer registry = RegistryServer.plainWithAuth(shared.resolve("ecr-tls-registry"), "AWS", "ecr-token-over-tls");
        TlsServer ecr = TlsServer.start(shared.resolve("ecr-tls"), "DNS:ecr.test", exchange -> {
          proxyHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Proxy-Authorization")));
          byte[] body = ("{\"authorizationData\":{\"authorizationToken\":\"" + token + "\",\"expiresAt\":"
              + Instant.now().plusSeconds(43_200).getEpochSecond() + "}}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        })) {
      String ecrHost = "ecr.test:" + ecr.address().substring(ecr.address().lastIndexOf(':') + 1);
      Map<String, String> env = Map.of("HTTPS_PROXY", proxyUrl(proxy, ENCODED), "HTTP_PROXY", proxyUrl(proxy, ENCODED),
          "SSL_CERT_FILE", ecr.ca().toString(), "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", "https://" + ecrHost,
          "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", registry.address(),
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AWS_REGION", "eu-west-1", "AWS_EC2_METADATA_DISABLED", "true");

      CliRun run = publishDirect(registry, "sfn", env);

      assertEquals(0, run.exitCode(), () -> run + "\n" + proxy.seen());
      assertEquals(List.of("null"), proxyHeaders, "GetAuthorizationToken reached ECR Public without the proxy's credentials");
      assertTrue(proxy.seen().stream().anyMatch(s -> s.accepted() && s.method().equals("CONNECT") && s.target().equals(ecrHost)),
          proxy.seen().toString());
      assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD) || run.err().contains(ENCODED), run::toString);
    }
  }

  /** A publish to {@code registry} named by its loopback address (direct), whose repositories exist. */
  CliRun publishDirect(RegistryServer registry, String service, Map<String, String> env) {
    GitFixture repo = SampleController.create(tmp, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registry.address() + "/ack");
    return Jar.run(home, env, "publish", "--controller-dir", repo.dir().toString(), "--registry", registry.address() + "/ack",
        "--insecure-registry", registry.address(), "--cache-dir", cache.toString(), "--platforms", "linux/amd64",
        "--base-image", "scratch", "--no-create-repositories");
  }
}
