package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet against the real registry: many services in one run (a workspace, or a list), plan
 * (text, JSON, a GitHub Actions matrix), await, and releases at the same moment. Every service
 * verifies afterwards and every tag in the registry points at complete content.
 */
class FleetIT {

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;

  @TempDir Path tmp;

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

  static String ns() {
    return registry.address() + "/ack";
  }

  /** A released sample controller in {@code workspace}. */
  static GitFixture released(Path workspace, String service) {
    GitFixture repo = SampleController.create(workspace, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", ns());
    return repo;
  }

  static List<String> registryArgs() {
    return List.of("--registry", ns(), "--insecure-registry", registry.address());
  }

  static String[] args(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(registryArgs());
    if (!command.equals("verify") && !command.equals("await")) {
      args.addAll(List.of("--base-image", "scratch"));
      if (!List.of(extra).contains("--cache-dir")) {
        args.addAll(List.of("--cache-dir", cache.toString()));
      }
    }
    args.addAll(List.of("--platforms", "linux/amd64"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static JsonNode service(CliRun run, String name) {
    for (JsonNode s : run.json().get("services")) {
      if (s.get("service").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no service " + name + " in " + run);
  }

  static List<String> actions(JsonNode service) {
    List<String> actions = new ArrayList<>();
    service.get("artifacts").forEach(a -> actions.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    return actions;
  }

  void assertVerifies(String service) throws IOException {
    CliRun verify = Jar.run(home, Map.of(), args("verify", "--service", service, "v0.1.0"));
    assertEquals(0, verify.exitCode(), verify::toString);
  }

  @Test
  void aWorkspaceOfFiveServicesIsPublishedInOneRunThreeAtATime() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    List<String> services = List.of("acm", "apigateway", "cloudfront", "dynamodb", "lambda");
    for (String s : services) {
      released(workspace, s);
    }
    Files.createDirectories(workspace.resolve("notes-controller")); // not a clone: ignored
    Path report = tmp.resolve("fleet.json");

    CliRun run = Jar.run(home, Map.of(), args("publish", "--workspace", workspace.toString(), "--parallel", "3",
        "--output", "json", "--report", report.toString(), "--verbose"));

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.json().get("ok").asBoolean());
    assertEquals(services, run.json().get("services").findValuesAsText("service"));
    for (String s : services) {
      assertEquals(List.of("image: pushed", "chart: pushed"), actions(service(run, s)), s);
      assertEquals(0, service(run, s).get("exitCode").asInt());
      assertTrue(service(run, s).get("verified").asBoolean());
    }
    assertEquals(run.json(), PublishIT.JSON.readTree(Files.readString(report)), "the report is the same document");
    // One JVM, one authentication and one session for the registry, whatever the number of services.
    assertEquals(1, run.errLines().stream().filter(l -> l.contains("registry " + registry.address() + ": anonymous")).count(),
        run::toString);
    // Progress lines name their service (the build steps show with --verbose).
    assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("lambda: building ./cmd/controller")), run::toString);
    assertVerifies("acm");
    // verify over the workspace: each clone at the release tag at its HEAD, through one session.
    CliRun verified = Jar.run(home, Map.of(), args("verify", "--workspace", workspace.toString(), "--output", "json"));
    assertEquals(0, verified.exitCode(), verified::toString);
    for (String s : services) {
      assertEquals(List.of("image: verified", "chart: verified"), actions(service(verified, s)), s);
      assertEquals(service(run, s).get("artifacts").get(0).get("digest"), service(verified, s).get("artifacts").get(0).get("digest"));
    }
    CliRun listed = Jar.run(home, Map.of(), args("verify", "--service", "acm,lambda", "v0.1.0"));
    assertEquals(0, listed.exitCode(), listed::toString);
    CliRun unreleased = Jar.run(home, Map.of(), args("verify", "--service", "acm,lambda", "v0.2.0"));
    assertEquals(5, unreleased.exitCode(), unreleased::toString);
    assertEquals(List.of(), registry.incompleteTags());

    // Run again: everything is already published, decided from the registry alone.
    CliRun again = Jar.run(home, Map.of(), args("publish", "--workspace", workspace.toString(), "--output", "json"));
    assertEquals(0, again.exitCode(), again::toString);
    for (String s : services) {
      assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(service(again, s)), s);
    }
  }

  @Test
  void aFailingServiceDoesNotStopTheOthersAndTheExitCodeIsTheMostSevere() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "ec2");
    GitFixture dirty = released(workspace, "efs");
    Files.writeString(dirty.dir().resolve("cmd/controller/main.go"), "\n", StandardOpenOption.APPEND); // refused: exit 3
    GitFixture mismatched = released(workspace, "eks");
    mismatched.write("helm/values.yaml", Files.readString(mismatched.dir().resolve("helm/values.yaml"))
        .replace("tag: 0.1.0", "tag: 0.0.9"));
    mismatched.commit("Wrong image tag");
    mismatched.git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0"); // verification: exit 5

    CliRun run = Jar.run(home, Map.of(), args("publish", "--workspace", workspace.toString(), "--parallel", "2",
        "--output", "json"));

    assertEquals(5, run.exitCode(), run::toString);
    assertEquals(5, run.json().get("exitCode").asInt());
    assertFalse(run.json().get("ok").asBoolean());
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(service(run, "ec2")));
    assertEquals(3, service(run, "efs").get("exitCode").asInt(), run::toString);
    assertEquals(5, service(run, "eks").get("exitCode").asInt(), run::toString);
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    assertTrue(run.errorLine().contains("2 of 3 services failed") && run.errorLine().contains("efs (exit 3")
        && run.errorLine().contains("eks (exit 5"), run.errorLine());
    assertVerifies("ec2");

    // --fail-fast, one at a time: after the first failure nothing more starts.
    CliRun fast = Jar.run(home, Map.of(), args("publish", "--workspace", workspace.toString(), "--parallel", "1",
        "--fail-fast", "--output", "json"));
    assertEquals(3, fast.exitCode(), fast::toString);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(service(fast, "ec2")));
    assertEquals(3, service(fast, "efs").get("exitCode").asInt());
    assertTrue(service(fast, "eks").get("skipped").asBoolean(), fast::toString);
  }

  @Test
  void aListOfServicesIsFoundBesideTheCurrentDirectoryAndBadFleetInputIsExit2() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("ws"));
    released(workspace, "kafka");
    released(workspace, "kinesis");
    // As a single run finds a service: the clone beside the current directory.
    Path here = workspace.resolve("kafka-controller");
    CliRun run = Jar.runIn(here, home, Map.of(), args("publish", "--service", "kafka,kinesis", "--output", "json"));
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of("kafka", "kinesis"), run.json().get("services").findValuesAsText("service"));

    for (List<String> bad : List.of(
        List.of("--workspace", workspace.toString(), "--service", "kafka"),
        List.of("--workspace", workspace.toString(), "--controller-dir", here.toString()),
        List.of("--workspace", workspace.toString(), "--parallel", "0"),
        List.of("--workspace", tmp.resolve("nowhere").toString()),
        List.of("--service", "kafka,kafka"),
        List.of("--service", "kafka,Bad_Name"))) {
      List<String> all = new ArrayList<>(List.of(args("publish")));
      all.addAll(bad);
      Map<String, String> before = registry.storageSnapshot();
      CliRun refused = Jar.run(home, Map.of(), all.toArray(String[]::new));
      assertEquals(2, refused.exitCode(), bad + ": " + refused);
      assertEquals(1, refused.errLines().stream().filter(l -> l.startsWith("error: ")).count(), refused::toString);
      assertEquals(before, registry.storageSnapshot(), bad + " pushed nothing");
    }
  }

  /**
   * An option every service is given alike is checked once, before the first service starts: a bad
   * one is one line naming it, exit 2, no request to the registry, nothing pushed and no report,
   * as for a single service (not each service failing alike, with a report of the failures).
   */
  @Test
  void aBadOptionEveryServiceIsGivenStopsTheFleetBeforeTheFirstServiceStarts() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("ws"));
    released(workspace, "iam");
    released(workspace, "ram");
    Path report = tmp.resolve("fleet.json");

    for (List<String> bad : List.of(
        List.of("publish", "--image-user", "root!"),
        List.of("publish", "--main-package", "-toolexec=/bin/true"),
        List.of("publish", "--version-package", "./pkg/version"),
        List.of("publish", "--go", tmp.resolve("no-go").toString()),
        List.of("publish", "--sign-key", tmp.resolve("no-key.pem").toString()),
        List.of("plan", "--image-user", "99999999999"))) {
      List<String> all = new ArrayList<>(List.of(args(bad.get(0), "--workspace", workspace.toString(), "--parallel", "2",
          "--report", report.toString())));
      all.addAll(bad.subList(1, bad.size()));
      int requests = registry.requests().size();
      Map<String, String> before = registry.storageSnapshot();

      CliRun refused = Jar.run(home, Map.of(), all.toArray(String[]::new));

      assertEquals(2, refused.exitCode(), bad + ": " + refused);
      assertEquals(1, refused.errLines().size(), refused::toString);
      assertTrue(refused.errorLine().contains(bad.get(1)) && !refused.errorLine().contains("services failed"), refused::toString);
      assertEquals(requests, registry.requests().size(), bad + " sent no request to the registry");
      assertEquals(before, registry.storageSnapshot(), bad + " pushed nothing");
      assertFalse(Files.exists(report), bad + " wrote no report");
    }
  }

  @Test
  void planSaysWhatPublishWouldDoWithoutBuildingOrPushing() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    GitFixture repo = released(workspace, "sfn");
    released(workspace, "mq");
    Map<String, String> before = registry.storageSnapshot();
    Path planCache = tmp.resolve("plan-cache");

    CliRun plan = Jar.run(home, Map.of(), args("plan", "--controller-dir", repo.dir().toString(), "--output", "json",
        "--cache-dir", planCache.toString()));

    assertEquals(0, plan.exitCode(), plan::toString);
    List<String> actions = new ArrayList<>();
    plan.json().get("artifacts").forEach(a -> actions.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    assertEquals(List.of("image: push", "chart: push"), actions);
    assertEquals(before, registry.storageSnapshot(), "plan pushes nothing");
    assertFalse(Files.exists(planCache), "plan builds nothing and writes no cache");
    assertFalse(plan.err().contains("building"), plan::toString);

    CliRun matrix = Jar.run(home, Map.of(), args("plan", "--workspace", workspace.toString(), "--output", "github-matrix"));
    assertEquals(0, matrix.exitCode(), matrix::toString);
    assertEquals(1, matrix.out().strip().lines().count(), "one line of JSON for $GITHUB_OUTPUT: " + matrix.out());
    JsonNode include = PublishIT.JSON.readTree(matrix.out()).get("include");
    assertEquals(List.of("mq", "sfn"), include.findValuesAsText("service"));
    assertEquals("0.1.0", include.get(0).get("version").asText());
    assertEquals("v0.1.0", include.get(0).get("tag").asText());

    // Published: nothing to do, and the matrix is empty.
    assertEquals(0, Jar.run(home, Map.of(), args("publish", "--controller-dir", repo.dir().toString())).exitCode());
    CliRun after = Jar.run(home, Map.of(), args("plan", "--controller-dir", repo.dir().toString()));
    assertEquals(0, after.exitCode(), after::toString);
    assertTrue(after.out().contains("unchanged"), after::toString);
    CliRun none = Jar.run(home, Map.of(), args("plan", "--service", "sfn", "--controller-dir", repo.dir().toString(),
        "--output", "github-matrix"));
    assertEquals("{\"include\":[]}", none.out().strip());

    // Other inputs for the same version: a conflict; a tag published without inputs: unknown until built.
    CliRun conflict = Jar.run(home, Map.of(), args("plan", "--controller-dir", repo.dir().toString(), "--image-user", "1001",
        "--output", "json"));
    assertEquals("conflict", conflict.json().get("artifacts").get(0).get("action").asText(), conflict::toString);
    assertEquals("unchanged", conflict.json().get("artifacts").get(1).get("action").asText());
    // A conflict is publish's refusal predicted: exit 3, the plan printed all the same, one error line.
    assertEquals(3, conflict.exitCode(), conflict::toString);
    assertFalse(conflict.json().get("ok").asBoolean(), conflict::toString);
    CliRun conflictText = Jar.run(home, Map.of(), args("plan", "--controller-dir", repo.dir().toString(), "--image-user", "1001"));
    assertEquals(3, conflictText.exitCode(), conflictText::toString);
    assertTrue(conflictText.out().contains("conflict"), conflictText::toString);
    assertEquals(1, conflictText.errLines().stream().filter(l -> l.startsWith("error: ")).count(), conflictText::toString);
    // Across services: exit 3, and the matrix holds only the services publish would release (mq, not sfn).
    CliRun fleetConflict = Jar.run(home, Map.of(), args("plan", "--workspace", workspace.toString(), "--image-user", "1001",
        "--output", "github-matrix"));
    assertEquals(3, fleetConflict.exitCode(), fleetConflict::toString);
    assertEquals(List.of("mq"), PublishIT.JSON.readTree(fleetConflict.out()).get("include").findValuesAsText("service"));
    BaseImages.push(registry, tmp.resolve("foreign"), "ack/mq-controller", "0.1.0", "pushed by other tooling\n");
    CliRun unknown = Jar.run(home, Map.of(), args("plan", "--controller-dir", workspace.resolve("mq-controller").toString(),
        "--output", "json"));
    assertEquals("unknown until built", unknown.json().get("artifacts").get(0).get("action").asText(), unknown::toString);

    // github-matrix is plan's alone.
    CliRun wrong = Jar.run(home, Map.of(), args("publish", "--controller-dir", repo.dir().toString(), "--output", "github-matrix"));
    assertEquals(2, wrong.exitCode(), wrong::toString);
  }

  @Test
  void awaitReturnsOnceTheReleaseIsThereAndTimesOutNamingWhatIsMissing() throws Exception {
    GitFixture repo = released(tmp, "batch");
    long start = System.nanoTime();
    Jar.Running waiting = Jar.start(home, Map.of(), args("await", "--service", "batch", "v0.1.0",
        "--timeout", "120s", "--output", "json"));
    Thread.sleep(1500);
    assertTrue(waiting.process().isAlive(), "await waits while nothing is published");

    CliRun publish = Jar.run(home, Map.of(), args("publish", "--controller-dir", repo.dir().toString()));
    assertEquals(0, publish.exitCode(), publish::toString);
    CliRun awaited = waiting.await();

    assertEquals(0, awaited.exitCode(), awaited::toString);
    assertTrue(awaited.json().get("looks").asInt() > 1, awaited::toString);
    assertEquals("image", awaited.json().get("artifacts").get(0).get("kind").asText(), awaited::toString);
    assertTrue(awaited.json().get("artifacts").get(0).get("digest").asText().startsWith("sha256:"), awaited::toString);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 100, "returned soon after the release landed");

    CliRun missing = Jar.run(home, Map.of(), args("await", "--service", "glacier", "v0.1.0", "--timeout", "2s"));
    assertEquals(5, missing.exitCode(), missing::toString);
    assertTrue(missing.errorLine().contains("timed out after 2s") && missing.errorLine().contains("ack/glacier-controller:0.1.0")
        && missing.errorLine().contains("ack/glacier-chart:0.1.0"), missing.errorLine());

    CliRun chartOnly = Jar.run(home, Map.of(), args("await", "--service", "batch", "v0.1.0", "--chart-only",
        "--timeout", "5s"));
    assertEquals(0, chartOnly.exitCode(), chartOnly::toString);
  }

  @Test
  void twoPublishesOfTheSameReleaseAtTheSameMomentWithSeparateCaches() throws Exception {
    GitFixture one = released(tmp, "athena");
    Path other = tmp.resolve("clone/athena-controller");
    ProcessResult.run(List.of("git", "clone", "-q", one.dir().toString(), other.toString()), null, 60)
        .assertOk();

    // Go's caches separate too: each in its --cache-dir, as by default (filled beforehand: a cold Go is not the point).
    Jar.seedOwnGoCache(tmp.resolve("cache-a"));
    Jar.seedOwnGoCache(tmp.resolve("cache-b"));
    Jar.Running a = Jar.start(home, Jar.OWN_GO_CACHE, args("publish", "--controller-dir", one.dir().toString(), "--cache-dir",
        tmp.resolve("cache-a").toString(), "--output", "json"));
    Jar.Running b = Jar.start(home, Jar.OWN_GO_CACHE, args("publish", "--controller-dir", other.toString(), "--cache-dir",
        tmp.resolve("cache-b").toString(), "--output", "json"));
    CliRun first = a.await();
    CliRun second = b.await();

    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(0, second.exitCode(), second::toString);
    assertEquals(first.json().get("artifacts").get(0).get("digest"), second.json().get("artifacts").get(0).get("digest"));
    assertVerifies("athena");
    assertEquals(List.of(), registry.incompleteTags());
  }
}
