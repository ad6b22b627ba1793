package dev.ackrelease.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check the fault tests end with ({@link RegistryServer#incompleteTags}), on a storage tree
 * laid out as Debian's docker-registry (distribution's filesystem driver) lays it out: it finds a
 * tag on missing content in a nested repository, and an upload in progress (or one removed while
 * it walks) is not a tag; and scripts/registry, which starts one.
 */
class RegistryServerTest {

  @TempDir Path dir;

  @Test
  void aTagOnWholeContentIsFineAndOneOnMissingContentIsReported() throws Exception {
    RegistryServer server = RegistryServer.storageOnly(dir);
    Path repos = server.storage().resolve("docker/registry/v2/repositories");
    String layer = blob(server, "layer bytes");
    String config = blob(server, "{}");
    String manifest = blob(server, "{\"config\":{\"digest\":\"" + config + "\",\"size\":2},\"layers\":[{\"digest\":\"" + layer
        + "\",\"size\":11}]}");
    Path repo = repos.resolve("ack/elb-chart");
    link(repo.resolve("_manifests/revisions/sha256").resolve(hex(manifest)), manifest);
    link(repo.resolve("_layers/sha256").resolve(hex(layer)), layer);
    link(repo.resolve("_layers/sha256").resolve(hex(config)), config);
    link(repo.resolve("_manifests/tags/0.1.0/current"), manifest);
    Files.createDirectories(repo.resolve("_uploads/2a4f58d7/hashstates"));
    Files.writeString(repo.resolve("_uploads/2a4f58d7/startedat"), "2026-12-05T13:00:00Z");
    assertEquals(List.of(), server.incompleteTags());

    String missing = "sha256:" + "0".repeat(64);
    link(repos.resolve("ack/elb-controller/_manifests/tags/0.1.0/current"), missing);
    assertEquals(List.of("ack/elb-controller:0.1.0: manifest " + missing + " is not in the repository"), server.incompleteTags());

    Files.delete(repo.resolve("_layers/sha256").resolve(hex(layer)).resolve("link"));
    assertEquals(List.of("ack/elb-chart:0.1.0: blob " + layer + " is not linked in the repository",
        "ack/elb-controller:0.1.0: manifest " + missing + " is not in the repository"), server.incompleteTags().stream().sorted().toList());
  }

  @Test
  void portZeroStartsOnAFreePortAsNoPortDoes() {
    RegistryServer server = RegistryServer.plain(dir, 0);
    try {
      assertNotEquals("0", server.address().substring(server.address().lastIndexOf(':') + 1), server.address());
    } finally {
      server.stop();
    }
  }

  private static String blob(RegistryServer server, String content) throws Exception {
    String digest = "sha256:" + Hashes.sha256(content.getBytes(StandardCharsets.UTF_8));
    Path data = server.storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex(digest).substring(0, 2)).resolve(hex(digest))
        .resolve("data");
    Files.createDirectories(data.getParent());
    Files.writeString(data, content);
    return digest;
  }

  private static void link(Path dir, String digest) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("link"), digest);
  }

  private static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
