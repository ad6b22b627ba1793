package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flaky registry never fails a release: publish against the real registry behind a
 * fault-injecting proxy on 127.0.0.1 (503s, 429 with Retry-After, resets mid-body, stalls, an
 * outage with the registry restarted, 401), runs killed with -9 at three points, and two runs on
 * one cache. After each, verify passes and every tag in the registry points at complete content.
 * A registry that serves a blob or a manifest with other bytes is no flake: that is exit 5, not retried.
 * Budgets are shrunk through the options so the suite stays quick.
 */
class FaultIT {

  /** A blob upload: {@code POST .../blobs/uploads/} starts it, {@code PUT .../blobs/uploads/<id>?digest=} sends it. */
  static final String BLOB_POST = "-controller/blobs/uploads/$";
  static final String BLOB_PUT = "-controller/blobs/uploads/[^?]+\\?";
  /** The streamed body of a layer's upload (publish streams each layer while it is compressed). */
  static final String BLOB_PATCH = "-controller/blobs/uploads/[^?/]+(\\?|$)";

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;

  @TempDir Path tmp;
  FaultProxy proxy;

  @BeforeAll
  static void startRegistry() throws IOException {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = new FaultProxy(registry.address());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  void a503OnTheFirstBlobPostAndOnTheFirstBlobPutIsRetried() throws Exception {
    GitFixture repo = released("sns");
    proxy.fail("POST", BLOB_POST, 1, FaultProxy.status(503));
    proxy.fail("PUT", BLOB_PUT, 1, FaultProxy.status(503));

    CliRun run = publish(repo);

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(1, proxy.seen("POST", BLOB_POST).stream().filter(s -> s.outcome().equals("fault 503")).count());
    assertEquals(1, proxy.seen("PUT", BLOB_PUT).stream().filter(s -> s.outcome().equals("fault 503")).count());
    JsonNode image = row(run, "image");
    assertTrue(image.get("retries").asInt() >= 2, image::toString);
    assertTrue(run.json().get("retries").asInt() >= 2, run::toString);
    // The 503'd PUT had sent its whole body: those bytes count too.
    assertTrue(image.get("bytes").asLong() > published("sns-controller"), image::toString);
    assertWhole("sns");
  }

  @Test
  void a429WithRetryAfterOnTheIndexPutIsWaitedFor() throws Exception {
    GitFixture repo = released("sqs");
    String indexPut = "/sqs-controller/manifests/0\\.1\\.0$";
    // One second is far above the backoff the tests' ACK_RELEASE_RETRY_DELAY_MS allows (at most 50 ms before the
    // first retry), so only a client that honours Retry-After waits that long.
    proxy.failFor("PUT", indexPut, Duration.ofSeconds(1), FaultProxy.status(429, "Retry-After", "1"));

    CliRun run = publish(repo);

    assertEquals(0, run.exitCode(), run::toString);
    List<FaultProxy.Seen> puts = proxy.seen("PUT", indexPut);
    assertEquals("fault 429", puts.get(0).outcome(), puts::toString);
    assertEquals("passed 201", puts.get(puts.size() - 1).outcome(), puts::toString);
    assertTrue(puts.get(1).atMillis() - puts.get(0).atMillis() >= 1000, "the retry waited for Retry-After: " + puts);
    assertWhole("sqs");
  }

  @Test
  void aResetAfterOneMegabyteOfABlobRestartsTheUpload() throws Exception {
    GitFixture repo = released("mq");
    proxy.fail("PATCH", BLOB_PATCH, 1, new FaultProxy.ResetAfter(1 << 20));

    CliRun run = publish(repo);

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(1, proxy.seen("PATCH", BLOB_PATCH).stream().filter(s -> s.outcome().startsWith("reset")).count());
    // A new upload session, not the broken one: one more POST than there are blobs to push.
    assertTrue(proxy.seen("POST", BLOB_POST).size() >= 2, proxy.seen()::toString);
    JsonNode image = row(run, "image");
    assertTrue(image.get("bytes").asLong() >= published("mq-controller") + (1 << 20), "the cut-off MB was sent too: " + image);
    assertWhole("mq");
  }

  @Test
  void aRegistryThatTakesNoStreamedUploadGetsTheLayerWhole() throws Exception {
    GitFixture repo = released("ses");
    proxy.fail("PATCH", BLOB_PATCH, -1, FaultProxy.status(405));

    CliRun run = publish(repo, "--verbose");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(1, proxy.seen("PATCH", BLOB_PATCH).size(), "asked once, not retried: " + proxy.seen());
    assertTrue(run.err().contains("the registry takes no streamed upload: sending layer"), run::toString);
    assertEquals(0, row(run, "image").get("retries").asInt(), run::toString);
    assertWhole("ses");
  }

  @Test
  void aStalledHeadIsAbandonedAfterTheRequestTimeoutAndRetried() throws Exception {
    GitFixture repo = released("emr");
    proxy.fail("HEAD", "-controller/blobs/sha256:", 1, new FaultProxy.Stall(Duration.ofSeconds(90)));

    CliRun run = publish(repo, "--request-timeout", "2s");

    assertEquals(0, run.exitCode(), run::toString);
    List<FaultProxy.Seen> heads = proxy.seen("HEAD", "-controller/blobs/");
    FaultProxy.Seen stalled = heads.stream().filter(s -> s.outcome().startsWith("stalled")).findFirst().orElseThrow();
    assertEquals(1, heads.stream().filter(s -> s.outcome().startsWith("stalled")).count());
    // The next request to the registry came after the 2 s request timeout, long before the 90 s stall ended.
    long next = proxy.seen().stream().filter(s -> s.atMillis() > stalled.atMillis()).mapToLong(FaultProxy.Seen::atMillis).min()
        .orElseThrow();
    assertTrue(next - stalled.atMillis() < 30_000, "abandoned after the request timeout, not the stall: " + heads);
    assertTrue(run.err().contains("retrying"), run::toString);
    assertWhole("emr");
  }

  /** How long the registry is down in {@link #theRegistryStoppedForSecondsInTheMiddleOfABlobThenRestartedOnTheSameStorage}. */
  static final Duration OUTAGE = Duration.ofSeconds(3);

  @Test
  void theRegistryStoppedForSecondsInTheMiddleOfABlobThenRestartedOnTheSameStorage() throws Exception {
    try (RegistryServer own = RegistryServer.plain(tmp.resolve("restarting")); FaultProxy front = new FaultProxy(own.address())) {
      GitFixture repo = SampleController.create(tmp, "kms");
      PublishIT.prepareAndTag(repo, "kms", "v0.1.0", front.address() + "/ack");
      // The first layer's streamed upload gets 1 MB through; then the registry goes away (the port refuses
      // connections) for 3 s and comes back from the same storage. The retries back off from 50 ms, so several
      // are refused before it is back (the backoff doubles: the longer the outage, the longer the wait after it).
      // The proxy's port closes first and the registry stops behind it: a retry while it stops is
      // refused too, not cut off by a proxy whose registry is gone (under load the stop took long
      // enough for the backoff to step over the whole outage).
      front.fail("PATCH", BLOB_PATCH, 1, new FaultProxy.Then(() -> new Thread(() -> {
        try {
          front.outage(OUTAGE, own::stop, own::restart);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).start(), new FaultProxy.ResetAfter(1 << 20)));
      long start = System.nanoTime();

      CliRun run = Jar.run(home, Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "40", "ACK_RELEASE_RETRY_DELAY_MS", "50"),
          args(front, repo, cache, "--retry-timeout", "90s"));

      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(OUTAGE) >= 0, "it waited the outage out");
      assertTrue(run.err().contains("ConnectException"), "new connections were refused while it was down: " + run.err());
      assertEquals(List.of(), own.incompleteTags());
      CliRun verify = Jar.run(home, Map.of(), "verify", "--service", "kms", "v0.1.0", "--registry",
          front.address() + "/ack", "--insecure-registry", front.address(), "--platforms", "linux/amd64");
      assertEquals(0, verify.exitCode(), verify::toString);
    }
  }

  @Test
  void faultsThatNeverClearEndInExit4WithinTheBudgetNamingTheArtifact() throws Exception {
    GitFixture repo = released("efs");
    proxy.fail("POST", BLOB_POST, -1, FaultProxy.status(503));

    CliRun run = Jar.run(home, Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "100", "ACK_RELEASE_RETRY_DELAY_MS", "200"),
        args(proxy, repo, cache, "--retry-timeout", "2s"));

    assertEquals(4, run.exitCode(), run::toString);
    // The budget bounds the retrying, not the build before it: from the first refused upload to the
    // last, at most the 2 s budget (plus scheduling slack), though 100 attempts (minutes of backoff) were allowed.
    List<FaultProxy.Seen> posts = proxy.seen("POST", BLOB_POST);
    long retrying = posts.get(posts.size() - 1).atMillis() - posts.get(0).atMillis();
    assertTrue(retrying <= 4_000, "gave up within the 2 s budget, retried for " + retrying + " ms: " + posts);
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    String error = run.errorLine();
    assertTrue(error.contains("efs-controller") && error.contains("503"), error);
    assertTrue(proxy.seen("POST", BLOB_POST).size() > 2, "it retried until the budget ran out");
    // Nothing was tagged: the chart is never pushed for an image that is not there.
    assertFalse(Files.exists(registry.storage().resolve("docker/registry/v2/repositories/ack/efs-controller/_manifests/tags")));
    assertFalse(Files.exists(registry.storage().resolve("docker/registry/v2/repositories/ack/efs-chart/_manifests/tags")));
    assertEquals(List.of(), registry.incompleteTags());

    // Run again once the registry is well: it finishes the job.
    proxy.clearFaults();
    CliRun again = publish(repo);
    assertEquals(0, again.exitCode(), again::toString);
    assertWhole("efs");
  }

  @Test
  void aBlobServedWithOtherBytesIsExit5NamingBothDigestsWhileAnAnswerCutShortIsTheNetworks() throws Exception {
    GitFixture repo = released("sfn");
    byte[] damaged = "not the blob that was asked for".getBytes(StandardCharsets.UTF_8);
    // Every blob read is answered with other bytes (a damaged store, or a cache in front of it); the pushes pass.
    proxy.fail("GET", "/blobs/sha256:", -1, new FaultProxy.OtherBytes(damaged));

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertDamaged(run, damaged);
    assertTrue(Files.exists(registry.storage().resolve("docker/registry/v2/repositories/ack/sfn-chart/_manifests/tags/0.1.0")),
        "the release was pushed, and its read-back failed");
    CliRun verify = verify("sfn");
    assertEquals(5, verify.exitCode(), verify::toString);
    assertDamaged(verify, damaged);

    // Answers cut short are the network's: retried, and the release verifies...
    proxy.clearFaults();
    proxy.fail("GET", "/blobs/sha256:", 2, new FaultProxy.CutAnswer(10));
    CliRun retried = verify("sfn");
    assertEquals(0, retried.exitCode(), retried::toString);
    assertEquals(2, proxy.seen("GET", "/blobs/sha256:").stream().filter(s -> s.outcome().contains(" cut after ")).count());
    // ...and when they never end whole, the run ends with the remote failure's exit 4 once the retries are spent.
    proxy.fail("GET", "/blobs/sha256:", -1, new FaultProxy.CutAnswer(10));
    CliRun cut = verify("sfn");
    assertEquals(4, cut.exitCode(), cut::toString);
    assertTrue(cut.errorLine().contains("the answer ended after 10 of its"), cut.errorLine());
    assertTrue(cut.err().contains("retrying"), cut::toString);
  }

  /** One error line naming the blob asked for (a digest the run asked the registry for), the digest of {@code damaged}, and a fix. */
  void assertDamaged(CliRun run, byte[] damaged) {
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    Matcher error = Pattern.compile("error: blob (sha256:[0-9a-f]{64}) of " + Pattern.quote(proxy.address())
        + "/ack/sfn-(controller|chart) came back with other bytes \\((sha256:[0-9a-f]{64})\\): .*; repair or delete that blob"
        + " there, then run again").matcher(run.errorLine());
    assertTrue(error.matches(), run.errorLine());
    assertEquals("sha256:" + Hashes.sha256(damaged), error.group(3));
    assertFalse(proxy.seen("GET", "/blobs/" + error.group(1)).isEmpty(), "the blob named is one asked for: " + proxy.seen());
    assertFalse(run.err().contains("retrying"), "other bytes are not asked for again: " + run.err());
  }

  @Test
  void aManifestServedWithOtherBytesIsExit5NamingBothDigestsWhileAnAnswerCutShortIsTheNetworks() throws Exception {
    GitFixture repo = released("kafka");
    String byDigest = "/kafka-controller/manifests/sha256:";
    byte[] damaged = "{\"schemaVersion\":2,\"note\":\"not the manifest that was asked for\"}".getBytes(StandardCharsets.UTF_8);
    // Every platform manifest read by its digest (the index names them so) is answered with other bytes; the pushes pass.
    proxy.fail("GET", byDigest, -1, new FaultProxy.OtherBytes(damaged));

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertDamagedManifest(run, 0, damaged);
    assertTrue(Files.exists(registry.storage().resolve("docker/registry/v2/repositories/ack/kafka-chart/_manifests/tags/0.1.0")),
        "the release was pushed, and its read-back failed");
    int before = proxy.seen().size();
    CliRun verify = verify("kafka");
    assertEquals(5, verify.exitCode(), verify::toString);
    assertDamagedManifest(verify, before, damaged);

    // Answers cut short are the network's: retried, and the release verifies...
    proxy.clearFaults();
    proxy.fail("GET", byDigest, 1, new FaultProxy.CutAnswer(10));
    CliRun retried = verify("kafka");
    assertEquals(0, retried.exitCode(), retried::toString);
    assertEquals(1, proxy.seen("GET", byDigest).stream().filter(s -> s.outcome().contains(" cut after ")).count());
    // ...and when they never end whole, exit 4 once the retries are spent.
    proxy.fail("GET", byDigest, -1, new FaultProxy.CutAnswer(10));
    CliRun cut = verify("kafka");
    assertEquals(4, cut.exitCode(), cut::toString);
    assertTrue(cut.errorLine().contains("the answer ended after 10 of its"), cut.errorLine());
  }

  /**
   * One error line naming a manifest asked for by digest, the digest of {@code damaged}, and a
   * fix; that manifest asked for once by the run (the requests the proxy saw from {@code before} on).
   */
  void assertDamagedManifest(CliRun run, int before, byte[] damaged) {
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    Matcher error = Pattern.compile("error: manifest " + Pattern.quote(proxy.address()) + "/ack/kafka-controller@(sha256:[0-9a-f]{64})"
        + " came back with bytes that hash to (sha256:[0-9a-f]{64}), not to \\1 \\(the digest asked for\\): .*; repair or"
        + " delete that manifest there, then run again").matcher(run.errorLine());
    assertTrue(error.matches(), run.errorLine());
    assertEquals("sha256:" + Hashes.sha256(damaged), error.group(2));
    List<FaultProxy.Seen> seen = proxy.seen();
    assertEquals(1, seen.subList(before, seen.size()).stream().filter(s -> s.method().equals("GET")
        && s.path().endsWith("/manifests/" + error.group(1))).count(), "asked for once: " + seen);
    assertFalse(run.err().contains("retrying"), "other bytes are not asked for again: " + run.err());
  }

  @Test
  void a401OnceFetchesFreshCredentialsAndCompletes() throws Exception {
    try (RegistryServer locked = RegistryServer.plainWithAuth(tmp.resolve("locked"), "ci", "s3cret-pass");
        FaultProxy front = new FaultProxy(locked.address())) {
      GitFixture repo = SampleController.create(tmp, "ses");
      PublishIT.prepareAndTag(repo, "ses", "v0.1.0", front.address() + "/ack");
      front.fail("PUT", "/ses-controller/manifests/0\\.1\\.0$", 1, FaultProxy.status(401));
      Map<String, String> login = Map.of("ACK_RELEASE_REGISTRY_USERNAME", "ci", "ACK_RELEASE_REGISTRY_PASSWORD", "s3cret-pass");

      CliRun run = Jar.run(home, login, args(front, repo, cache));

      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(run.err().contains("fetching fresh credentials once"), run::toString);
      assertFalse(run.out().contains("s3cret-pass") || run.err().contains("s3cret-pass"), "the password is a secret");
      assertEquals(List.of(), locked.incompleteTags());
      CliRun verify = Jar.run(home, login, "verify", "--service", "ses", "v0.1.0", "--registry",
          front.address() + "/ack", "--insecure-registry", front.address(), "--platforms", "linux/amd64");
      assertEquals(0, verify.exitCode(), verify::toString);
    }
  }

  @Test
  void twoPublishesOfTheSameReleaseOnOneCacheDirAtOnceBothSucceed() throws Exception {
    GitFixture one = released("dax");
    Path second = tmp.resolve("second-clone");
    ProcessResultCheck.git(List.of("git", "clone", "-q", one.dir().toString(), second.toString()));
    ProcessResultCheck.git(List.of("git", "-C", second.toString(), "fetch", "-q", "--tags"));
    Path sharedCache = Files.createDirectories(tmp.resolve("one-cache"));
    // Go's cache in it too, as by default (filled beforehand: this is about sharing it, not about a cold Go).
    Jar.seedOwnGoCache(sharedCache);

    Jar.Running a = Jar.start(home, Jar.OWN_GO_CACHE, args(proxy, one.dir(), sharedCache));
    Jar.Running b = Jar.start(home, Jar.OWN_GO_CACHE, args(proxy, second, sharedCache));
    CliRun first = a.await();
    CliRun other = b.await();

    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(0, other.exitCode(), other::toString);
    assertEquals(row(first, "image").get("digest"), row(other, "image").get("digest"), "the same release, the same digest");
    try (var left = Files.list(sharedCache.resolve("work"))) {
      assertEquals(List.of(), left.toList(), "each run removed its own work directory");
    }
    assertWhole("dax");
  }

  @Test
  void aFullDiskUnderTheCacheIsExit6NamingItNeverARegistryFailure() throws Exception {
    GitFixture repo = released("glue");
    Path small = Files.createDirectories(tmp.resolve("small-disk"));
    Assumptions.assumeTrue(mount(small, "size=3m"), "needs root to mount a small tmpfs");
    try {
      Map<String, String> before = registry.storageSnapshot();
      // Go's cache elsewhere (the build's): the disk fills while the binary and the image are written.
      CliRun jib = Jar.run(home, Map.of("GOCACHE", Jar.GO_CACHE.toString()), args(proxy, repo, small));
      // Go's cache on a full disk too, 1 MB left: go build itself runs out of space, writing the
      // binary (~1.7 MB). Its cache there is a copy of the build's: an empty one would make Go
      // compile the standard library first (~17 s of CPU; Go ignores its cache's failed writes)
      // only to fail on the binary the same way.
      Path full = Files.createDirectories(tmp.resolve("full-disk"));
      assertTrue(mount(full, "size=1g"), "a tmpfs for Go's cache");
      CliRun go;
      try {
        Jar.seedOwnGoCache(full);
        FileStore store = Files.getFileStore(full);
        long used = store.getTotalSpace() - store.getUnallocatedSpace();
        assertTrue(mount(full, "remount,size=" + (used + (1 << 20))), "the tmpfs shrunk to 1 MB free");
        go = Jar.run(home, Jar.OWN_GO_CACHE, args(proxy, repo, full));
      } finally {
        ProcessResult.run(List.of("umount", full.toString()), null, 30);
      }

      for (Map.Entry<CliRun, Path> e : List.of(Map.entry(jib, small), Map.entry(go, full))) {
        CliRun run = e.getKey();
        assertEquals(6, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
        assertTrue(run.errorLine().contains("no space left on device under " + e.getValue())
            && run.errorLine().endsWith("free space or pass --cache-dir"), run.errorLine());
      }
      // Go's own lines, relayed: it ran out of space (writing its temporary files, under the run's own directory, or the binary).
      assertTrue(go.errLines().stream().anyMatch(l -> l.startsWith("go: ") && l.contains("no space left on device")),
          "the failure is go build's: " + go.err());
      // A layer streams into its upload while it is compressed: the session the full disk cut off
      // may stay behind (cancelled; the registry purges abandoned uploads). No blob, manifest or
      // tag reached the registry.
      assertEquals(PreflightIT.withoutUploads(before), PreflightIT.withoutUploads(registry.storageSnapshot()),
          "no content reached the registry");
    } finally {
      ProcessResult.run(List.of("umount", small.toString()), null, 30);
    }
  }

  @Test
  void aCacheThatCannotBeWrittenIsExit2() throws Exception {
    GitFixture repo = released("iot");
    Path notADirectory = Files.writeString(tmp.resolve("cache-file"), "a file, not a directory\n");

    CliRun run = Jar.run(home, Map.of(), args(proxy, repo, notADirectory));

    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("pass a writable --cache-dir"), run.errorLine());
    assertEquals(List.of(), proxy.seen(), "the registry was never asked");
  }

  /** Mounts a tmpfs with {@code options} at {@code dir}; false where that is not allowed (not root). */
  static boolean mount(Path dir, String options) {
    try {
      return ProcessResult.run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()),
          null, 30).exitCode() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void killedDuringABlobARunAgainFinishes() throws Exception {
    killAndResume("ecs", BLOB_PUT, 0);
  }

  @Test
  void killedBetweenTheImageManifestsARunAgainFinishes() throws Exception {
    // The first platform manifest goes through; the run is killed while sending the second.
    killAndResume("eks", "-controller/manifests/sha256:", 1, "--platforms", "linux/amd64,linux/arm64");
  }

  @Test
  void killedDuringTheChartARunAgainFinishes() throws Exception {
    killAndResume("elb", "-chart/blobs/uploads/[^?]+\\?", 0);
  }

  /**
   * Holds the request that matches {@code putPath} (after {@code passFirst} pass), kills the
   * run with -9 while it waits, checks no tag points at incomplete content, and runs again.
   */
  private void killAndResume(String service, String putPath, int passFirst, String... extra) throws Exception {
    GitFixture repo = released(service);
    CountDownLatch held = new CountDownLatch(1);
    if (passFirst > 0) {
      proxy.fail("PUT", putPath, passFirst, null);
    }
    proxy.fail("PUT", putPath, 1, new FaultProxy.Then(held::countDown, new FaultProxy.Stall(Duration.ofSeconds(120))));

    Jar.Running run = Jar.start(home, Map.of(), args(proxy, repo.dir(), cache, extra));
    assertTrue(held.await(120, TimeUnit.SECONDS), "the run reached the kill point: " + proxy.seen());
    run.kill9();
    assertEquals(List.of(), registry.incompleteTags(), "a killed run leaves no tag on incomplete content");

    proxy.clearFaults();
    CliRun again = publish(repo, extra);
    assertEquals(0, again.exitCode(), again::toString);
    assertWhole(service, extra);
  }

  // ---- helpers

  GitFixture released(String service) {
    GitFixture repo = SampleController.create(tmp, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", proxy.address() + "/ack");
    return repo;
  }

  CliRun publish(GitFixture repo, String... extra) {
    return Jar.run(home, Map.of(), args(proxy, repo, cache, extra));
  }

  static String[] args(FaultProxy through, GitFixture repo, Path cacheDir, String... extra) {
    return args(through, repo.dir(), cacheDir, extra);
  }

  static String[] args(FaultProxy through, Path dir, Path cacheDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", dir.toString(), "--registry",
        through.address() + "/ack", "--insecure-registry", through.address(), "--cache-dir", cacheDir.toString(),
        "--base-image", "scratch", "--output", "json"));
    if (!List.of(extra).contains("--platforms")) {
      // One platform keeps each test's go build short; the kill between manifests uses two.
      args.addAll(List.of("--platforms", "linux/amd64"));
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static JsonNode row(CliRun run, String kind) {
    for (JsonNode r : run.json().get("artifacts")) {
      if (r.get("kind").asText().equals(kind)) {
        return r;
      }
    }
    throw new AssertionError("no " + kind + " row: " + run);
  }

  /** The bytes of everything the tag 0.1.0 of {@code repository} holds (index, manifests, configs, layers). */
  static long published(String repository) throws IOException {
    Path blobs = registry.storage().resolve("docker/registry/v2/blobs/sha256");
    Path tag = registry.storage().resolve("docker/registry/v2/repositories/ack/" + repository + "/_manifests/tags/0.1.0/current/link");
    return sizeOf(blobs, Files.readString(tag).strip());
  }

  private static long sizeOf(Path blobs, String digest) throws IOException {
    String hex = digest.substring("sha256:".length());
    byte[] bytes = Files.readAllBytes(blobs.resolve(hex.substring(0, 2)).resolve(hex).resolve("data"));
    JsonNode json = PublishIT.JSON.readTree(bytes);
    long total = bytes.length;
    for (JsonNode m : json.path("manifests")) {
      total += sizeOf(blobs, m.path("digest").asText());
    }
    total += json.path("config").path("size").asLong();
    for (JsonNode l : json.path("layers")) {
      total += l.path("size").asLong();
    }
    return total;
  }

  /** verify passes through the proxy (faults cleared), and every tag in the registry is whole. */
  void assertWhole(String service, String... platforms) throws Exception {
    proxy.clearFaults();
    CliRun verify = verify(service, platforms);
    assertEquals(0, verify.exitCode(), verify::toString);
    assertEquals(List.of(), registry.incompleteTags());
  }

  /** verify of v0.1.0 of {@code service} through the proxy, on linux/amd64 unless {@code platforms} say otherwise. */
  CliRun verify(String service, String... platforms) {
    List<String> args = new ArrayList<>(List.of("verify", "--service", service, "v0.1.0", "--registry",
        proxy.address() + "/ack", "--insecure-registry", proxy.address()));
    args.addAll(platforms.length == 0 ? List.of("--platforms", "linux/amd64") : List.of(platforms));
    return Jar.run(home, Map.of(), args.toArray(String[]::new));
  }

  /** git through the CLI, checked. */
  static final class ProcessResultCheck {
    static void git(List<String> cmd) {
      ProcessResult.run(cmd, null, 60).assertOk();
    }
  }
}
