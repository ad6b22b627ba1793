package dev.ackrelease.steps.io;

import static dev.ackrelease.testing.ThreadProxies.through;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.AuthProxy;
import dev.ackrelease.testing.FullAcceptQueue;
import dev.ackrelease.testing.TlsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The AWS SDK's client for ECR Public and KMS ({@link AwsHttp}) against real servers on 127.0.0.1:
 * the CA file's trust, the environment's proxy with its URL's credentials, a proxy's refusal as
 * the one line of {@link ProxyRefusals}, and the 10 s connect time-out (the SDK sets none on a
 * connection it is handed).
 */
class AwsHttpTest {

  static final String USER = "alice";
  static final String PASSWORD = "pw-aws-http-8163";

  @TempDir Path tmp;

  static int get(SdkHttpClient client, URI uri) throws IOException {
    HttpExecuteRequest request = HttpExecuteRequest.builder()
        .request(SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.GET).build()).build();
    return client.prepareRequest(request).call().httpResponse().statusCode();
  }

  @Test
  void anHttpsEndpointIsTrustedThroughTheCaFile() throws Exception {
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls"), "IP:127.0.0.1", TlsServer.ok())) {
      URI uri = URI.create("https://" + tls.address() + "/");
      assertEquals(200, get(AwsHttp.create(Optional.of(tls.ca()), SystemRoots.JVM), uri));
      assertEquals(200, get(AwsHttp.create(Optional.of(tls.ca()), SystemRoots.JVM), uri), "again: the same trust");
      assertThrows(IOException.class, () -> get(AwsHttp.create(Optional.empty(), SystemRoots.JVM), uri), "the JVM's CAs alone");
    }
  }

  /** Through HTTP_PROXY with its URL's credentials; without them, or refused, the one line of exit 4, without the password. */
  @Test
  void theProxyGetsItsUrlsCredentialsAndARefusalIsOneLine() throws Exception {
    HttpServer aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    aws.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    aws.start();
    try (AuthProxy proxy = new AuthProxy(USER, PASSWORD)) {
      URI uri = URI.create("http://kms.test:" + aws.getAddress().getPort() + "/");
      SdkHttpClient client = AwsHttp.create(Optional.empty(), SystemRoots.JVM);
      String at = "127.0.0.1:" + proxy.port();
      assertEquals(200, (int) through(Map.of("HTTP_PROXY", "http://" + USER + ":" + PASSWORD + "@" + at), () -> get(client, uri)));
      assertTrue(proxy.seen().get(proxy.seen().size() - 1).accepted(), proxy.seen().toString());

      ReleaseException none = assertThrows(ReleaseException.class, () -> through(Map.of("HTTP_PROXY", "http://" + at),
          () -> get(client, uri)));
      assertEquals(ReleaseException.Kind.REMOTE, none.kind());
      assertTrue(none.getMessage().startsWith("the proxy http://" + at + " (HTTP_PROXY) asks for credentials (HTTP 407)"),
          none.getMessage());

      URI https = URI.create("https://kms.test:" + aws.getAddress().getPort() + "/");
      ReleaseException refused = assertThrows(ReleaseException.class, () -> through(Map.of("HTTPS_PROXY", "http://" + USER
          + ":wrong-password-3@" + at), () -> get(client, https)));
      assertEquals(ReleaseException.Kind.REMOTE, refused.kind());
      assertTrue(refused.getMessage().startsWith("the proxy http://alice@" + at + " (HTTPS_PROXY) refused the user name and"
          + " password of its URL (HTTP 407)"), refused.getMessage());
      assertFalse(refused.getMessage().contains("wrong-password-3"), refused.getMessage());
    } finally {
      aws.stop(0);
    }
  }

  /** An endpoint whose queue of connections is full answers no {@code SYN}: given up after 10 s, not the system's two minutes. */
  @Test
  void anEndpointThatTakesNoConnectionIsGivenUpAfterTheConnectTimeOut() throws Exception {
    try (FullAcceptQueue full = new FullAcceptQueue()) {
      SdkHttpClient client = AwsHttp.create(Optional.empty(), SystemRoots.JVM);
      URI uri = URI.create("http://127.0.0.1:" + full.port() + "/");
      long start = System.nanoTime();
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class, () -> get(client, uri)));
      long waited = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e instanceof SocketTimeoutException, e.toString());
      assertTrue(waited >= AwsHttp.CONNECT_TIMEOUT_MS - 1_000 && waited < AwsHttp.CONNECT_TIMEOUT_MS + 5_000, waited + " ms");
    }
  }
}
