package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.EcrPublicStub;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.SocksProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries and the AWS APIs behind a SOCKS5 proxy that asks for a user name and password
 * (RFC 1929), given as Go's tools take them: in the proxy's URL
 * ({@code HTTPS_PROXY=socks5://USER:PASSWORD@HOST:PORT}). Go's {@code net/http} sends them in the
 * handshake ({@code socks_bundle.go}, set up by {@code transport.go}'s {@code dialConn}), so crane,
 * cosign and skopeo get through; ack-release sent the JDK's fallback (the local login name and no
 * password), and its streamed uploads did not go through the proxy at all. The
 * registry and the APIs are named by hosts no resolver knows ({@code registry.test}): only the
 * proxy reaches them (at 127.0.0.1), so whatever went around it would fail. A password the proxy
 * refuses is one line, exit 4, naming the proxy without it.
 */
class SocksProxyIT {

  static final String USER = "carol";
  /** With characters a URL must percent-encode, as Go's url.Parse decodes them. */
  static final String PASSWORD = "s0cks:p@ss/w";
  static final String ENCODED = "s0cks%3Ap%40ss%2Fw";
  static final String TOKEN = "ecr-token-via-socks";

  @TempDir static Path shared;
  static RegistryServer tls;
  static RegistryServer plain;
  static Path home;
  static Path cache;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistries() throws Exception {
    tls = RegistryServer.tlsWithAuth(shared.resolve("tls"), "AWS", TOKEN);
    plain = RegistryServer.plain(shared.resolve("plain"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
  }

  @AfterAll
  static void stopRegistries() {
    tls.close();
    plain.close();
  }

  static String named(RegistryServer registry) {
    return "registry.test:" + registry.address().substring(registry.address().lastIndexOf(':') + 1);
  }

  static String socksUrl(SocksProxy proxy, String userinfo) {
    return "socks5://" + userinfo + "127.0.0.1:" + proxy.port();
  }

  CliRun publish(RegistryServer registry, String service, Map<String, String> env, String... extra) {
    GitFixture repo = SampleController.create(tmp, service);
    String host = named(registry);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", host + "/ack");
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry",
        host + "/ack", "--insecure-registry", host, "--cache-dir", cache.toString(), "--platforms", "linux/amd64"));
    if (!List.of(extra).contains("--base-image")) {
      args.addAll(List.of("--base-image", "scratch"));
    }
    args.addAll(List.of(extra));
    return Jar.run(home, env, args.toArray(String[]::new));
  }

  static void assertNoPassword(CliRun run, String password) {
    assertFalse(run.out().contains(password) || run.err().contains(password), run::toString);
  }

  /**
   * Every client through the proxy, each connection's handshake with the URL's user name and
   * password: the registry client over TLS, its streamed uploads, and the AWS SDK's ECR Public
   * (the token that opens the registry) and KMS (the signatures) clients in plain HTTP.
   */
  @Test
  void everyClientGoesThroughASocksProxyWithTheUrlsUserAndPassword() throws Exception {
    try (SocksProxy proxy = new SocksProxy(USER, PASSWORD);
        EcrPublicStub ecr = new EcrPublicStub();
        KmsStub kms = new KmsStub()) {
      ecr.token("AWS", TOKEN, Instant.now().plusSeconds(43_200));
      ecr.repository("mq-controller", true);
      ecr.repository("mq-chart", true);
      String ecrHost = "ecr.test:" + ecr.endpoint().getPort();
      String kmsHost = "kms.test:" + kms.endpoint().getPort();
      Map<String, String> env = Map.of("HTTPS_PROXY", socksUrl(proxy, USER + ":" + ENCODED + "@"),
          "HTTP_PROXY", socksUrl(proxy, USER + ":" + ENCODED + "@"),
          "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", "http://" + ecrHost, "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", named(tls),
          "ACK_RELEASE_KMS_ENDPOINT", "http://" + kmsHost, "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_EC2_METADATA_DISABLED", "true");
      int patches = (int) tls.requests().stream().filter(r -> r.startsWith("PATCH ")).count();

      CliRun run = publish(tls, "mq", env, "--sign-key", "awskms:///" + KmsStub.KEY_ARN);

      assertEquals(0, run.exitCode(), () -> run + "\n" + proxy.handshakes());
      List<SocksProxy.Handshake> handshakes = proxy.handshakes();
      assertTrue(handshakes.stream().allMatch(h -> h.methods().equals("0002") && h.user().equals(USER)
          && h.password().equals(PASSWORD) && h.accepted()), handshakes.toString());
      for (String target : List.of(named(tls), ecrHost, kmsHost)) {
        assertTrue(handshakes.stream().anyMatch(h -> h.target().equals(target)), target + " through the proxy: " + handshakes);
      }
      ecr.server().verify(EcrPublicStub.requested("GetAuthorizationToken"));
      assertEquals(4, kms.signs(), "KMS signed the image index, the chart, the SBOM and the provenance");
      assertTrue(tls.requests().stream().filter(r -> r.startsWith("PATCH ")).count() > patches,
          "a streamed upload, through the proxy (the registry has no other way in): " + tls.requests());
      assertNoPassword(run, PASSWORD);
      assertNoPassword(run, ENCODED);
      assertNoPassword(run, TOKEN);
    }
  }

  /** Plain HTTP through a SOCKS proxy: the requests go as to the registry itself, the streamed upload too. */
  @Test
  void aPlainRegistryIsReachedThroughASocksProxy() throws Exception {
    try (SocksProxy proxy = new SocksProxy(USER, PASSWORD)) {
      int patches = (int) plain.requests().stream().filter(r -> r.startsWith("PATCH ")).count();

      CliRun run = publish(plain, "mwaa", Map.of("HTTP_PROXY", socksUrl(proxy, USER + ":" + ENCODED + "@")));

      assertEquals(0, run.exitCode(), () -> run + "\n" + proxy.handshakes());
      assertTrue(proxy.handshakes().stream().allMatch(h -> h.accepted() && h.target().equals(named(plain))),
          proxy.handshakes().toString());
      assertTrue(plain.requests().stream().filter(r -> r.startsWith("PATCH ")).count() > patches, plain.requests().toString());
      assertNoPassword(run, PASSWORD);
    }
  }

  /**
   * Jib's pull of a base image through the SOCKS proxy both variables name: its HTTP client makes
   * its own sockets, which ask the JVM's selector for {@code socket://HOST:PORT}. Its client looks
   * the host up here first (only the proxy's address is given by name to the proxy), so the test
   * names the registry in a hosts file of the JVM's own, at an address (TEST-NET-1) nothing answers
   * on: only the proxy reaches the registry, at 127.0.0.1.
   */
  @Test
  void jibPullsTheBaseImageThroughTheSocksProxyBothVariablesName() throws Exception {
    String base = BaseImages.push(plain, shared.resolve("base"), "ack/base", "v1", "socks base\n");
    Path hosts = Files.writeString(tmp.resolve("hosts"), "192.0.2.1 registry.test\n127.0.0.1 localhost\n");
    try (SocksProxy proxy = new SocksProxy(USER, PASSWORD)) {
      Map<String, String> env = Map.of("HTTPS_PROXY", socksUrl(proxy, USER + ":" + ENCODED + "@"),
          "HTTP_PROXY", socksUrl(proxy, USER + ":" + ENCODED + "@"), "JDK_JAVA_OPTIONS", "-Djdk.net.hosts.file=" + hosts);
      int before = plain.requests().size();

      CliRun run = publish(plain, "elbv2", env, "--base-image", base.replace(plain.address(), named(plain)));

      assertEquals(0, run.exitCode(), () -> run + "\n" + proxy.handshakes());
      List<String> requests = plain.requests();
      List<String> agents = plain.userAgents();
      boolean jibPulled = false;
      for (int i = before; i < requests.size(); i++) {
        jibPulled |= requests.get(i).startsWith("GET /v2/ack/base/blobs/") && agents.get(i).startsWith("jib ");
      }
      assertTrue(jibPulled, "Jib's pull of the base's layers, through the proxy (nothing else reaches the registry): " + requests);
      assertTrue(proxy.handshakes().stream().allMatch(h -> h.accepted() && h.user().equals(USER) && h.password().equals(PASSWORD)),
          proxy.handshakes().toString());
      assertNoPassword(run, PASSWORD);
      assertNoPassword(run, ENCODED);
    }
  }

  /**
   * A password the proxy refuses: one line, exit 4, the proxy named without it, nothing pushed; sent
   * once, as Go sends it (the same password is refused every time; the JDK connects to a proxy its
   * selector chose a second time when the first connection fails). A URL without a user: the
   * proxy's question named, and no local login name sent in its place.
   */
  @Test
  void aPasswordTheSocksProxyRefusesIsOneLineNamingTheProxyWithoutIt() throws Exception {
    try (SocksProxy proxy = new SocksProxy(USER, PASSWORD)) {
      String wrong = "not-the-s0cks-pass";
      String fix = " (percent-encoded): export HTTPS_PROXY=socks5://USER:PASSWORD@127.0.0.1:" + proxy.port();
      Map<String, String> before = tls.storageSnapshot();

      CliRun refused = publish(tls, "iot", Map.of("HTTPS_PROXY", socksUrl(proxy, USER + ":" + wrong + "@"),
          "ACK_RELEASE_REGISTRY_USERNAME", "AWS", "ACK_RELEASE_REGISTRY_PASSWORD", TOKEN));

      assertEquals(4, refused.exitCode(), refused::toString);
      assertEquals("error: the SOCKS proxy socks5://carol@127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) refused the user name"
          + " and password of its URL for a connection to " + named(tls) + ": give it credentials the proxy takes" + fix,
          refused.errorLine());
      assertNoPassword(refused, wrong);
      assertEquals(before, tls.storageSnapshot(), "nothing pushed");
      assertEquals(List.of(new SocksProxy.Handshake("0002", USER, wrong, false, "")), proxy.handshakes(), "asked once");

      CliRun noUser = publish(tls, "eks", Map.of("HTTPS_PROXY", socksUrl(proxy, ""), "ACK_RELEASE_REGISTRY_USERNAME", "AWS",
          "ACK_RELEASE_REGISTRY_PASSWORD", TOKEN));

      assertEquals(4, noUser.exitCode(), noUser::toString);
      assertEquals("error: the SOCKS proxy socks5://127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) asks for a user name and"
          + " password for a connection to " + named(tls) + ": give them in its URL, as Go's tools read them" + fix,
          noUser.errorLine());
      assertEquals(new SocksProxy.Handshake("0002", "", "", false, ""), proxy.handshakes().get(1), "no login name in its place");
    }
  }

  /** The AWS SDK's refused password is the same line, sent once: neither the SDK nor ack-release retries it. */
  @Test
  void aPasswordTheSocksProxyRefusesToTheAwsSdkIsOneLine() throws Exception {
    try (SocksProxy proxy = new SocksProxy(USER, PASSWORD);
        EcrPublicStub ecr = new EcrPublicStub()) {
      String wrong = "not-the-s0cks-pass";
      String ecrHost = "ecr.test:" + ecr.endpoint().getPort();
      GitFixture repo = SampleController.create(tmp, "emr");
      PublishIT.prepareAndTag(repo, "emr", "v0.1.0", tls.address() + "/ack");
      // The registry by its loopback address, which goes direct: only ECR Public's API is behind the proxy.
      Map<String, String> env = Map.of("HTTP_PROXY", socksUrl(proxy, USER + ":" + wrong + "@"),
          "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", "http://" + ecrHost, "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", tls.address(),
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AWS_EC2_METADATA_DISABLED", "true");

      CliRun refused = Jar.run(home, env, "publish", "--controller-dir", repo.dir().toString(), "--registry",
          tls.address() + "/ack", "--insecure-registry", tls.address(), "--cache-dir", cache.toString(), "--platforms",
          "linux/amd64", "--base-image", "scratch", "--no-create-repositories");

      assertEquals(4, refused.exitCode(), refused::toString);
      assertEquals("error: the SOCKS proxy socks5://carol@127.0.0.1:" + proxy.port() + " (HTTP_PROXY) refused the user name"
          + " and password of its URL for a connection to " + ecrHost + ": give it credentials the proxy takes (percent-encoded):"
          + " export HTTP_PROXY=socks5://USER:PASSWORD@127.0.0.1:" + proxy.port(), refused.errorLine());
      assertEquals(List.of(new SocksProxy.Handshake("0002", USER, wrong, false, "")), proxy.handshakes(), "asked once");
      assertNoPassword(refused, wrong);
    }
  }
}
