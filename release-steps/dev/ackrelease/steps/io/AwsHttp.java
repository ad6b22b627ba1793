package dev.ackrelease.steps.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The AWS SDK's HTTP client for ECR Public and KMS: the SDK's own on {@link HttpURLConnection},
 * each request through the proxy {@code HTTPS_PROXY} or {@code HTTP_PROXY} names for its endpoint,
 * with the credentials of the proxy's URL, as the registries' ({@link ProxiedConnections}: Go's
 * rules, an HTTP proxy's {@code Proxy-Authorization}, a SOCKS5 proxy's handshake). The SDK's own
 * proxy settings are not used: they read {@code HTTP_PROXY} for every endpoint (an https one
 * too) from the process's environment, send its URL's password as written (not percent-decoded),
 * read {@code NO_PROXY} their own way, and send the credentials as a header of the request, which
 * through a tunnel goes on to AWS. A proxy that refuses the credentials is thrown through the SDK
 * as the one line of {@link ProxyRefusals}, not retried by it. Connect time-out 10 s, 60 s for
 * each read; the trust of {@code roots} and {@code caFile}, made at the first https request.
 */
public final class AwsHttp implements SdkHttpClient {

  static final int CONNECT_TIMEOUT_MS = 10_000;
  static final int READ_TIMEOUT_MS = 60_000;

  private final SdkHttpClient sdk;

  private AwsHttp(SdkHttpClient sdk) {
    this.sdk = sdk;
  }

  /** A client trusting the JVM's CAs, or {@code roots} ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}), and {@code caFile}. */
  public static SdkHttpClient create(Optional<Path> caFile, SystemRoots roots) {
    ProxiedConnections connections = new ProxiedConnections();
    SSLSocketFactory[] tls = new SSLSocketFactory[1];
    return new AwsHttp(UrlConnectionHttpClient.create(uri -> {
      HttpURLConnection c;
      try {
        c = connections.open(uri);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (c instanceof HttpsURLConnection https) {
        synchronized (tls) {
          if (tls[0] == null) {
            tls[0] = TlsTrust.sslContext(roots, caFile).map(SSLContext::getSocketFactory)
                .orElseGet(HttpsURLConnection::getDefaultSSLSocketFactory);
          }
          https.setSSLSocketFactory(tls[0]);
        }
      }
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      return c;
    }));
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = sdk.prepareRequest(request);
    URI target = request.httpRequest().getUri();
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        HttpExecuteResponse response;
        try {
          response = prepared.call();
        } catch (IOException e) {
          throw ProxyRefusals.of(target, e).orElseThrow(() -> e);
        }
        if (response.httpResponse().statusCode() == 407) {
          if (response.responseBody().isPresent()) {
            response.responseBody().get().close();
          }
          throw ProxyRefusals.refused(target);
        }
        return response;
      }

      @Override
      public void abort() {
        prepared.abort();
      }
    };
  }

  @Override
  public String clientName() {
    return sdk.clientName();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
