package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.GrowingFile;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SharedRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry reads and writes a run decides with, against a real registry: one request per
 * look-up (a tag, a blob, a manifest by digest is asked once per run), exact bytes with the
 * digest the registry must confirm, the push-access check once per repository, traffic and
 * retries counted per repository; behind a proxy that injects faults, the failures they become.
 */
class RegistrySessionTest {

  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path tmp;
  final List<String> logged = new ArrayList<>();

  static RegistryServer registry() {
    return SharedRegistry.get();
  }

  RegistrySession session() {
    return new RegistrySession(registry().plainAccess(), logged::add, FAST);
  }

  static RegistryAccess through(FaultProxy proxy) {
    return new RegistryAccess(Registry.parse(proxy.address() + "/ack"), Optional.empty(), true, Optional.empty());
  }

  /** A small image: a config and a layer blob, and the manifest over them (with an annotation). */
  record Image(byte[] config, String configDigest, byte[] layer, String layerDigest, byte[] manifest, String digest) {
    static Image of(String text) {
      byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
      byte[] layer = text.getBytes(StandardCharsets.UTF_8);
      String configDigest = RegistrySession.sha256(config);
      String layerDigest = RegistrySession.sha256(layer);
      byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
          + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":"
          + "\"text/plain\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}],\"annotations\":{\"note\":\""
          + text + "\"}}").getBytes(StandardCharsets.UTF_8);
      return new Image(config, configDigest, layer, layerDigest, manifest, RegistrySession.sha256(manifest));
    }

    void push(RegistrySession s, String name, String tag) {
      s.pushBlob(name, configDigest, config.length, () -> new ByteArrayInputStream(config));
      s.pushBlob(name, layerDigest, layer.length, () -> new ByteArrayInputStream(layer));
      s.putManifest(name, tag, OCI_MANIFEST, manifest);
    }
  }

  long requests(String method, String name, String what) throws Exception {
    return registry().requests().stream().filter(r -> r.startsWith(method + " /v2/ack/" + name + "/" + what)).count();
  }

  @Test
  void aPushedManifestIsReadBackOnceWithItsExactBytesDigestAndMediaType() throws Exception {
    String name = SharedRegistry.unique("read-once");
    Image image = Image.of("one");
    image.push(session(), name, "1.0.0");

    RegistrySession s = session();
    RegistrySession.Fetched f = s.manifest(name, "1.0.0").orElseThrow();
    assertEquals(image.digest(), f.digest());
    assertEquals(OCI_MANIFEST, f.mediaType());
    assertArrayEquals(image.manifest(), f.bytes());
    assertEquals(new String(image.manifest(), StandardCharsets.UTF_8), f.text());
    assertEquals(registry().address() + "/ack/" + name + ":1.0.0", f.reference());
    assertEquals(Optional.of("one"), f.annotation("note"));
    assertEquals(Optional.empty(), f.annotation("absent"));

    assertSame(f, s.manifest(name, "1.0.0").orElseThrow());
    assertTrue(s.manifestExists(name, image.digest()), "known by its digest after the read");
    assertSame(f, s.manifestAt("ack/" + name, image.digest()).orElseThrow());
    assertEquals(1, requests("GET", name, "manifests/1.0.0"));
    assertEquals(0, requests("GET", name, "manifests/sha256"));
    assertEquals(0, requests("HEAD", name, "manifests/"));
  }

  @Test
  void anAbsentTagIsEmptyAndAskedAgainOnlyAfterItIsForgottenOrPushed() throws Exception {
    String name = SharedRegistry.unique("absent");
    RegistrySession s = session();
    assertEquals(Optional.empty(), s.manifest(name, "2.0.0"));
    assertEquals(Optional.empty(), s.manifest(name, "2.0.0"));
    assertEquals(1, requests("GET", name, "manifests/2.0.0"));
    s.forget(name, "2.0.0");
    assertEquals(Optional.empty(), s.manifest(name, "2.0.0"));
    assertEquals(2, requests("GET", name, "manifests/2.0.0"));
    s.forget("other", "2.0.0");
    assertEquals(Optional.empty(), s.manifest(name, "2.0.0"));
    assertEquals(2, requests("GET", name, "manifests/2.0.0"), "forgetting another repository's tag changes nothing");

    Image image = Image.of("two");
    image.push(s, name, "2.0.0");
    assertEquals(image.digest(), s.manifest(name, "2.0.0").orElseThrow().digest(), "a push forgets what the tag held");
  }

  @Test
  void aManifestPushedByDigestIsFoundByDigest() throws Exception {
    String name = SharedRegistry.unique("by-digest");
    Image image = Image.of("child");
    RegistrySession s = session();
    s.pushBlob(name, image.configDigest(), image.config().length, () -> new ByteArrayInputStream(image.config()));
    s.pushBlob(name, image.layerDigest(), image.layer().length, () -> new ByteArrayInputStream(image.layer()));
    s.putManifest(name, image.digest(), OCI_MANIFEST, image.manifest());

    RegistrySession fresh = session();
    assertTrue(fresh.manifestExists(name, image.digest()));
    assertFalse(fresh.manifestExists(name, Image.of("never pushed").digest()));
    assertEquals(2, requests("HEAD", name, "manifests/sha256"));
    RegistrySession.Fetched f = fresh.manifest(name, image.digest()).orElseThrow();
    assertEquals(registry().address() + "/ack/" + name + "@" + image.digest(), f.reference());
    assertEquals(Optional.empty(), fresh.manifest(name, "no-such-tag"));
  }

  @Test
  void blobsAreLookedUpOncePushedOnceAndCountedForTheirRepository() throws Exception {
    String name = SharedRegistry.unique("blobs");
    Image image = Image.of("blob bytes");
    RegistrySession s = session();
    assertFalse(s.blobExists(name, image.layerDigest()));
    assertFalse(s.blobExists(name, image.layerDigest()));
    assertEquals(2, requests("HEAD", name, "blobs/"), "an absent blob is asked again");
    s.pushBlob(name, image.layerDigest(), image.layer().length, () -> new ByteArrayInputStream(image.layer()));
    assertTrue(s.blobExists(name, image.layerDigest()));
    assertEquals(2, requests("HEAD", name, "blobs/"), "a pushed blob is known");
    assertEquals(image.layer().length, s.bytesSent(name));
    assertEquals(0, s.bytesSent("other-" + name));
    assertEquals(0, s.retries(name));
    assertArrayEquals(image.layer(), s.blob(name, image.layerDigest()));

    RegistrySession fresh = session();
    assertTrue(fresh.blobExists(name, image.layerDigest()));
    assertTrue(fresh.blobExists(name, image.layerDigest()));
    assertEquals(3, requests("HEAD", name, "blobs/"), "a blob found is not asked twice");
  }

  /**
   * A blob streamed while it is written: the upload ends with the writer (its digest known only
   * then), the blob is the bytes written, counted once, and known to the session afterwards.
   */
  @Test
  void aBlobStreamedWhileItIsWrittenIsStoredWithTheDigestKnownAtItsEnd() throws Exception {
    String name = SharedRegistry.unique("streamed");
    byte[] bytes = new byte[3 << 20];
    new Random(5).nextBytes(bytes);
    GrowingFile.Writer writer = GrowingFile.create(tmp.resolve("blob"));
    CompletableFuture<String> digest = new CompletableFuture<>();
    Thread producer = new Thread(() -> {
      try {
        for (int at = 0; at < bytes.length; at += 1 << 18) {
          writer.write(bytes, at, 1 << 18);
          Thread.sleep(20);
        }
        writer.finish();
        digest.complete(RegistrySession.sha256(bytes));
      } catch (Exception e) {
        writer.fail(e);
      }
    });
    producer.start();
    RegistrySession s = session();

    Optional<String> pushed = s.pushBlobStreamed(name, () -> {
      try {
        return writer.file().open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, digest::join);

    assertEquals(Optional.of(RegistrySession.sha256(bytes)), pushed);
    assertArrayEquals(bytes, s.blob(name, pushed.get()));
    assertEquals(bytes.length, s.bytesSent(name));
    assertEquals(1, requests("PATCH", name, "blobs/uploads/"));
    assertTrue(s.blobExists(name, pushed.get()));
    assertEquals(0, requests("HEAD", name, "blobs/"), "a blob pushed is known without asking");
  }

  @Test
  void everyByteSentToARepositoryIsCountedWhateverItsReference() {
    String name = SharedRegistry.unique("traffic");
    Image image = Image.of("counted");
    RegistrySession s = session();
    image.push(s, name, "3.0.0");
    s.putManifest(name, image.digest(), OCI_MANIFEST, image.manifest());
    assertEquals(image.config().length + image.layer().length + 2L * image.manifest().length, s.bytesSent(name));
  }

  @Test
  void pushAccessIsCheckedOncePerRepositoryByStartingAndCancellingAnUpload() throws Exception {
    String image = SharedRegistry.unique("writes-image");
    String chart = SharedRegistry.unique("writes-chart");
    String alone = SharedRegistry.unique("writes-alone");
    RegistrySession s = session();
    s.writesTogether(List.of(image, chart));

    s.beforeWrite(alone);
    assertEquals(0, requests("POST", alone, "blobs/uploads/"), "a repository outside any group is not checked");

    s.beforeWrite(image);
    assertEquals(1, requests("POST", chart, "blobs/uploads/"), "the first write to one checks the whole group");
    s.beforeWrite(chart);
    s.beforeWrite(image);
    for (String name : List.of(image, chart)) {
      assertEquals(1, requests("POST", name, "blobs/uploads/"), name);
      assertEquals(1, requests("DELETE", name, "blobs/uploads/"), name);
      assertEquals(0, requests("PUT", name, ""), "nothing is stored");
    }
  }

  @Test
  void transientFailuresAreRetriedAndCountedPerRepository() throws Exception {
    String name = SharedRegistry.unique("retried");
    Image image = Image.of("retried");
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      proxy.fail("GET", "/v2/ack/" + name + "/manifests/1.0.0", 1, FaultProxy.status(503));
      assertEquals(Optional.empty(), s.manifest(name, "1.0.0"));
      assertEquals(1, s.retries(name));
      assertEquals(0, s.retries("other"));

      // A reset in the middle of an upload: the whole blob is sent again and both attempts count.
      proxy.fail("PUT", "/v2/ack/" + name + "/blobs/uploads/", 1, new FaultProxy.ResetAfter(4));
      s.pushBlob(name, image.layerDigest(), image.layer().length, () -> new ByteArrayInputStream(image.layer()));
      assertEquals(2, s.retries(name));
      assertEquals(2, s.retries());
      assertTrue(s.bytesSent(name) > image.layer().length, "the cut attempt's bytes count too: " + s.bytesSent(name));
      assertArrayEquals(image.layer(), s.blob(name, image.layerDigest()));
    }
  }

  @Test
  void aBlobCutShortIsRetriedButOneWithOtherBytesIsAFailedVerificationAtOnce() throws Exception {
    String name = SharedRegistry.unique("damaged");
    Image image = Image.of("damaged layer");
    image.push(session(), name, "1.0.0");
    String blob = "/v2/ack/" + name + "/blobs/" + image.layerDigest();
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      // The connection ends 3 bytes into the body: the network, not the registry's bytes.
      proxy.fail("GET", blob, 1, new FaultProxy.CutAnswer(3));
      assertArrayEquals(image.layer(), s.blob(name, image.layerDigest()));
      assertEquals(1, s.retries(name));
      proxy.fail("GET", blob, -1, new FaultProxy.CutAnswer(3));
      ReleaseException cut = failure(() -> s.blob(name, image.layerDigest()));
      assertTrue(cut.getMessage().contains("the answer ended after 3 of its " + image.layer().length + " bytes"), cut.getMessage());
      assertEquals(2 + FAST.attempts(), proxy.seen("GET", blob).size(), "retried: " + proxy.seen());

      proxy.clearFaults();
      byte[] other = "a damaged layer".getBytes(StandardCharsets.UTF_8);
      proxy.fail("GET", blob, -1, new FaultProxy.OtherBytes(other));
      ReleaseException damaged = assertThrows(ReleaseException.class, () -> s.blob(name, image.layerDigest()));
      assertEquals(ReleaseException.Kind.VERIFICATION, damaged.kind(), damaged.getMessage());
      assertTrue(damaged.getMessage().startsWith("blob " + image.layerDigest() + " of " + proxy.address() + "/ack/" + name
          + " came back with other bytes (" + RegistrySession.sha256(other) + "): "), damaged.getMessage());
      assertEquals(1, proxy.seen("GET", blob).stream().filter(r -> r.outcome().equals("other bytes")).count(), "not retried");
    }
  }

  @Test
  void aManifestCutShortIsRetriedButOneWithOtherBytesIsAFailedVerificationAtOnce() throws Exception {
    String name = SharedRegistry.unique("damaged-manifest");
    Image image = Image.of("damaged manifest");
    image.push(session(), name, "1.0.0");
    String manifest = "/v2/ack/" + name + "/manifests/" + image.digest();
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      // The connection ends 5 bytes into the body: the network, not the registry's bytes; retried.
      proxy.fail("GET", manifest, 1, new FaultProxy.CutAnswer(5));
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      assertArrayEquals(image.manifest(), s.manifest(name, image.digest()).orElseThrow().bytes());
      assertEquals(1, s.retries(name));
      proxy.fail("GET", manifest, -1, new FaultProxy.CutAnswer(5));
      ReleaseException cut = failure(() -> new RegistrySession(through(proxy), logged::add, FAST).manifest(name, image.digest()));
      assertTrue(cut.getMessage().contains("the answer ended after 5 of its " + image.manifest().length + " bytes"),
          cut.getMessage());
      assertEquals(2 + FAST.attempts(), proxy.seen("GET", manifest).size(), "retried: " + proxy.seen());

      proxy.clearFaults();
      byte[] other = "{\"schemaVersion\":2,\"damaged\":true}".getBytes(StandardCharsets.UTF_8);
      proxy.fail("GET", manifest, -1, new FaultProxy.OtherBytes(other));
      ReleaseException damaged = assertThrows(ReleaseException.class,
          () -> new RegistrySession(through(proxy), logged::add, FAST).manifest(name, image.digest()));
      assertEquals(ReleaseException.Kind.VERIFICATION, damaged.kind(), damaged.getMessage());
      assertEquals("manifest " + proxy.address() + "/ack/" + name + "@" + image.digest() + " came back with bytes that hash to "
          + RegistrySession.sha256(other) + ", not to " + image.digest() + " (the digest asked for): the registry, or a proxy or"
          + " cache in front of it, serves damaged content; repair or delete that manifest there, then run again",
          damaged.getMessage());
      assertEquals(1, proxy.seen("GET", manifest).stream().filter(r -> r.outcome().equals("other bytes")).count(), "not retried");
    }
  }

  @Test
  void aRetryWaitsAsLongAsTheRegistrysRetryAfterAsks() throws Exception {
    String name = SharedRegistry.unique("retry-after");
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      proxy.fail("GET", "/v2/ack/" + name + "/manifests/1.0.0", 1, FaultProxy.status(429, "Retry-After", "1"));
      long start = System.nanoTime();
      assertEquals(Optional.empty(), s.manifest(name, "1.0.0"));
      assertTrue((System.nanoTime() - start) / 1_000_000 >= 1_000, "waited the second the registry asked for");
      assertEquals(1, s.retries(name));
    }
  }

  static ReleaseException failure(Runnable call) {
    ReleaseException e = assertThrows(ReleaseException.class, call::run);
    assertEquals(ReleaseException.Kind.REMOTE, e.kind(), e.getMessage());
    return e;
  }

  @Test
  void unexpectedStatusesFailNamingTheActionAndTheStatus() throws Exception {
    String name = SharedRegistry.unique("statuses");
    Image image = Image.of("statuses");
    image.push(session(), name, "1.0.0");
    String shortLayer = image.layerDigest().substring(0, 19);
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistryAccess access = through(proxy);
      String repo = proxy.address() + "/ack/" + name;
      proxy.fail("GET", "/manifests/", -1, FaultProxy.status(500));
      proxy.fail("HEAD", "/manifests/", -1, FaultProxy.status(500));
      proxy.fail("HEAD", "/blobs/", -1, FaultProxy.status(500));
      proxy.fail("GET", "/blobs/", -1, FaultProxy.status(404));
      proxy.fail("PUT", "/manifests/", -1, FaultProxy.status(400));

      RegistrySession s = new RegistrySession(access, logged::add, FAST);
      assertTrue(failure(() -> s.manifest(name, "1.0.0")).getMessage().startsWith("look-up of " + repo + ":1.0.0 failed at "
          + proxy.address() + " with HTTP 500: GET /v2/ack/" + name + "/manifests/1.0.0 answered HTTP 500"));
      assertTrue(failure(() -> s.manifestExists(name, image.digest())).getMessage().startsWith("look-up of manifest "
          + image.digest().substring(0, 19) + " in " + repo + " failed at " + proxy.address() + " with HTTP 500: HEAD /v2/ack/"));
      assertTrue(failure(() -> s.blobExists(name, image.layerDigest())).getMessage().startsWith("look-up of blob " + shortLayer
          + " in " + repo + " failed"), "");
      assertTrue(failure(() -> s.blob(name, image.layerDigest())).getMessage().startsWith("read of blob " + image.layerDigest()
          + " in " + repo + " failed at " + proxy.address() + " with HTTP 404"));
      assertTrue(failure(() -> s.putManifest(name, "2.0.0", OCI_MANIFEST, image.manifest())).getMessage()
          .startsWith("push of " + repo + ":2.0.0 failed at " + proxy.address() + " with HTTP 400: PUT /v2/ack/" + name
              + "/manifests/2.0.0 answered HTTP 400"));
      assertEquals(1, proxy.seen("PUT", "/manifests/2.0.0").size(), "a 400 is not retried");
      assertEquals(2, proxy.seen("GET", "/manifests/1.0.0").size(), "a 500 is retried once under this policy");
    }
  }

  @Test
  void anUploadFailsUnlessTheRegistryStartsItWithALocationAndTakesTheBytes() throws Exception {
    String name = SharedRegistry.unique("uploads");
    Image image = Image.of("uploads");
    String shortLayer = image.layerDigest().substring(0, 19);
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      proxy.fail("POST", "/blobs/uploads/", 2, FaultProxy.status(202));
      ReleaseException noLocation = failure(() -> s.pushBlob(name, image.layerDigest(), image.layer().length,
          () -> new ByteArrayInputStream(image.layer())));
      assertTrue(noLocation.getMessage().startsWith("push of blob " + shortLayer + " to " + proxy.address() + "/ack/" + name
          + " failed at " + proxy.address() + " with HTTP 502: the registry started an upload without a Location"),
          noLocation.getMessage());

      proxy.fail("POST", "/blobs/uploads/", 1, FaultProxy.status(201));
      String e201 = failure(() -> s.pushBlob(name, image.layerDigest(), image.layer().length,
          () -> new ByteArrayInputStream(image.layer()))).getMessage();
      assertTrue(e201.contains("answered HTTP 201"), e201);

      proxy.fail("PUT", "/blobs/uploads/", 2, FaultProxy.status(202));
      String e202 = failure(() -> s.pushBlob(name, image.layerDigest(), image.layer().length,
          () -> new ByteArrayInputStream(image.layer()))).getMessage();
      assertTrue(e202.contains("PUT of blob " + shortLayer + " answered HTTP 202"), e202);
      assertFalse(s.blobExists(name, image.layerDigest()), "a failed push is not taken for a pushed blob");
    }
  }

  @Test
  void aRefusedPushAccessCheckFailsAndIsAskedAgainNextTime() throws Exception {
    String name = SharedRegistry.unique("denied");
    try (FaultProxy proxy = new FaultProxy(registry().address())) {
      RegistrySession s = new RegistrySession(through(proxy), logged::add, FAST);
      proxy.fail("POST", "/v2/ack/" + name + "/blobs/uploads/", 1, FaultProxy.status(403));
      s.writesTogether(List.of(name));
      ReleaseException e = failure(() -> s.beforeWrite(name));
      assertTrue(e.getMessage().startsWith(proxy.address() + " denied check of push access to " + proxy.address() + "/ack/"
          + name + " (HTTP 403)"), e.getMessage());
      s.beforeWrite(name);
      s.beforeWrite(name);
      assertEquals(2, proxy.seen("POST", "/v2/ack/" + name + "/blobs/uploads/").size());
    }
  }
}
