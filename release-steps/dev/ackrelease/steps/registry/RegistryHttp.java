package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.ProxiedConnections;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP for one registry, on {@link HttpURLConnection}: blocking calls on the caller's thread, so
 * nothing is left waiting in native code when the run ends. (On JDK 17, a JVM that used
 * {@code java.net.http.HttpClient} spends ~0.3 s in exit: its selector thread sits in
 * {@code epoll_wait}, and the VM waits for threads in native code before it exits.) Connect
 * time-out 10 s, a time-out per write of a body ({@link UploadWatchdog}) and for the whole
 * answer ({@link RequestDeadline}), the registry's own TLS (a CA, or no verification
 * for a host named insecure), the environment's proxy with the credentials of its URL as Go sends
 * them ({@link ProxiedConnections}; a proxy that refuses them is {@link ProxyRefusal}), and
 * redirects followed by hand: the {@code Authorization} header
 * goes only to the origin it was meant for (blob downloads redirect to storage elsewhere).
 */
final class RegistryHttp {

  /** A request body: its bytes, opened once per attempt, and their length. */
  record Body(Supplier<InputStream> content, long length) {
    static Body of(byte[] bytes) {
      return new Body(() -> new ByteArrayInputStream(bytes), bytes.length);
    }
  }

  /** The status, the headers (names in lower case) and the body (empty for HEAD). */
  record Response(int status, Map<String, String> headers, byte[] body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int MAX_REDIRECTS = 5;

  private final Supplier<Optional<SSLContext>> ssl;
  private final boolean anyHostname;
  private final ChunkedHttp chunked;
  /** The TLS sockets of every https request, made at the first ({@link AbortableTls}): one factory, so connections are reused. */
  private volatile SSLSocketFactory tls;
  /** Every request's connection, through its proxy (one answer to a proxy's 407 for all, so their connections are reused). */
  private final ProxiedConnections connections = new ProxiedConnections();

  /** {@code ssl} empty: the JVM's default trust; {@code anyHostname} for a host named insecure. */
  RegistryHttp(Optional<SSLContext> ssl, boolean anyHostname) {
    this(() -> ssl, anyHostname);
  }

  /** As above, the TLS context made by {@code ssl} at the first https request (none for plain HTTP), once. */
  RegistryHttp(Supplier<Optional<SSLContext>> ssl, boolean anyHostname) {
    AtomicReference<Optional<SSLContext>> made = new AtomicReference<>();
    this.ssl = () -> {
      synchronized (made) {
        if (made.get() == null) {
          made.set(ssl.get());
        }
        return made.get();
      }
    };
    this.anyHostname = anyHostname;
    this.chunked = new ChunkedHttp(this.ssl, anyHostname);
  }

  /**
   * A {@code PATCH} of a body streamed as it comes, its length unknown ({@link ChunkedHttp}); a
   * redirect is returned. {@code timeout} bounds each write of the body, {@code answerTimeout}
   * the answer once the body is sent.
   */
  Response patchStreamed(URI uri, Map<String, String> headers, InputStream body, Duration timeout, Duration answerTimeout)
      throws IOException {
    return chunked.patch(uri, headers, body, timeout, answerTimeout);
  }

  /** One request; reads (GET, HEAD) follow redirects, writes return them to the caller. */
  Response send(String method, URI uri, Map<String, String> headers, Body body, Duration timeout) throws IOException {
    return send(method, uri, headers, body, timeout, timeout);
  }

  /**
   * One request whose body may take long to send and its answer longer ({@code answerTimeout}):
   * each write of the body must go within {@code timeout} ({@link UploadWatchdog}), however many
   * writes there are, and the answer must come in full within {@code answerTimeout} of the last.
   */
  Response send(String method, URI uri, Map<String, String> headers, Body body, Duration timeout, Duration answerTimeout)
      throws IOException {
    URI current = uri;
    Map<String, String> currentHeaders = new LinkedHashMap<>(headers);
    boolean read = method.equals("GET") || method.equals("HEAD");
    int redirectedBy = 0;
    for (int redirects = 0; ; redirects++) {
      Response r;
      try {
        r = once(method, current, currentHeaders, body, timeout, answerTimeout);
      } catch (IOException e) {
        if (redirectedBy == 0) {
          throw e;
        }
        throw new RedirectedElsewhere(current, redirectedBy, e);
      }
      boolean redirect = r.status() == 301 || r.status() == 302 || r.status() == 303 || r.status() == 307 || r.status() == 308;
      if (!read || !redirect || r.header("Location").isEmpty() || redirects >= MAX_REDIRECTS) {
        return r;
      }
      URI next = redirectTarget(current, r);
      if (!sameOrigin(current, next)) {
        currentHeaders.remove("Authorization");
      }
      current = next;
      redirectedBy = r.status();
    }
  }

  /** One {@code GET} that follows no redirect: a probe of what answers at {@code uri} itself. */
  Response getUnfollowed(URI uri, Duration timeout) throws IOException {
    return once("GET", uri, Map.of(), null, timeout, timeout);
  }

  private Response once(String method, URI uri, Map<String, String> headers, Body body, Duration timeout, Duration answerTimeout)
      throws IOException {
    HttpURLConnection c = connections.open(uri);
    if (c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls());
      if (anyHostname) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, answerTimeout.toMillis()));
    c.setRequestMethod(method);
    c.setUseCaches(false);
    c.setRequestProperty("User-Agent", ToolVersion.userAgent());
    headers.forEach(c::setRequestProperty);
    boolean sends = body != null || method.equals("POST") || method.equals("PUT");
    if (sends) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body == null ? 0 : body.length());
    }
    try {
      c.connect(); // within the connect time-out
    } catch (IOException e) {
      throw ProxyRefusal.check(uri, e);
    }
    try (UploadWatchdog watchdog = UploadWatchdog.start(c::disconnect, timeout)) {
      try {
        if (body != null) {
          // As fast as the link takes it (a large blob on a slow one), each write within the time-out.
          try (InputStream in = body.content().get(); OutputStream out = watchdog.watch(c.getOutputStream())) {
            in.transferTo(out);
          }
        } else if (sends) {
          c.getOutputStream().close();
        }
      } catch (IOException e) {
        throw watchdog.failure(e);
      } catch (RuntimeException e) {
        throw watchdog.failure(RequestDeadline.rethrowUnlessClosed(e, watchdog.expired()));
      }
      try (RequestDeadline deadline = RequestDeadline.start(c, answerTimeout)) {
        try {
          return ProxyRefusal.check(uri, answer(c, method, deadline));
        } catch (IOException e) {
          throw deadline.failure(watchdog.failure(ProxyRefusal.check(uri, e)));
        } catch (RuntimeException e) {
          throw deadline.failure(watchdog.failure(RequestDeadline.rethrowUnlessClosed(e, deadline.expired() || watchdog.expired())));
        }
      }
    }
  }

  /** The TLS socket factory: the registry's CA (or the JVM's trust), its sockets closable under a blocked write. */
  private SSLSocketFactory tls() {
    SSLSocketFactory f = tls;
    if (f == null) {
      synchronized (this) {
        if (tls == null) {
          tls = new AbortableTls(ssl.get().map(SSLContext::getSocketFactory).orElseGet(HttpsURLConnection::getDefaultSSLSocketFactory));
        }
        f = tls;
      }
    }
    return f;
  }

  /**
   * The answer, in full within the request's time-out (the deadline), however its bytes trickle.
   * A body shorter than its {@code Content-Length} is a connection that ended early (which
   * {@link HttpURLConnection} reads as the body's end): an I/O failure, not the registry's bytes.
   */
  private static Response answer(HttpURLConnection c, String method, RequestDeadline deadline) throws IOException {
    int status = c.getResponseCode();
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
      if (h.getKey() != null && !h.getValue().isEmpty()) {
        responseHeaders.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
      }
    }
    byte[] bytes = new byte[0];
    if (!method.equals("HEAD")) {
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (in != null) {
        try (InputStream s = in) {
          bytes = deadline.watch(s).readAllBytes();
        }
        long declared = c.getContentLengthLong();
        if (declared > bytes.length && !"chunked".equalsIgnoreCase(c.getHeaderField("Transfer-Encoding"))) {
          throw new IOException("the answer ended after " + bytes.length + " of its " + declared + " bytes");
        }
      }
    }
    return new Response(status, responseHeaders, bytes);
  }

  /**
   * Where a redirect points, resolved against {@code from}: only an http(s) URL with a host is
   * followed; anything else ({@code file:}, {@code ftp:}, text no URI holds) is the registry's
   * failure with the redirect's status (not retried: it would answer the same).
   */
  private static URI redirectTarget(URI from, Response r) {
    String location = r.header("Location").orElseThrow();
    URI next;
    try {
      next = from.resolve(new URI(location));
    } catch (URISyntaxException e) {
      throw new RegistryFailure(r.status(), "its redirect to '" + Echo.value(location) + "' is not a URL");
    }
    if (!("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme())) || next.getHost() == null) {
      throw new RegistryFailure(r.status(), "its redirect to '" + Echo.value(location) + "' is not an http(s) URL");
    }
    return next;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
  }
}
