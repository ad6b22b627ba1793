package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI definitions in {@code ci/}: every file is well-formed YAML with the keys Prow and
 * GitHub Actions require, and the exact {@code ack-release} command lines they contain run
 * against the local registry with the environment those CIs set ({@code JOB_TYPE},
 * {@code PULL_BASE_REF}, {@code ARTIFACTS}; {@code GITHUB_ACTIONS}, {@code GITHUB_REF_NAME},
 * {@code GITHUB_REF_TYPE}, {@code GITHUB_STEP_SUMMARY}, {@code RUNNER_TEMP}). Only the registry
 * and base image differ, given as the environment a CI would set them
 * ({@code ACK_RELEASE_REGISTRY}, {@code ACK_RELEASE_INSECURE_REGISTRY}, {@code ACK_RELEASE_BASE_IMAGE}).
 */
class CiDefinitionsIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path CI = Path.of("ci").toAbsolutePath();

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path bin;
  static String goVersion;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    registry = RegistryServer.plain(shared.resolve("registry"));
    // ack-release on PATH, as the CI images and the install step put it there.
    bin = Files.createDirectories(shared.resolve("bin"));
    Path jar = Path.of(System.getProperty("ack.release.jar", "target/ack-release.jar")).toAbsolutePath();
    Path launcher = bin.resolve("ack-release");
    Files.writeString(launcher, "#!/bin/sh\nexec java -Duser.home=\"$HOME\" -jar " + jar + " \"$@\"\n");
    launcher.toFile().setExecutable(true);
    goVersion = ProcessResult.run(List.of("go", "env", "GOVERSION"), null, 60).assertOk().stdout().strip();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.walk(CI)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  @Test
  void everyFileIsWellFormedWithTheKeysItsCiRequires() throws IOException {
    List<Path> files = files();
    assertEquals(List.of("github/fleet.yml", "github/release.yml", "prow/jobs.yaml"),
        files.stream().map(f -> CI.relativize(f).toString()).toList());
    for (Path f : files) {
      JsonNode doc = YAML.readTree(f.toFile());
      assertTrue(doc != null && doc.isObject(), f + " is a YAML mapping");
      assertFalse(Files.readString(f).contains("privileged: true"), f + ": no privileged container");
      if (f.startsWith(CI.resolve("prow"))) {
        checkProw(doc);
      } else {
        checkActions(f, doc);
      }
      assertFalse(commandLines(f).isEmpty(), f + " runs ack-release");
    }
  }

  private static void checkProw(JsonNode doc) {
    JsonNode jobs = doc.path("postsubmits").path("aws-controllers-k8s/s3-controller");
    assertTrue(jobs.isArray() && jobs.size() == 2, doc.toString());
    JsonNode umbrella = jobs.get(1);
    assertEquals("update-ack-chart", umbrella.path("name").asText(), "ACK's job name");
    assertTrue(umbrella.path("branches").get(0).asText().equals("^v[0-9]+\\.[0-9]+\\.[0-9]+$"));
    JsonNode chartJob = doc.path("postsubmits").path("aws-controllers-k8s/ack-chart").get(0);
    assertEquals("ack-chart-release", chartJob.path("name").asText());
    assertTrue(Pattern.compile(chartJob.path("branches").get(0).asText()).matcher("46.159.0").matches());
    for (JsonNode j : List.of(umbrella, chartJob)) {
      assertTrue(j.path("decorate").asBoolean());
      assertFalse(j.path("spec").path("containers").get(0).path("securityContext").path("privileged").asBoolean(true));
    }
    JsonNode job = jobs.get(0);
    assertEquals("s3-post-submit", job.path("name").asText(), "ACK's job name");
    assertTrue(job.path("decorate").asBoolean(), "decorated: ARTIFACTS and logs are uploaded");
    List<Pattern> branches = new ArrayList<>();
    job.path("branches").forEach(b -> branches.add(Pattern.compile(b.asText())));
    assertTrue(branches.stream().anyMatch(p -> p.matcher("v1.2.3").matches()), "release tags");
    assertTrue(branches.stream().anyMatch(p -> p.matcher("stable").matches()), "the stable branch");
    assertFalse(branches.stream().anyMatch(p -> p.matcher("main").matches() || p.matcher("v1.2").matches()));
    JsonNode container = job.path("spec").path("containers").get(0);
    assertFalse(container.path("image").asText().isBlank());
    assertTrue(container.path("command").isArray());
    assertFalse(container.path("securityContext").path("privileged").asBoolean(true), "unprivileged: Jib needs no daemon");
    assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
    assertFalse(job.path("spec").path("serviceAccountName").asText().isBlank(), "AWS by the pod's web identity");
  }

  private static void checkActions(Path f, JsonNode doc) {
    assertTrue(doc.has("name"), f + ": name");
    JsonNode on = doc.has("on") ? doc.get("on") : doc.get("true"); // YAML 1.1 reads a bare on as true
    assertTrue(on != null && on.isObject(), f + ": on");
    assertTrue(doc.path("jobs").isObject() && doc.path("jobs").size() > 0, f + ": jobs");
    assertEquals("write", doc.path("permissions").path("id-token").asText(), f + ": OIDC to AWS needs id-token: write");
    boolean oidc = false;
    for (JsonNode job : doc.path("jobs")) {
      assertTrue(job.has("runs-on"), f + ": runs-on");
      assertTrue(job.path("steps").isArray() && job.path("steps").size() > 0, f + ": steps");
      for (JsonNode step : job.path("steps")) {
        assertTrue(step.has("uses") ^ step.has("run"), f + ": a step uses an action or runs a command: " + step);
        oidc |= step.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@");
      }
    }
    assertTrue(oidc, f + " gets AWS credentials by OIDC");
    if (f.getFileName().toString().equals("release.yml")) {
      assertEquals(List.of("v*.*.*"), List.of(on.path("push").path("tags").get(0).asText()));
      assertEquals("stable", on.path("push").path("branches").get(0).asText());
    }
  }

  /** The lines of a file's commands that call ack-release, exactly as written. */
  static List<String> commandLines(Path f) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(f)) {
      String l = line.strip().replaceFirst("^- ", "").replaceFirst("^run: ", "");
      if (l.startsWith("ack-release ")) {
        lines.add(l);
      }
    }
    return lines;
  }

  static String only(List<String> lines, String containing) {
    List<String> found = lines.stream().filter(l -> l.contains(containing)).toList();
    assertEquals(1, found.size(), "one line with " + containing + ": " + lines);
    return found.get(0);
  }

  /** Runs {@code line} with bash in {@code dir}, as the CI's shell would, with {@code env}. */
  ProcessResult runLine(String line, Path dir, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("PATH", bin + ":" + Hermetic.env(Map.of()).getOrDefault("PATH", "/usr/bin:/bin"));
    all.put("HOME", tmp.resolve("home").toString());
    all.put("GIT_CONFIG_NOSYSTEM", "1");
    all.put("ACK_RELEASE_REGISTRY", registry.address() + "/ack");
    all.put("ACK_RELEASE_INSECURE_REGISTRY", registry.address());
    all.put("ACK_RELEASE_BASE_IMAGE", "scratch");
    all.put("ACK_RELEASE_RETRY_DELAY_MS", "50");
    return ProcessResult.runIsolated(List.of("bash", "-c", line), dir.toFile(), Hermetic.env(all), 600);
  }

  GitFixture released(Path parent, String service) {
    GitFixture repo = SampleController.create(parent, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registry.address() + "/ack");
    return repo;
  }

  Path buildConfig(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "go_version: " + goVersion.substring(2) + "\neks_distro_version: 2026-08-18-1787079689.2023\n");
  }

  @Test
  void theProwPostsubmitPublishesAtATagAndTheStableChartOnStable() throws Exception {
    String line = only(commandLines(CI.resolve("prow/jobs.yaml")), "ack-release publish --build-config");
    // Prow's workspace: the controller at its path alias, test-infra beside it.
    Path src = Files.createDirectories(tmp.resolve("src/github.com/aws-controllers-k8s"));
    GitFixture repo = released(src, "s3");
    buildConfig(src.resolve("test-infra/build_config.yaml"));
    Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));

    ProcessResult tag = runLine(line, repo.dir(), Map.of("JOB_TYPE", "postsubmit", "PULL_BASE_REF", "v0.1.0",
        "ARTIFACTS", artifacts.toString()));

    assertEquals(0, tag.exitCode(), tag.stderr());
    JsonNode report = PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json")));
    assertTrue(report.get("ok").asBoolean(), report.toString());
    assertEquals("release", report.get("mode").asText());
    assertEquals(goVersion, report.get("build").get("goVersion").asText(), "the Go of test-infra's build_config.yaml");
    assertEquals(2, report.get("artifacts").size());

    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    ProcessResult stable = runLine(line, repo.dir(), Map.of("JOB_TYPE", "postsubmit", "PULL_BASE_REF", "stable",
        "ARTIFACTS", artifacts.toString()));
    assertEquals(0, stable.exitCode(), stable.stderr());
    JsonNode stableReport = PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json")));
    assertEquals("stable", stableReport.get("mode").asText());
    assertEquals(registry.address() + "/ack/s3-chart:v0-stable", stableReport.get("artifacts").get(0).get("ref").asText());
    assertEquals(List.of(), registry.incompleteTags());
  }

  @Test
  void theUmbrellaJobsBumpAckChartAndPublishItAtItsTag() throws Exception {
    List<String> lines = commandLines(CI.resolve("prow/jobs.yaml"));
    String update = only(lines, "ack-release umbrella");
    String release = only(lines, "ack-release publish --chart-dir");
    // Prow's workspace: the triggering controller and ack-chart side by side (path aliases).
    Path src = Files.createDirectories(tmp.resolve("src/github.com/aws-controllers-k8s"));
    GitFixture controller = SampleController.create(src, "pipes");
    PublishIT.prepareAndTag(controller, "pipes", "v1.0.0", registry.address() + "/ack");
    ProcessResult published = runLine("ack-release publish --platforms linux/amd64", controller.dir(), Map.of());
    assertEquals(0, published.exitCode(), published.stderr());
    Path chart = src.resolve("ack-chart");
    GitFixture ackChart = GitFixture.init(chart);
    Files.writeString(chart.resolve("Chart.yaml"), String.join("\n",
        Files.readAllLines(Path.of("src/test/resources/ack-chart/Chart.yaml")).subList(0, 7)) + "\n");
    Files.writeString(chart.resolve("values.yaml"), "");
    ackChart.commit("ack-chart");
    Path origin = tmp.resolve("ack-chart.git");
    ProcessResult.run(List.of("git", "init", "-q", "--bare", "-b", "main", origin.toString()), null, 60).assertOk();
    ackChart.git("remote", "add", "origin", origin.toString());
    ackChart.git("push", "-q", "origin", "main");
    Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
    Map<String, String> prow = Map.of("JOB_TYPE", "postsubmit", "PULL_BASE_REF", "v1.0.0", "ARTIFACTS", artifacts.toString());

    ProcessResult updated = runLine(update, chart, prow);

    assertEquals(0, updated.exitCode(), updated.stderr());
    JsonNode result = PublishIT.JSON.readTree(Files.readString(artifacts.resolve("umbrella.json")));
    assertEquals("46.159.0", result.get("to").asText(), result.toString());
    assertTrue(result.get("pushed").asBoolean());
    String tag = ProcessResult.run(List.of("git", "-C", origin.toString(), "tag", "--list"), null, 30).assertOk().stdout().strip();
    assertEquals("46.159.0", tag);

    // The tag's job: the umbrella chart with its dependency, pushed.
    ProcessResult chartRelease = runLine(release, chart, Map.of("JOB_TYPE", "postsubmit", "PULL_BASE_REF", "46.159.0",
        "ARTIFACTS", artifacts.toString()));
    assertEquals(0, chartRelease.exitCode(), chartRelease.stderr());
    JsonNode report = PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json")));
    assertEquals(registry.address() + "/ack/ack-chart:46.159.0", report.get("artifacts").get(0).get("ref").asText());
    assertEquals("pushed", report.get("artifacts").get(0).get("action").asText());
  }

  @Test
  void theControllerWorkflowPublishesAndWritesTheStepSummary() throws Exception {
    Path workflow = CI.resolve("github/release.yml");
    String line = only(commandLines(workflow), "ack-release publish");
    GitFixture repo = released(tmp, "sns");
    buildConfig(repo.dir().resolve(".test-infra/build_config.yaml")); // actions/checkout of test-infra into the workspace
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    Path summary = tmp.resolve("step-summary.md");

    ProcessResult run = runLine(line, repo.dir(), Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "v0.1.0",
        "GITHUB_REF_TYPE", "tag", "GITHUB_STEP_SUMMARY", summary.toString(), "RUNNER_TEMP", runnerTemp.toString()));

    assertEquals(0, run.exitCode(), run.stderr());
    JsonNode report = PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("publish.json")));
    assertTrue(report.get("ok").asBoolean());
    String md = Files.readString(summary);
    assertTrue(md.startsWith("### ack-release publish"), md);
    assertTrue(md.contains("| sns | v0.1.0 | release | image `" + registry.address() + "/ack/sns-controller:0.1.0` | pushed |"), md);
    assertTrue(md.contains("| sns | v0.1.0 | release | chart `"), md);
  }

  @Test
  void theFleetWorkflowPlansAMatrixAndPublishesEachService() throws Exception {
    Path workflow = CI.resolve("github/fleet.yml");
    List<String> lines = commandLines(workflow);
    String plan = only(lines, "ack-release plan");
    String publish = only(lines, "ack-release publish");
    Path root = Files.createDirectories(tmp.resolve("runner"));
    Path workspace = Files.createDirectories(root.resolve("workspace"));
    released(workspace, "rds");
    released(workspace, "ecr");
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    Map<String, String> actions = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "main", "GITHUB_REF_TYPE", "branch",
        "RUNNER_TEMP", runnerTemp.toString(), "GITHUB_STEP_SUMMARY", tmp.resolve("summary.md").toString());

    ProcessResult planned = runLine(plan, root, actions);

    assertEquals(0, planned.exitCode(), planned.stderr());
    JsonNode matrix = PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("matrix.json")));
    assertEquals(List.of("ecr", "rds"), matrix.get("include").findValuesAsText("service"));
    for (JsonNode entry : matrix.get("include")) {
      String service = entry.get("service").asText();
      String line = publish.replace("${{ matrix.service }}", service);
      // Each matrix job checks out its controller at the version plan found.
      ProcessResult published = runLine(line, workspace.resolve(service + "-controller"), Map.of("GITHUB_ACTIONS", "true",
          "GITHUB_REF_NAME", entry.get("version").asText(), "GITHUB_REF_TYPE", "tag", "RUNNER_TEMP", runnerTemp.toString(),
          "GITHUB_STEP_SUMMARY", tmp.resolve("summary.md").toString()));
      assertEquals(0, published.exitCode(), published.stderr());
      JsonNode report = PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("publish-" + service + ".json")));
      assertTrue(report.get("ok").asBoolean(), report.toString());
    }
    ProcessResult again = runLine(plan, root, actions);
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals("{\"include\":[]}", Files.readString(runnerTemp.resolve("matrix.json")).strip(), "nothing left to do");
  }
}
