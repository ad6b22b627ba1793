package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.testing.RegistryServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The immutable-push rule against a real registry, on small artifacts of one blob each. */
class ImmutablePushTest {

  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(10));

  @TempDir static Path shared;
  static RegistryServer server;

  @BeforeAll
  static void start() {
    server = RegistryServer.plain(shared.resolve("registry"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  final List<String> logged = new ArrayList<>();

  RegistrySession session() {
    return new RegistrySession(server.plainAccess(), logged::add, FAST);
  }

  /** An OCI manifest over one layer holding {@code text}. */
  static ImmutablePush.Artifact artifact(String name, String tag, String text, boolean movable) {
    byte[] layer = text.getBytes(StandardCharsets.UTF_8);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    String layerDigest = RegistrySession.sha256(layer);
    String configDigest = RegistrySession.sha256(config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":2},"
        + "\"layers\":[{\"mediaType\":\"text/plain\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    return new ImmutablePush.Artifact("chart", name, tag,
        List.of(new ImmutablePush.Blob(configDigest, config.length, () -> new ByteArrayInputStream(config)),
            new ImmutablePush.Blob(layerDigest, layer.length, () -> new ByteArrayInputStream(layer))),
        List.of(), "application/vnd.oci.image.manifest.v1+json", manifest, RegistrySession.sha256(manifest), layerDigest,
        f -> f.json().path("layers").path(0).path("digest").asText(), movable, "same layer");
  }

  @Test
  void pushesThenSkipsTheSameAndRefusesAnotherUnderAnImmutableTag() throws Exception {
    ImmutablePush push = new ImmutablePush(logged::add);
    PublishedArtifact first = push.publish(session(), artifact("fixed", "1.0.0", "one", false), false);
    assertEquals(Action.PUSHED, first.action());
    Map<String, String> before = server.storageSnapshot();

    assertEquals(Action.ALREADY_PUBLISHED, push.publish(session(), artifact("fixed", "1.0.0", "one", false), false).action());
    ReleaseException refused = assertThrows(ReleaseException.class,
        () -> push.publish(session(), artifact("fixed", "1.0.0", "two", false), false));
    assertEquals(ReleaseException.Kind.REFUSED, refused.kind());
    assertEquals(Action.WOULD_REFUSE, push.publish(session(), artifact("fixed", "1.0.0", "two", false), true).action());
    assertEquals(before, server.storageSnapshot(), "nothing was written after the first push");
  }

  @Test
  void aMovableTagWithTheSameContentIsNotPushedAgainAndMovesForOtherContent() throws Exception {
    ImmutablePush push = new ImmutablePush(logged::add);
    assertEquals(Action.PUSHED, push.publish(session(), artifact("moving", "v1-stable", "one", true), false).action());
    Map<String, String> before = server.storageSnapshot();

    PublishedArtifact same = push.publish(session(), artifact("moving", "v1-stable", "one", true), false);
    assertEquals(Action.ALREADY_PUBLISHED, same.action());
    assertEquals(0, same.bytesPushed());
    assertEquals(before, server.storageSnapshot(), "the same content is not pushed again");

    ImmutablePush.Artifact other = artifact("moving", "v1-stable", "two", true);
    assertEquals(Action.PUSHED, push.publish(session(), other, false).action());
    assertEquals(other.topDigest(), session().manifest("moving", "v1-stable").orElseThrow().digest());
  }

  @Test
  void aReadBackThatDiffersFromWhatWasPushedFails() {
    // Another writer moves the tag between this push and its read-back.
    ImmutablePush.Artifact ours = artifact("raced", "1.0.0", "ours", false);
    ImmutablePush.Artifact theirs = artifact("raced", "1.0.0", "theirs", false);
    Log racing = message -> {
      logged.add(message);
      if (message.startsWith("reading ") && message.contains(" back: it must hold ")) {
        new ImmutablePush(Log.NONE).publish(session(), new ImmutablePush.Artifact(theirs.kind(), theirs.name(), theirs.tag(),
            theirs.blobs(), theirs.children(), theirs.topMediaType(), theirs.top(), theirs.topDigest(), theirs.identity(),
            theirs.remoteIdentity(), true, theirs.sameDetail()), false);
      }
    };
    ReleaseException e = assertThrows(ReleaseException.class, () -> new ImmutablePush(racing).publish(session(), ours, false));
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("not at " + ours.topDigest()), e.getMessage());
  }
}
