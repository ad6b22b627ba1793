package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.testing.RawHttpServer;
import dev.ackrelease.testing.TlsServer;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload the registry stops reading (a socket has no write time-out) is abandoned when no byte
 * could be written for the request time-out, over plain HTTP and TLS, whole and streamed, and
 * retried as every stalled request is; an upload that is slow but keeps going is never cut; and
 * the answer to a streamed upload must come in full within its time-out, however it trickles.
 * The registries are {@link RawHttpServer}s on 127.0.0.1 that stop reading (4 KiB receive buffer).
 */
class RegistryUploadStallTest {

  static final Duration STALL = Duration.ofMillis(500);
  static final Duration LONG = Duration.ofSeconds(30);
  static final long BIG = 256L << 20;

  @TempDir Path tmp;
  final RegistryHttp http = new RegistryHttp(Optional.empty(), false);

  /** {@code size} zero bytes, made as they are read. */
  static InputStream zeros(long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  static RegistryHttp.Body body(long size) {
    return new RegistryHttp.Body(() -> zeros(size), size);
  }

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  void assertAbandoned(Executable upload) {
    long start = System.nanoTime();
    SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(SocketTimeoutException.class,
        upload));
    assertEquals("no byte of the upload was taken for 500 ms: the registry stopped reading it", e.getMessage());
    assertTrue(millisSince(start) < 10_000, millisSince(start) + " ms");
  }

  @Test
  void anUploadTheRegistryStopsReadingIsAbandonedWholeOrStreamed() throws Exception {
    try (RawHttpServer registry = RawHttpServer.start(head -> new RawHttpServer.Stall())) {
      URI uri = URI.create("http://" + registry.address() + "/v2/ack/x/blobs/uploads/u1");
      assertAbandoned(() -> http.send("PUT", uri, Map.of(), body(BIG), STALL, LONG));
      assertAbandoned(() -> http.patchStreamed(uri, Map.of(), zeros(BIG), STALL, LONG));
    }
  }

  /** A handler that never reads the body: it holds the exchange until {@code release}, then closes it. */
  static HttpHandler neverReading(CountDownLatch release) {
    return exchange -> {
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    };
  }

  @Test
  void anUploadTheRegistryStopsReadingOverTlsIsAbandonedWholeOrStreamed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls"), "IP:127.0.0.1", neverReading(release))) {
      try {
        RegistryHttp https = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false);
        URI uri = URI.create("https://" + tls.address() + "/v2/ack/x/blobs/uploads/u1");
        assertAbandoned(() -> https.send("PUT", uri, Map.of(), body(BIG), STALL, LONG));
      } finally {
        release.countDown();
      }
    }
    CountDownLatch again = new CountDownLatch(1);
    try (TlsServer tls = TlsServer.start(tmp.resolve("tls-streamed"), "IP:127.0.0.1", neverReading(again))) {
      try {
        RegistryHttp https = new RegistryHttp(Optional.of(TlsTrust.sslContext(tls.ca())), false);
        URI uri = URI.create("https://" + tls.address() + "/v2/ack/x/blobs/uploads/u1");
        assertAbandoned(() -> https.patchStreamed(uri, Map.of(), zeros(BIG), STALL, LONG));
      } finally {
        again.countDown();
      }
    }
  }

  /** A registry that takes 4 KiB every 10 ms: the upload takes many times the time-out, and every write goes within it. */
  @Test
  void aSlowUploadThatKeepsGoingIsNotCut() throws Exception {
    try (RawHttpServer registry = RawHttpServer.start(head -> new RawHttpServer.Answer(4096, 10, 201, Map.of(), "", 0))) {
      URI uri = URI.create("http://" + registry.address() + "/v2/ack/x/blobs/uploads/u1");
      Duration stall = Duration.ofMillis(200);
      long start = System.nanoTime();
      assertEquals(201, http.send("PUT", uri, Map.of(), body(1 << 20), stall, LONG).status());
      long whole = millisSince(start);
      start = System.nanoTime();
      assertEquals(201, http.patchStreamed(uri, Map.of(), zeros(1 << 20), stall, LONG).status());
      long streamed = millisSince(start);
      assertTrue(whole > 5 * stall.toMillis() && streamed > 5 * stall.toMillis(), whole + " ms, " + streamed + " ms");
    }
  }

  /** The answer to a streamed upload, trickled a byte every 200 ms, never trips the read time-out; the answer's time-out ends it. */
  @Test
  void aTrickledAnswerToAStreamedUploadIsCutAtTheAnswerTimeout() throws Exception {
    try (RawHttpServer registry = RawHttpServer.start(head -> new RawHttpServer.Answer(1 << 16, 0, 202,
        Map.of("Location", "/v2/ack/x/blobs/uploads/u1?state=2"), "x".repeat(40), 200))) {
      URI uri = URI.create("http://" + registry.address() + "/v2/ack/x/blobs/uploads/u1");
      long start = System.nanoTime();
      SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(SocketTimeoutException.class,
          () -> http.patchStreamed(uri, Map.of(), zeros(100_000), STALL, Duration.ofSeconds(1))));
      assertEquals("no complete answer within 1 s", e.getMessage());
      assertTrue(millisSince(start) < 5_000, millisSince(start) + " ms");
    }
  }

  /** The abandoned upload is retried with a new session, as every stalled request; when it never goes, the error says why. */
  @Test
  void anAbandonedBlobUploadIsRetriedAndTheLastFailureSaysWhatHappened() throws Exception {
    AtomicInteger puts = new AtomicInteger();
    int[] stalls = {1};
    try (RawHttpServer registry = RawHttpServer.start(head -> {
      if (head.method().equals("POST")) {
        return RawHttpServer.Answer.of(202, Map.of("Location", "/v2/ack/x/blobs/uploads/u" + puts.get()));
      }
      if (!head.method().equals("PUT")) {
        return RawHttpServer.Answer.of(200, Map.of()); // the probe of /v2/
      }
      return puts.incrementAndGet() <= stalls[0] ? new RawHttpServer.Stall() : RawHttpServer.Answer.of(201, Map.of());
    })) {
      RegistryAccess access = new RegistryAccess(Registry.parse(registry.address() + "/ack"), Optional.empty(), true, Optional.empty());
      Retry.Policy policy = new Retry.Policy(3, Duration.ofMillis(1), Duration.ofMinutes(1), STALL);
      List<String> logged = new ArrayList<>();
      RegistrySession session = new RegistrySession(access, logged::add, policy);
      String digest = "sha256:" + "0".repeat(64);
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> session.pushBlob("x", digest, 8L << 20, () -> zeros(8L << 20)));
      assertEquals(2, puts.get());
      assertEquals(2, registry.requests.stream().filter(h -> h.method().equals("POST")).count(), "a new upload session");
      assertEquals(1, session.retries());
      assertTrue(logged.stream().anyMatch(l -> l.contains("no byte of the upload was taken for 500 ms: the registry stopped"
          + " reading it")), String.join("\n", logged));

      stalls[0] = Integer.MAX_VALUE;
      RegistrySession another = new RegistrySession(access, logged::add, policy);
      ReleaseException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(ReleaseException.class,
          () -> another.pushBlob("x", digest, 8L << 20, () -> zeros(8L << 20))));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertEquals("push of blob " + References.shortDigest(digest) + " to " + registry.address() + "/ack/x failed at "
          + registry.address() + " (SocketTimeoutException: no byte of the upload was taken for 500 ms: the registry stopped"
          + " reading it): check the registry and retry", e.getMessage());
    }
  }
}
