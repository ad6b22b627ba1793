package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input that can fail later is checked before the first push: a release is either fully
 * published or nothing immutable was pushed because of bad input.
 */
class PreflightIT {

  @TempDir Path tmp;

  /**
   * Credentials that may push the image but not the chart (a token realm granting pull only on
   * the chart repository): before the first push, push access to both repositories is checked,
   * so the run fails (exit 4, naming the chart repository) with nothing pushed, not after the
   * image became immutable.
   */
  @Test
  void credentialsThatMayNotPushTheChartStopTheRunBeforeTheImageIsPushed() throws Exception {
    try (TokenServer tokens = new TokenServer(tmp.resolve("tokens"));
         RegistryServer bearer = RegistryServer.tokenAuth(tmp.resolve("registry"), tokens)) {
      String ns = bearer.address() + "/ack";
      tokens.accept("s3cret-token");
      tokens.pullOnly("ack/kafka-chart");
      GitFixture repo = SampleController.create(tmp, "kafka");
      PublishIT.prepareAndTag(repo, "kafka", "v0.1.0", ns);
      Path home = Files.createDirectories(tmp.resolve("home"));
      Map<String, String> login = Map.of("ACK_RELEASE_REGISTRY_USERNAME", "AWS", "ACK_RELEASE_REGISTRY_PASSWORD", "s3cret-token");
      Map<String, String> before = bearer.storageSnapshot();

      CliRun run = Jar.run(home, login, "publish", "--controller-dir", repo.dir().toString(), "--registry", ns,
          "--insecure-registry", bearer.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
          tmp.resolve("cache").toString());

      assertEquals(4, run.exitCode(), run::toString);
      assertTrue(run.errorLine().contains("push access to " + ns + "/kafka-chart"), run.errorLine());
      // The check's own upload session may stay behind where the token may not cancel it (DELETE
      // needs the "delete" action): it holds no content, and the registry purges it as any
      // abandoned upload. No blob, manifest or tag was added.
      assertEquals(withoutUploads(before), withoutUploads(bearer.storageSnapshot()), "nothing was pushed, not even the image");
      assertTrue(!run.err().contains("s3cret-token"), "the token is a secret");
      assertEquals(List.of(), bearer.incompleteTags());
    }
  }

  static Map<String, String> withoutUploads(Map<String, String> snapshot) {
    Map<String, String> content = new TreeMap<>(snapshot);
    content.keySet().removeIf(path -> path.contains("/_uploads/"));
    return content;
  }
}
