package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.EnvironmentProxies;
import dev.ackrelease.steps.io.ProxyUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcher;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultRoutePlanner;
import org.apache.http.util.EntityUtils;

/**
 * A {@code PATCH} whose body is streamed as it is produced (chunked transfer encoding, no length
 * known in advance): the one request {@link RegistryHttp}'s {@code HttpURLConnection} refuses to
 * send. Apache HttpClient 4.5 (on the class path through Jib) sends it, with RegistryHttp's rules:
 * the same TLS trust (a CA, or no verification for a host named insecure), connect time-out, a
 * time-out per write of the body and for the whole answer, User-Agent, the JVM's proxies (with
 * their URLs' credentials; a SOCKS proxy's sockets are {@link SocksSockets}), no redirect
 * followed and no retry of its own (the caller's retry rules apply). One connection per request,
 * closed with it: no thread is left.
 */
final class ChunkedHttp {

  /** The TLS context, made when first asked (an https request): empty for the JVM's default. */
  private final Supplier<Optional<SSLContext>> ssl;
  private final boolean anyHostname;

  ChunkedHttp(Supplier<Optional<SSLContext>> ssl, boolean anyHostname) {
    this.ssl = ssl;
    this.anyHostname = anyHostname;
  }

  /**
   * {@code PATCH uri} with {@code body} streamed to its end; the response as RegistryHttp gives it.
   * Each write of the body must go within {@code timeout} ({@link UploadWatchdog}), and the answer
   * come in full within {@code answerTimeout} of the last ({@link RequestDeadline}); either aborts
   * the request, a time-out.
   */
  RegistryHttp.Response patch(URI uri, Map<String, String> headers, InputStream body, Duration timeout, Duration answerTimeout)
      throws IOException {
    int readTimeout = (int) Math.min(Integer.MAX_VALUE, answerTimeout.toMillis());
    RequestConfig config = RequestConfig.custom().setConnectTimeout(RegistryHttp.CONNECT_TIMEOUT_MS).setConnectionRequestTimeout(RegistryHttp.CONNECT_TIMEOUT_MS)
        .setSocketTimeout(readTimeout).setRedirectsEnabled(false).build();
    HttpPatch patch = new HttpPatch(uri);
    patch.setConfig(config);
    headers.forEach(patch::setHeader);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    // The proxy's credentials as RegistryHttp sends them: up front on plain HTTP (the body cannot be
    // sent again after a 407), for a tunnel's CONNECT when the proxy asks; never through the tunnel.
    // A SOCKS proxy's are the JDK's handshake's to send (SocksSockets).
    Optional<ProxyUrl> through = EnvironmentProxies.current(uri);
    Optional<ProxyUrl> socks = through.filter(p -> p.proxy().type() == Proxy.Type.SOCKS);
    Optional<ProxyUrl> proxy = through.filter(p -> p.authorization().isPresent());
    if (proxy.isPresent() && !https) {
      patch.setHeader("Proxy-Authorization", proxy.get().authorization().get());
    }
    AtomicReference<RequestDeadline> answering = new AtomicReference<>();
    try (UploadWatchdog watchdog = UploadWatchdog.start(patch::abort, timeout)) {
      patch.setEntity(new Streamed(body, watchdog, () -> answering.set(RequestDeadline.start(patch::abort, answerTimeout))));
      try (CloseableHttpClient client = client(https, proxy, socks);
          CloseableHttpResponse response = client.execute(patch)) {
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (Header h : response.getAllHeaders()) {
          responseHeaders.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        HttpEntity answer = response.getEntity();
        byte[] bytes = answer == null ? new byte[0] : EntityUtils.toByteArray(answer);
        return ProxyRefusal.check(uri, new RegistryHttp.Response(response.getStatusLine().getStatusCode(), responseHeaders, bytes));
      } catch (IOException e) {
        ProxyRefusal.check(uri, e);
        RequestDeadline deadline = answering.get();
        throw deadline == null ? watchdog.failure(e) : deadline.failure(watchdog.failure(e));
      } finally {
        RequestDeadline deadline = answering.get();
        if (deadline != null) {
          deadline.close();
        }
      }
    }
  }

  /**
   * The body, chunked (no length: HttpClient's RequestContent sends an entity of length -1 with
   * {@code Transfer-Encoding: chunked}), written in blocks of 64 KiB (a chunk each;
   * InputStreamEntity's 4 KiB blocks cost a system call per 4 KiB on both ends of the stream).
   */
  private static final class Streamed extends AbstractHttpEntity {
    private final InputStream body;
    private final UploadWatchdog watchdog;
    private final Runnable sent;

    /** {@code sent} runs once the last byte of {@code body} went out (the answer's clock starts). */
    Streamed(InputStream body, UploadWatchdog watchdog, Runnable sent) {
      this.body = body;
      this.watchdog = watchdog;
      this.sent = sent;
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public InputStream getContent() {
      return body;
    }

    @Override
    public void writeTo(OutputStream socket) throws IOException {
      OutputStream out = watchdog.watch(socket);
      byte[] block = new byte[1 << 16];
      for (int n; (n = body.read(block)) >= 0; ) {
        out.write(block, 0, n);
      }
      out.flush(); // the last chunk sent under the watchdog too; HttpClient ends the stream after this
      sent.run();
    }

    @Override
    public boolean isStreaming() {
      return true;
    }
  }

  /**
   * A client for one request. Plain HTTP gets no TLS socket factory: the JVM's default context
   * (its trust store read and every certificate in it parsed, ~0.2 s of CPU in a fresh JVM) is
   * made only for an https URI, as no redirect is followed to another scheme.
   */
  private CloseableHttpClient client(boolean https, Optional<ProxyUrl> proxy, Optional<ProxyUrl> socks) throws IOException {
    RegistryBuilder<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
        .register("http", throughSocks(PlainConnectionSocketFactory.getSocketFactory(), socks));
    if (https) {
      SSLContext context;
      try {
        Optional<SSLContext> own = ssl.get();
        context = own.isPresent() ? own.get() : SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("no TLS in this JVM: " + e.getMessage(), e);
      }
      schemes.register("https", throughSocks(new SSLConnectionSocketFactory(context, anyHostname ? NoopHostnameVerifier.INSTANCE
          : new DefaultHostnameVerifier()), socks));
    }
    BasicHttpClientConnectionManager connections = new BasicHttpClientConnectionManager(schemes.build(), null, null,
        socks.isPresent() ? SocksSockets.UNRESOLVED : null);
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    proxy.ifPresent(p -> credentials.setCredentials(new AuthScope(p.host(), p.port()),
        new UsernamePasswordCredentials(p.user().orElseThrow(), p.password())));
    return HttpClients.custom().setConnectionManager(connections).setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
        .setDefaultCredentialsProvider(credentials)
        .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression()
        .disableAuthCaching().setUserAgent(ToolVersion.userAgent())
        // Cookies are off: no need for the public suffix list the builder would otherwise parse.
        .setPublicSuffixMatcher(new PublicSuffixMatcher(List.of(), List.of())).build();
  }

  private static ConnectionSocketFactory throughSocks(ConnectionSocketFactory sockets, Optional<ProxyUrl> socks) {
    return socks.isPresent() ? new SocksSockets(socks.get().proxy(), sockets) : sockets;
  }
}
