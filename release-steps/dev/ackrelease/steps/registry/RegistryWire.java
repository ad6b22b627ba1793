package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a {@link RegistrySession}'s requests go out: each with the credentials the login flow gives
 * for its repository (an anonymous token where a public registry asks for one), each call under
 * the shared retry rules, and what was sent counted per repository (body bytes of every attempt,
 * and retries), which the report's rows read.
 */
final class RegistryWire {

  private final RegistryAccess access;
  private final Log log;
  private final Retry.Policy retry;
  private final RegistryHttp http;
  private final RegistryTokens tokens;

  RegistryWire(RegistryAccess access, Log log, Retry.Policy retry, RegistryHttp http, RegistryTokens tokens) {
    this.access = access;
    this.log = log;
    this.retry = retry;
    this.http = http;
    this.tokens = tokens;
  }

  /**
   * Sends a request with the credentials the login flow gives for {@code ref}'s repository. A
   * registry that answers an anonymous request with a Bearer challenge (public pulls from ECR
   * Public) gets the anonymous token it asks for, and the request is sent once more.
   */
  RegistryHttp.Response exchange(String method, URI uri, Map<String, String> headers, RegistryHttp.Body body,
      Duration timeout, String ref) throws IOException {
    return exchange(method, uri, headers, body, timeout, timeout, ref);
  }

  /** {@link #exchange} of an upload: each write of {@code body} within {@code timeout}, the answer within {@code answerTimeout}. */
  RegistryHttp.Response exchange(String method, URI uri, Map<String, String> headers, RegistryHttp.Body body,
      Duration timeout, Duration answerTimeout, String ref) throws IOException {
    String auth = tokens.authHeader(repositoryOf(ref));
    Map<String, String> sent = withAuth(headers, auth);
    if (body != null) {
      RegistryHttp.Body original = body;
      body = new RegistryHttp.Body(() -> counted(original.content().get(), ref), original.length());
    }
    RegistryHttp.Response response = http.send(method, uri, sent, body, timeout, answerTimeout);
    if (response.status() == 401 && auth == null) {
      Optional<String> anonymous = tokens.anonymousToken(response.header("WWW-Authenticate").orElse(""));
      if (anonymous.isPresent()) {
        sent.put("Authorization", anonymous.get());
        response = http.send(method, uri, sent, body, timeout, answerTimeout);
      }
    }
    return response;
  }

  /**
   * A {@code PATCH} of {@code body} streamed as it comes ({@link RegistryHttp#patchStreamed}), with
   * the credentials for {@code ref}'s repository, its bytes counted as every request's. Sent once:
   * the stream cannot be replayed within the request.
   */
  RegistryHttp.Response patchStreamed(URI uri, Map<String, String> headers, InputStream body, Duration timeout,
      Duration answerTimeout, String ref) throws IOException {
    Map<String, String> sent = withAuth(headers, tokens.authHeader(repositoryOf(ref)));
    try (InputStream in = counted(body, ref)) {
      return http.patchStreamed(uri, sent, in, timeout, answerTimeout);
    }
  }

  /** {@code headers} and, when there is one ({@code auth} not null), the {@code Authorization} header; a copy to add to. */
  private static Map<String, String> withAuth(Map<String, String> headers, String auth) {
    Map<String, String> sent = new LinkedHashMap<>(headers);
    if (auth != null) {
      sent.put("Authorization", auth);
    }
    return sent;
  }

  private InputStream counted(InputStream in, String ref) {
    Traffic t = traffic(ref);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          t.bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          t.bytes.addAndGet(n);
        }
        return n;
      }
    };
  }

  /** What this run sent to one repository: body bytes (every attempt's, also of failed ones) and retries. */
  private static final class Traffic {
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger retries = new AtomicInteger();
  }

  private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();

  private Traffic traffic(String ref) {
    return traffic.computeIfAbsent(access.registry().host() + "/" + repositoryOf(ref), k -> new Traffic());
  }

  /**
   * The repository path of a reference this session made ({@code host/path[:tag|@digest]}):
   * {@code path}, the name a token is scoped to and traffic is counted by.
   */
  private String repositoryOf(String ref) {
    String path = ref.startsWith(access.registry().host() + "/") ? ref.substring(access.registry().host().length() + 1) : ref;
    int at = path.indexOf('@');
    if (at >= 0) {
      return path.substring(0, at);
    }
    int colon = path.lastIndexOf(':');
    return colon > path.lastIndexOf('/') ? path.substring(0, colon) : path;
  }

  /** Bytes sent to the repository {@code repositoryRef} ({@code host/path}). */
  long bytesSent(String repositoryRef) {
    return traffic(repositoryRef).bytes.get();
  }

  /** Requests to {@code repositoryRef} sent again after a transient failure. */
  int retries(String repositoryRef) {
    return traffic(repositoryRef).retries.get();
  }

  /** Retries of every request. */
  int retries() {
    return traffic.values().stream().mapToInt(t -> t.retries.get()).sum();
  }

  /** One registry call ({@link RegistryCall}: retried, refreshed once on 401/403), its retries counted for {@code ref}'s repository. */
  <T> T call(String ref, String action, Callable<T> body) {
    Traffic t = traffic(ref);
    AtomicBoolean first = new AtomicBoolean(true);
    return RegistryCall.run(retry, log, access, action, () -> {
      if (!first.getAndSet(false)) {
        t.retries.incrementAndGet();
      }
      try {
        return body.call();
      } catch (RegistryStatusException e) {
        // The registry's own 401 to a request with a token the realm issued: the token refused, not the password.
        Optional<String> realm = e.status().orElse(0) == 401 ? tokens.tokenRealm() : Optional.empty();
        if (realm.isPresent()) {
          throw new TokenRefused(e, realm.get());
        }
        throw e;
      }
    });
  }
}
