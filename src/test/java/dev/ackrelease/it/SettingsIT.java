package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings in the repo, end to end (issue 21, item 1): a controller whose .ack-release.yaml says
 * --platforms linux/amd64, in a workspace whose root's file names the registry, is prepared,
 * tagged and published with no flags, in its clone, by the jar; plan, verify, await and
 * publish --dry-run, with no flags either, agree with that publish (unchanged, exit 0);
 * a variable or a flag still wins over the file; config shows where each value came from.
 */
class SettingsIT {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @TempDir Path tmp;

  static CliRun run(Path dir, Map<String, String> env, String... args) {
    return Jar.runIn(dir, home, env, args);
  }

  static CliRun ok(CliRun run) {
    assertEquals(0, run.exitCode(), run::toString);
    return run;
  }

  static List<String> actions(CliRun run) {
    List<String> actions = new ArrayList<>();
    run.json().get("artifacts").forEach(a -> actions.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    return actions;
  }

  @Test
  void aReleaseMadeWithTheRepositorysSettingsIsThePlanVerifyAndRepublishOfEveryRunWithNoFlags() throws Exception {
    Path ws = tmp.resolve("ack");
    GitFixture repo = SampleController.create(ws, "s3");
    Path clone = repo.dir();
    // The workspace root's settings: where every controller in it is released (not committed anywhere).
    Files.writeString(ws.resolve(".ack-release.yaml"), "# the workspace root\nregistry: " + registry.address() + "/ack\n"
        + "insecure-registry: [" + registry.address() + "]\nbase-image: scratch\ncache-dir: .cache\n");
    // s3's own, committed with it: one platform.
    Files.writeString(clone.resolve(".ack-release.yaml"), "# s3-controller\nplatforms: [linux/amd64]\nservice: s3\n");
    repo.commit("ack-release settings");
    Map<String, String> env = Map.of();

    // prepare takes the registry publish pushes to: no --image-repository, no --service.
    CliRun prepare = ok(run(clone, env, "prepare", "v0.1.0", "--output", "json"));
    assertEquals(registry.address() + "/ack/s3-controller", prepare.json().get("imageRepository").asText());
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-v0.1.0");
    ok(run(clone, env, "tag", "v0.1.0", "--quiet"));

    CliRun publish = ok(run(clone, env, "publish", "--output", "json"));
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(publish));
    assertTrue(Files.isDirectory(ws.resolve(".cache")), "cache-dir is relative to the file that names it");
    JsonNode index = JSON.readTree(ProcessResult.run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw",
        "docker://" + registry.address() + "/ack/s3-controller:0.1.0"), null, 120).assertOk().stdout());
    assertEquals(1, index.get("manifests").size(), "linux/amd64 only: " + index);

    // With no flags, every command agrees with that publish.
    assertEquals(List.of("image: unchanged", "chart: unchanged"),
        actions(ok(run(clone, env, "plan", "--output", "json"))));
    CliRun verify = ok(run(clone, env, "verify"));
    assertTrue(verify.out().startsWith("Verified s3 v0.1.0 in " + registry.address() + "/ack:"), verify.out());
    ok(run(clone, env, "await", "v0.1.0", "--timeout", "10s"));
    assertEquals(List.of("image: unchanged", "chart: unchanged"),
        actions(ok(run(clone, env, "publish", "--dry-run", "--output", "json"))));

    // A variable wins over the file, a flag over both: the other platform list is another build.
    List<String> both = List.of("image: conflict", "chart: conflict");
    CliRun fromEnv = run(clone, Map.of("ACK_RELEASE_PLATFORMS", "linux/amd64,linux/arm64"), "plan", "--output", "json");
    assertEquals("conflict", fromEnv.json().get("artifacts").get(0).get("action").asText(), fromEnv::toString);
    CliRun fromFlag = run(clone, env, "plan", "--output", "json", "--platforms", "linux/amd64,linux/arm64");
    assertEquals("conflict", fromFlag.json().get("artifacts").get(0).get("action").asText(), fromFlag::toString);
    assertEquals(3, fromFlag.exitCode(), "a conflict is publish's refusal predicted: " + fromFlag);
    assertEquals(both.size(), fromFlag.json().get("artifacts").size());
    CliRun verifyBoth = run(clone, Map.of("ACK_RELEASE_PLATFORMS", "linux/amd64,linux/arm64"), "verify");
    assertEquals(5, verifyBoth.exitCode(), verifyBoth::toString);

    // config: each value and where it came from, as git config --show-origin says it.
    CliRun config = ok(run(clone, Map.of("ACK_RELEASE_MODE", "release"), "config", "--output", "json", "plan", "--dry-run"));
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    config.json().get("settings").forEach(r -> rows.put(r.get("key").asText(), r));
    assertOrigin(rows.get("platforms"), "file", ".ack-release.yaml", 2, "linux/amd64");
    assertOrigin(rows.get("service"), "file", ".ack-release.yaml", 3, "s3");
    assertOrigin(rows.get("registry"), "file", "../.ack-release.yaml", 2, registry.address() + "/ack");
    assertOrigin(rows.get("cache-dir"), "file", "../.ack-release.yaml", 5, "../.cache");
    assertEquals("env", rows.get("mode").get("origin").asText());
    assertEquals("flag", rows.get("dry-run").get("origin").asText());
    assertEquals("default", rows.get("image-user").get("origin").asText());
    assertEquals("1000", rows.get("image-user").get("value").asText());
    CliRun text = ok(run(clone, env, "config"));
    assertTrue(text.out().contains("\nfile:../.ack-release.yaml:2"), text.out());
    assertTrue(text.out().endsWith("Files, the first winning: .ack-release.yaml (2 keys), ../.ack-release.yaml (4 keys).\n"),
        text.out());
    // await and ci prow read the working directory's settings too.
    CliRun await = ok(run(clone, env, "config", "--output", "json", "await", "v0.1.0"));
    assertTrue(await.out().contains("\"file\" : \"../.ack-release.yaml\""), await.out());
    Files.writeString(ws.resolve(".ack-release.yaml"), "image-version: 9.9.9\n", StandardOpenOption.APPEND);
    CliRun prow = ok(run(clone, env, "ci", "prow", "--controllers", "s3"));
    assertTrue(prow.out().contains("ack-release-9.9.9"), prow.out());
  }

  static void assertOrigin(JsonNode row, String origin, String file, int line, String value) {
    assertEquals(origin, row.get("origin").asText(), row::toString);
    assertEquals(file, row.get("file").asText(), row::toString);
    assertEquals(line, row.get("line").asInt(), row::toString);
    assertEquals(value, row.get("value").asText(), row::toString);
  }

  /**
   * From s3's clone, --service s3,sns would release sns with s3's own settings: refused before
   * anything starts, naming the file; from the workspace root's file, the run goes on.
   */
  @Test
  void aRunOverSeveralServicesFromOneClonesSettingsIsRefused() throws Exception {
    Path ws = tmp.resolve("ack");
    GitFixture s3 = SampleController.create(ws, "s3");
    SampleController.create(ws, "sns");
    Files.writeString(s3.dir().resolve(".ack-release.yaml"), "platforms: linux/amd64\n");
    CliRun refused = run(s3.dir(), Map.of(), "plan", "--service", "s3,sns", "--registry", registry.address() + "/ack",
        "--insecure-registry", registry.address());
    assertEquals(2, refused.exitCode(), refused::toString);
    assertEquals("error: .ack-release.yaml:1: platforms is linux/amd64 in this run over several services, but sns's clone"
        + " does not read that file: set it in the workspace root's settings for every service, or release each alone in"
        + " its clone", refused.errorLine());
    Files.delete(s3.dir().resolve(".ack-release.yaml"));
    Files.writeString(ws.resolve(".ack-release.yaml"), "platforms: linux/amd64\n");
    CliRun planned = run(s3.dir(), Map.of(), "plan", "--service", "s3,sns", "--registry", registry.address() + "/ack",
        "--insecure-registry", registry.address(), "--output", "json");
    assertTrue(planned.out().contains("\"service\" : \"sns\""), planned::toString);
    assertTrue(!planned.err().contains(".ack-release.yaml"), planned::toString);
  }
}
