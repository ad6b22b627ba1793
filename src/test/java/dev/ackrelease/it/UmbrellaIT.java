package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.steps.umbrella.ChartLock;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Held;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code umbrella} on an umbrella chart shaped like the real ack-chart (the fixture, its
 * dependencies' repository the local registry) and a workspace of released sample controllers:
 * refused until the charts are published, then added, committed, tagged and pushed; two updates
 * at once both land.
 */
class UmbrellaIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  /** A sample controller released at {@code version} (v1.0.0 is a GA first release). */
  static GitFixture released(Path workspace, String service, String version) {
    GitFixture repo = SampleController.create(workspace, service);
    PublishIT.prepareAndTag(repo, service, version, ns());
    return repo;
  }

  /** The ack-chart fixture as a git clone with an origin (a bare repository), its repository lines pointing here. */
  GitFixture umbrella(Path dir, Path origin) throws IOException {
    GitFixture chart = GitFixture.init(dir);
    for (String f : List.of("Chart.yaml", "Chart.lock", "values.yaml", ".helmignore")) {
      String text = Files.readString(Path.of("src/test/resources/ack-chart").resolve(f));
      Files.writeString(dir.resolve(f), text.replace("oci://public.ecr.aws/aws-controllers-k8s", "oci://" + ns()));
    }
    // Chart.lock as helm dependency update would have left it for these repository lines.
    Files.write(dir.resolve("Chart.lock"), ChartLock.write(Files.readAllBytes(dir.resolve("Chart.yaml")),
        Instant.parse("2026-08-21T19:16:32.288354066Z")));
    chart.commit("ack-chart");
    ProcessResult.run(List.of("git", "init", "-q", "--bare", "-b", "main", origin.toString()), null, 60).assertOk();
    chart.git("remote", "add", "origin", origin.toString());
    chart.git("push", "-q", "origin", "main");
    return chart;
  }

  static String[] args(String... extra) {
    List<String> args = new ArrayList<>(List.of("umbrella", "--registry", ns(), "--insecure-registry", registry.address()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 60).assertOk().stdout().strip();
  }

  @Test
  void theUmbrellaChartTakesTheGaControllersOnceTheirChartsArePublished() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "bedrockruntime", "v1.0.0");
    released(workspace, "connect", "v1.0.0");
    released(workspace, "qbusiness", "v0.1.0"); // not GA: skipped
    Path origin = tmp.resolve("ack-chart.git");
    GitFixture chart = umbrella(tmp.resolve("ack-chart"), origin);
    String chartBefore = Files.readString(chart.dir().resolve("Chart.yaml"));
    String head = git(chart.dir(), "rev-parse", "HEAD");

    // Not published yet: nothing is written, exit 5 naming the chart.
    CliRun early = Jar.run(home, Map.of(), args("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(),
        "--commit", "--tag"));
    assertEquals(5, early.exitCode(), early::toString);
    assertTrue(early.errorLine().contains("bedrockruntime-chart:1.0.0 is not in the registry"), early.errorLine());
    assertEquals(chartBefore, Files.readString(chart.dir().resolve("Chart.yaml")));
    assertEquals(head, git(chart.dir(), "rev-parse", "HEAD"));
    assertEquals("", git(chart.dir(), "status", "--porcelain"));

    CliRun published = Jar.run(home, Map.of(), "publish", "--workspace", workspace.toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString());
    assertEquals(0, published.exitCode(), published::toString);

    CliRun run = Jar.run(home, Map.of(), args("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(),
        "--commit", "--tag", "--push", "--output", "json"));

    assertEquals(0, run.exitCode(), run::toString);
    JsonNode result = run.json();
    assertEquals("46.158.1", result.get("from").asText());
    assertEquals("46.159.0", result.get("to").asText(), "new dependencies are a minor change");
    assertEquals(List.of("bedrockruntime-chart", "connect-chart"), result.get("edits").findValuesAsText("dependency"));
    assertTrue(run.err().contains("skipping qbusiness: no GA release"), run::toString);
    JsonNode yaml = YAML.readTree(chart.dir().resolve("Chart.yaml").toFile());
    JsonNode added = null;
    for (JsonNode d : yaml.get("dependencies")) {
      if (d.get("name").asText().equals("connect-chart")) {
        added = d;
      }
    }
    assertEquals("connect", added.get("alias").asText());
    assertEquals("1.0.0", added.get("version").asText());
    assertEquals("oci://" + ns(), added.get("repository").asText());
    assertEquals("connect.enabled", added.get("condition").asText());
    assertFalse(YAML.readTree(chart.dir().resolve("values.yaml").toFile()).get("connect").get("enabled").asBoolean(true));
    assertEquals(ChartLock.digest(Files.readAllBytes(chart.dir().resolve("Chart.yaml"))),
        ChartLock.recordedDigest(Files.readAllBytes(chart.dir().resolve("Chart.lock"))));
    assertEquals("Updating chart dependencies", git(chart.dir(), "log", "-1", "--format=%s"));
    assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(origin, "rev-parse", "main"), "pushed");
    assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(origin, "rev-parse", "46.159.0^{commit}"), "tag X.Y.Z pushed");
    assertEquals("", git(chart.dir(), "status", "--porcelain"));

    // Nothing new: nothing touched, no commit.
    CliRun again = Jar.run(home, Map.of(), args("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(),
        "--commit", "--tag", "--push"));
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().contains("nothing to update"), again::toString);
    assertEquals(git(origin, "rev-parse", "main"), git(chart.dir(), "rev-parse", "HEAD"));
  }

  @Test
  void twoUpdatesAtOnceBothLandOneOnTopOfTheOther() throws Exception {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Path two = Files.createDirectories(tmp.resolve("two"));
    released(one, "pinpoint", "v1.0.0");
    released(two, "mediapackage", "v1.0.0");
    for (Path w : List.of(one, two)) {
      CliRun p = Jar.run(home, Map.of(), "publish", "--workspace", w.toString(), "--registry", ns(), "--insecure-registry",
          registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir", cache.toString());
      assertEquals(0, p.exitCode(), p::toString);
    }
    Path origin = tmp.resolve("ack-chart.git");
    GitFixture first = umbrella(tmp.resolve("ack-chart"), origin);
    Path secondClone = tmp.resolve("ack-chart-2");
    ProcessResult.run(List.of("git", "clone", "-q", origin.toString(), secondClone.toString()), null, 60).assertOk();
    git(secondClone, "config", "user.name", "Release Bot");
    git(secondClone, "config", "user.email", "release-bot@example.com");

    Jar.Running a = Jar.start(home, Map.of(), args("--chart-dir", first.dir().toString(), "--workspace", one.toString(),
        "--commit", "--tag", "--push"));
    Jar.Running b = Jar.start(home, Map.of(), args("--chart-dir", secondClone.toString(), "--workspace", two.toString(),
        "--commit", "--tag", "--push"));
    CliRun ra = a.await();
    CliRun rb = b.await();

    assertEquals(0, ra.exitCode(), ra::toString);
    assertEquals(0, rb.exitCode(), rb::toString);
    // Both clones started from the same commit: whichever pushed second was rejected and applied again on top.
    assertEquals(1, List.of(ra, rb).stream().filter(r -> r.err().contains("applying the changes again on top of it")).count(),
        ra + "\n" + rb);
    // Both bumps are on the remote branch, one after the other, each tagged with its version.
    String chartOnRemote = git(origin, "show", "main:Chart.yaml");
    assertTrue(chartOnRemote.contains("- name: pinpoint-chart") && chartOnRemote.contains("- name: mediapackage-chart"),
        chartOnRemote);
    assertTrue(chartOnRemote.contains("\nversion: 46.160.0\n"), chartOnRemote);
    assertEquals(List.of("46.159.0", "46.160.0"), List.of(git(origin, "tag", "--list").split("\n")));
    assertEquals(List.of("Updating chart dependencies", "Updating chart dependencies", "ack-chart"),
        List.of(git(origin, "log", "--format=%s", "main").split("\n")));
  }

  @Test
  void anUmbrellaOfPublishedChartsIsPackagedWithItsDependenciesAndPushedOnce() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "ivs", "v1.0.0");
    released(workspace, "kendra", "v1.0.0");
    CliRun published = Jar.run(home, Map.of(), "publish", "--workspace", workspace.toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString());
    assertEquals(0, published.exitCode(), published::toString);
    // ack-chart's own files, with no dependency yet: the umbrella adds them.
    Path dir = tmp.resolve("small-ack-chart");
    GitFixture chart = GitFixture.init(dir);
    String header = String.join("\n", Files.readAllLines(Path.of("src/test/resources/ack-chart/Chart.yaml")).subList(0, 7));
    Files.writeString(dir.resolve("Chart.yaml"), header + "\n");
    Files.writeString(dir.resolve("values.yaml"), "");
    Files.copy(Path.of("src/test/resources/ack-chart/.helmignore"), dir.resolve(".helmignore"));
    chart.commit("ack-chart");
    CliRun umbrella = Jar.run(home, Map.of(), args("--chart-dir", dir.toString(), "--workspace", workspace.toString(),
        "--commit", "--tag"));
    assertEquals(0, umbrella.exitCode(), umbrella::toString);
    assertEquals("46.159.0", git(dir, "describe", "--tags", "--exact-match"));

    CliRun run = Jar.run(home, Map.of(), "publish", "--chart-dir", dir.toString(), "--registry", ns(), "--insecure-registry",
        registry.address(), "--cache-dir", cache.toString(), "--output", "json");

    assertEquals(0, run.exitCode(), run::toString);
    JsonNode row = run.json().get("artifacts").get(0);
    assertEquals(ns() + "/ack-chart:46.159.0", row.get("ref").asText());
    assertEquals("pushed", row.get("action").asText());
    // The package holds both dependency charts, as helm package --dependency-update makes it.
    Path pulled = tmp.resolve("pulled");
    ProcessResult.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + ns() + "/ack-chart:46.159.0",
        "dir:" + pulled), null, 120).assertOk();
    List<String> entries = new ArrayList<>();
    for (Path blob : Files.list(pulled).toList()) {
      ProcessResult tar = ProcessResult.run(List.of("tar", "-tzf", blob.toString()), null, 60);
      if (tar.exitCode() == 0) {
        entries.addAll(List.of(tar.stdout().split("\n")));
      }
    }
    // Dependencies unpacked under charts/, as helm package saves them.
    assertTrue(entries.contains("ack-chart/charts/ivs-chart/Chart.yaml") && entries.contains("ack-chart/charts/kendra-chart/Chart.yaml")
        && entries.contains("ack-chart/Chart.lock") && entries.contains("ack-chart/charts/ivs-chart/values.yaml"), entries.toString());

    CliRun again = Jar.run(home, Map.of(), "publish", "--chart-dir", dir.toString(), "--registry", ns(), "--insecure-registry",
        registry.address(), "--cache-dir", cache.toString(), "--output", "json");
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("unchanged", again.json().get("artifacts").get(0).get("action").asText());
    assertEquals(List.of(), registry.incompleteTags());
  }

  /** Something in the way of an update, how to put it there and take it away, and what the refusal says. */
  record Obstacle(String name, Consumer<Path> add, Consumer<Path> remove, String says) {}

  /**
   * Whatever can refuse an update refuses before anything is written (exit 3: the chart's files,
   * HEAD, the tags and the remote as they were), and the run after the obstacle is gone does the
   * whole update, commit and tag (before, an existing tag was found after the commit: the re-run
   * then saw "nothing to update" and never tagged).
   */
  /**
   * SIGTERM while the update commits (a pre-commit hook holds it): the signal waits for the files,
   * the commit and the tag, and no push starts after it. The same command run again finds nothing
   * to update and pushes that commit and tag (a re-run that only looked at the files would push
   * nothing, and one after a halt between the files and the commit would find them uncommitted).
   */
  @Test
  void aSigtermDuringTheCommitWaitsForItsTagAndTheRerunPushesThem() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "braket", "v1.0.0"); // a service no other test of the class publishes
    CliRun published = Jar.run(home, Map.of(), "publish", "--workspace", workspace.toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString());
    assertEquals(0, published.exitCode(), published::toString);
    Path origin = tmp.resolve("ack-chart.git");
    GitFixture chart = umbrella(tmp.resolve("ack-chart"), origin);
    Path hooks = tmp.resolve("hooks");
    Path held = tmp.resolve("held");
    Path go = tmp.resolve("go");
    Held.hook(hooks, "pre-commit", held, go);
    git(chart.dir(), "config", "core.hooksPath", hooks.toString());
    String[] update = args("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--tag",
        "--push");

    Jar.Running started = Jar.start(home, Map.of(), update);
    Held.termWhen(started, held);
    Files.writeString(go, "exit 0\n");
    CliRun stopped = started.await();

    assertEquals(143, stopped.exitCode(), stopped::toString);
    assertTrue(stopped.errorLine().endsWith("nothing half-written remains: run the same command again to resume"),
        stopped.errorLine());
    assertEquals("Updating chart dependencies", git(chart.dir(), "log", "-1", "--format=%s"));
    assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(chart.dir(), "rev-parse", "46.159.0^{commit}"), "tagged");
    assertEquals("", git(chart.dir(), "status", "--porcelain"));
    assertEquals(List.of(), Held.locks(chart.dir().resolve(".git")), "no lock file left in .git");
    assertEquals("", git(origin, "tag", "--list"), "no push began after the signal");

    git(chart.dir(), "config", "--unset", "core.hooksPath");
    CliRun again = Jar.run(home, Map.of(), update);

    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().contains("nothing to update; pushed ") && again.out().contains("an earlier run's commit"),
        again::toString);
    assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(origin, "rev-parse", "main"), "pushed");
    assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(origin, "rev-parse", "46.159.0^{commit}"), "tag pushed");
  }

  @Test
  void aRefusalLeavesNothingBehindAndTheRunAfterTheObstacleIsGoneCommitsAndTags() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "xray", "v1.0.0");
    CliRun published = Jar.run(home, Map.of(), "publish", "--workspace", workspace.toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString());
    assertEquals(0, published.exitCode(), published::toString);
    List<Obstacle> obstacles = List.of(
        new Obstacle("tag", d -> git(d, "tag", "46.159.0"), d -> git(d, "tag", "-d", "46.159.0"),
            "tag 46.159.0 already exists"),
        new Obstacle("identity", d -> {
          git(d, "config", "--unset", "user.name");
          git(d, "config", "--unset", "user.email");
        }, d -> {
          git(d, "config", "user.name", "Release Bot");
          git(d, "config", "user.email", "release-bot@example.com");
        }, "git does not know who you are"),
        new Obstacle("detached", d -> git(d, "checkout", "-q", "--detach"), d -> git(d, "checkout", "-q", "main"),
            "not on a branch"));
    for (Obstacle o : obstacles) {
      Path origin = tmp.resolve(o.name() + ".git");
      GitFixture chart = umbrella(tmp.resolve(o.name()), origin);
      o.add().accept(chart.dir());
      String head = git(chart.dir(), "rev-parse", "HEAD");
      String tags = git(chart.dir(), "tag", "--list");
      String chartYaml = Files.readString(chart.dir().resolve("Chart.yaml"));
      String[] update = args("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--tag",
          "--push");

      CliRun refused = Jar.run(home, Map.of(), update);

      assertEquals(3, refused.exitCode(), o.name() + ": " + refused);
      assertTrue(refused.errorLine().contains(o.says()), o.name() + ": " + refused.errorLine());
      assertEquals(head, git(chart.dir(), "rev-parse", "HEAD"), o.name() + ": no commit");
      assertEquals("", git(chart.dir(), "status", "--porcelain"), o.name() + ": no file written");
      assertEquals(chartYaml, Files.readString(chart.dir().resolve("Chart.yaml")), o.name());
      assertEquals(tags, git(chart.dir(), "tag", "--list"), o.name() + ": no tag");
      assertEquals("", git(origin, "tag", "--list"), o.name() + ": nothing pushed");

      o.remove().accept(chart.dir());
      CliRun again = Jar.run(home, Map.of(), update);

      assertEquals(0, again.exitCode(), o.name() + ": " + again);
      assertEquals("Updating chart dependencies", git(chart.dir(), "log", "-1", "--format=%s"), o.name());
      assertEquals("46.159.0", git(chart.dir(), "describe", "--tags", "--exact-match"), o.name() + ": tagged");
      assertEquals(git(chart.dir(), "rev-parse", "HEAD"), git(origin, "rev-parse", "46.159.0^{commit}"), o.name() + ": pushed");
    }
  }

  @Test
  void badUmbrellaInputIsExit2AndTouchesNothing() throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "connect", "v1.0.0");
    GitFixture chart = umbrella(tmp.resolve("ack-chart"), tmp.resolve("origin.git"));
    for (List<String> bad : List.of(
        List.of("--chart-dir", chart.dir().toString(), "--workspace", tmp.resolve("none").toString()),
        List.of("--chart-dir", tmp.resolve("no-chart").toString(), "--workspace", workspace.toString()),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--tag"),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--await-timeout", "soon"),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--push-url",
            tmp.resolve("origin.git").toString()),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--push", "--push-url",
            tmp.resolve("origin.git").toString(), "--remote", "origin"),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--push", "--push-url",
            "github.com/aws-controllers-k8s/ack-chart"),
        List.of("--chart-dir", chart.dir().toString(), "--workspace", workspace.toString(), "--commit", "--push", "--push-url",
            "https://x-access-token:ghp_secretsecret@github.com/aws-controllers-k8s/ack-chart.git"))) {
      CliRun r = Jar.run(home, Map.of(), args(bad.toArray(String[]::new)));
      assertEquals(2, r.exitCode(), bad + ": " + r);
      assertEquals(1, r.errLines().stream().filter(l -> l.startsWith("error: ")).count(), r::toString);
      assertFalse(r.err().contains("ghp_secretsecret"), "a token in a URL is never printed: " + r);
      assertEquals("", git(chart.dir(), "status", "--porcelain"));
    }
  }
}
