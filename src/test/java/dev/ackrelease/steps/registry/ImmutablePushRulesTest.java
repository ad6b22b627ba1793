package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Sizes;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.SharedRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How an artifact reaches its tag, against a real registry: only the blobs and child manifests
 * the registry lacks are sent, the top manifest last; a dry run says exactly what it would send;
 * the push-access check of the release's repositories comes before the first byte; each row
 * counts only its own traffic; a tag moved by someone else in between is read again.
 */
class ImmutablePushRulesTest {

  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));
  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  final List<String> logged = new ArrayList<>();

  RegistrySession session() {
    return new RegistrySession(SharedRegistry.get().plainAccess(), logged::add, FAST);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ImmutablePush.Blob blob(byte[] content) {
    return new ImmutablePush.Blob(RegistrySession.sha256(content), content.length, () -> new ByteArrayInputStream(content));
  }

  /** An image manifest over {@code config} and one layer. */
  static byte[] manifest(byte[] config, byte[] layer) {
    return bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image"
        + ".config.v1+json\",\"digest\":\"" + RegistrySession.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{"
        + "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + RegistrySession.sha256(layer) + "\",\"size\":"
        + layer.length + "}]}");
  }

  /** A two-platform image: an index over two manifests, each with its config and layer. */
  static ImmutablePush.Artifact image(String name, String tag, String text) {
    List<ImmutablePush.Blob> blobs = new ArrayList<>();
    List<ImmutablePush.Child> children = new ArrayList<>();
    StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[");
    for (String arch : List.of("amd64", "arm64")) {
      byte[] config = bytes("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"comment\":\"" + text + "\"}");
      byte[] layer = bytes(text + " for " + arch);
      blobs.add(blob(config));
      blobs.add(blob(layer));
      byte[] m = manifest(config, layer);
      children.add(new ImmutablePush.Child("linux/" + arch, RegistrySession.sha256(m), MANIFEST, m));
      index.append(arch.equals("amd64") ? "" : ",").append("{\"mediaType\":\"" + MANIFEST + "\",\"digest\":\"")
          .append(RegistrySession.sha256(m)).append("\",\"size\":").append(m.length)
          .append(",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}");
    }
    byte[] top = bytes(index.append("]}").toString());
    String digest = RegistrySession.sha256(top);
    return new ImmutablePush.Artifact("image", name, tag, blobs, children, INDEX, top, digest, digest,
        RegistrySession.Fetched::digest, false, "same index");
  }

  static long size(ImmutablePush.Artifact a) {
    return a.blobs().stream().mapToLong(ImmutablePush.Blob::size).sum()
        + a.children().stream().mapToLong(c -> c.bytes().length).sum() + a.top().length;
  }

  @Test
  void aDryRunSaysWhatItWouldSendAndSendsNothing() throws Exception {
    String name = SharedRegistry.unique("dry");
    ImmutablePush.Artifact a = image(name, "1.0.0", "dry");
    PublishedArtifact row = new ImmutablePush(logged::add).publish(session(), a, true);
    assertEquals(Action.WOULD_PUSH, row.action());
    assertEquals(a.topDigest(), row.digest());
    assertEquals(size(a), row.bytesPushed());
    long blobBytes = a.blobs().stream().mapToLong(ImmutablePush.Blob::size).sum();
    assertEquals("would push 4 of 4 blobs (" + Sizes.binary(blobBytes) + "), 2 manifests and the image manifest",
        row.detail());
    assertEquals(SharedRegistry.get().address() + "/ack/" + name + ":1.0.0", row.ref());
    assertEquals("image", row.kind());
    assertTrue(row.elapsed().compareTo(Duration.ZERO) >= 0 && row.elapsed().compareTo(Duration.ofMinutes(1)) < 0, row.toString());
    assertEquals(0, SharedRegistry.get().requests().stream().filter(r -> r.contains("/" + name + "/")
        && !r.startsWith("GET") && !r.startsWith("HEAD")).count(), "nothing written");
  }

  @Test
  void onlyWhatTheRegistryLacksIsSentAndTheRowCountsItsOwnBytes() throws Exception {
    String name = SharedRegistry.unique("partial");
    ImmutablePush.Artifact a = image(name, "1.0.0", "partial");
    RegistrySession s = session();
    // A run that died halfway left the first platform's blobs and manifest.
    ImmutablePush.Child first = a.children().get(0);
    for (ImmutablePush.Blob b : a.blobs().subList(0, 2)) {
      s.pushBlob(name, b.digest(), b.size(), b.content());
    }
    s.putManifest(name, first.digest(), first.mediaType(), first.bytes());
    long sentBefore = s.bytesSent(name);

    RegistrySession resumed = session();
    PublishedArtifact dry = new ImmutablePush(logged::add).publish(resumed, a, true);
    long missingBlobs = a.blobs().get(2).size() + a.blobs().get(3).size();
    assertEquals("would push 2 of 4 blobs (" + Sizes.binary(missingBlobs) + "), 2 manifests and the image manifest",
        dry.detail());
    assertEquals(missingBlobs + a.children().get(0).bytes().length + a.children().get(1).bytes().length + a.top().length,
        dry.bytesPushed());

    PublishedArtifact row = new ImmutablePush(logged::add).publish(resumed, a, false);
    assertEquals(Action.PUSHED, row.action());
    assertEquals("pushed 2 of 4 blobs (" + Sizes.binary(missingBlobs) + "), 1 of 2 manifests and the image manifest",
        row.detail());
    assertEquals(missingBlobs + a.children().get(1).bytes().length + a.top().length, row.bytesPushed());
    assertEquals(0, row.retries());
    assertTrue(sentBefore > 0);
    assertEquals(1, SharedRegistry.get().requests().stream().filter(r -> r.equals("PUT /v2/ack/" + name + "/manifests/"
        + first.digest())).count(), "the manifest already there is not sent again");
    assertEquals(List.of(), SharedRegistry.get().incompleteTags().stream().filter(p -> p.contains(name)).toList());

    // A second artifact in the same repository and session: its row counts its bytes only.
    ImmutablePush.Artifact b = image(name, "2.0.0", "second");
    PublishedArtifact second = new ImmutablePush(logged::add).publish(resumed, b, false);
    assertEquals(size(b), second.bytesPushed());
    assertEquals("pushed 4 of 4 blobs (" + Sizes.binary(b.blobs().stream().mapToLong(ImmutablePush.Blob::size).sum())
        + "), 2 of 2 manifests and the image manifest", second.detail());
  }

  @Test
  void aRowCountsTheRetriesOfItsOwnRequests() throws Exception {
    String name = SharedRegistry.unique("retries");
    try (FaultProxy proxy = new FaultProxy(SharedRegistry.get().address())) {
      RegistrySession s = new RegistrySession(new RegistryAccess(Registry.parse(proxy.address() + "/ack"), Optional.empty(), true,
          Optional.empty()), logged::add, FAST);
      ImmutablePush push = new ImmutablePush(logged::add);
      proxy.fail("GET", "/v2/ack/" + name + "/manifests/1.0.0", 1, FaultProxy.status(503));
      PublishedArtifact first = push.publish(s, image(name, "1.0.0", "r1"), false);
      assertEquals(1, first.retries());
      assertTrue(logged.stream().anyMatch(line -> line.matches(Pattern.quote("pushed " + first.ref() + " (" + first.digest() + ", "
          + Sizes.binary(first.bytesPushed()) + " sent, 1 retry, ") + "[0-9]+\\.[0-9] s\\)")), logged.toString());

      proxy.fail("PUT", "/v2/ack/" + name + "/manifests/2.0.0", 1, FaultProxy.status(502));
      proxy.fail("HEAD", "/v2/ack/" + name + "/blobs/", 1, FaultProxy.status(500));
      PublishedArtifact second = push.publish(s, image(name, "2.0.0", "r2"), false);
      assertEquals(2, second.retries());
      assertEquals(3, s.retries(name));
      assertTrue(logged.stream().anyMatch(line -> line.matches(Pattern.quote("pushed " + second.ref() + " (" + second.digest() + ", "
          + Sizes.binary(second.bytesPushed()) + " sent, 2 retries, ") + "[0-9]+\\.[0-9] s\\)")), logged.toString());

      // Already published: nothing sent, the look-up's retry counted.
      s.forget(name, "1.0.0");
      proxy.fail("GET", "/v2/ack/" + name + "/manifests/1.0.0", 1, FaultProxy.status(503));
      PublishedArtifact skipped = push.publish(s, image(name, "1.0.0", "r1"), false);
      assertEquals(Action.ALREADY_PUBLISHED, skipped.action());
      assertEquals(0, skipped.bytesPushed());
      assertEquals(1, skipped.retries());
      assertEquals("same index", skipped.detail());
      assertEquals(first.digest(), skipped.digest());
    }
  }

  @Test
  void aPushWaitsForTheReleasesOtherRepositoriesToTakePushes() throws Exception {
    String image = SharedRegistry.unique("first-image");
    String chart = SharedRegistry.unique("first-chart");
    try (FaultProxy proxy = new FaultProxy(SharedRegistry.get().address())) {
      RegistrySession s = new RegistrySession(new RegistryAccess(Registry.parse(proxy.address() + "/ack"), Optional.empty(), true,
          Optional.empty()), logged::add, FAST);
      s.writesTogether(List.of(image, chart));
      proxy.fail("POST", "/v2/ack/" + chart + "/blobs/uploads/", -1, FaultProxy.status(403));
      ReleaseException e = assertThrows(ReleaseException.class, () -> new ImmutablePush(logged::add).publish(s,
          image(image, "1.0.0", "guarded"), false));
      assertTrue(e.getMessage().contains("denied check of push access to " + proxy.address() + "/ack/" + chart), e.getMessage());
      assertEquals(List.of(), proxy.seen("PUT", "/v2/ack/" + image + "/"), "nothing of the image was sent");
      // A dry run checks nothing and writes nothing.
      assertEquals(Action.WOULD_PUSH, new ImmutablePush(logged::add).publish(s, image(image, "1.0.0", "guarded"), true).action());
    }
  }

  @Test
  void aDryRunOfAMovingTagSaysSoAndAReleasedTagSaysItWouldRefuse() {
    String name = SharedRegistry.unique("moving");
    ImmutablePush push = new ImmutablePush(logged::add);
    ImmutablePush.Artifact one = image(name, "v1-stable", "one");
    push.publish(session(), one, false);
    ImmutablePush.Artifact two = image(name, "v1-stable", "two");
    ImmutablePush.Artifact movable = new ImmutablePush.Artifact(two.kind(), two.name(), two.tag(), two.blobs(), two.children(),
        two.topMediaType(), two.top(), two.topDigest(), two.identity(), two.remoteIdentity(), true, two.sameDetail());
    PublishedArtifact dry = push.publish(session(), movable, true);
    assertEquals(Action.WOULD_PUSH, dry.action());
    assertTrue(dry.detail().endsWith(" (moving the tag)"), dry.detail());
    PublishedArtifact moved = push.publish(session(), movable, false);
    assertTrue(moved.detail().endsWith("and the image manifest (moving the tag)"), moved.detail());

    PublishedArtifact refused = push.publish(session(), one, true);
    assertEquals(Action.WOULD_REFUSE, refused.action());
    assertEquals(one.topDigest(), refused.digest());
    assertTrue(refused.detail().startsWith("refusing to overwrite " + SharedRegistry.get().address() + "/ack/" + name
        + ":v1-stable: the registry has " + two.topDigest()), refused.detail());
    PublishedArtifact same = push.publish(session(), movable, true);
    assertEquals(Action.WOULD_SKIP, same.action());
    assertEquals(0, same.bytesPushed());
  }

  @Test
  void aTagMovedByAnotherPushInBetweenIsReadAgainAfterTheRace() {
    String name = SharedRegistry.unique("raced");
    ImmutablePush.Artifact ours = image(name, "1.0.0", "ours");
    ImmutablePush.Artifact theirs = image(name, "1.0.0", "theirs");
    ImmutablePush.Artifact third = image(name, "1.0.0", "third");
    RegistrySession s = session();
    ImmutablePush racing = new ImmutablePush(message -> {
      if (message.startsWith("reading ") && message.contains(" back: it must hold ")) {
        new ImmutablePush(logged::add).publish(session(), movable(theirs), false);
      }
    });
    ReleaseException e = assertThrows(ImmutablePush.Raced.class, () -> racing.publish(s, ours, false));
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertEquals("after the push " + SharedRegistry.get().address() + "/ack/" + name + ":1.0.0 points at " + theirs.topDigest()
        + ", not at " + ours.topDigest() + ": another push raced this one; check the registry and run again", e.getMessage());
    new ImmutablePush(logged::add).publish(session(), movable(third), false);
    assertEquals(third.topDigest(), s.manifest(name, "1.0.0").orElseThrow().digest(), "the raced tag is asked again");
  }

  static ImmutablePush.Artifact movable(ImmutablePush.Artifact a) {
    return new ImmutablePush.Artifact(a.kind(), a.name(), a.tag(), a.blobs(), a.children(), a.topMediaType(), a.top(),
        a.topDigest(), a.identity(), a.remoteIdentity(), true, a.sameDetail());
  }

  @Test
  void sizesAreInBinaryUnitsSpelledAsSuch() {
    assertEquals("0 B", Sizes.binary(0));
    assertEquals("1023 B", Sizes.binary(1023));
    assertEquals("1.0 KiB", Sizes.binary(1024));
    assertEquals("1.5 KiB", Sizes.binary(1536));
    assertEquals("1.0 MiB", Sizes.binary((1 << 20) - 1));
    assertEquals("1.0 MiB", Sizes.binary(1 << 20));
    assertEquals("2.5 MiB", Sizes.binary(5L << 19));
  }
}
