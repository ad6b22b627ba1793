package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.GitHubFake;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.OutputSchema;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.ProwChecks;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * ({@code ACK_RELEASE_REGISTRY}, {@code ACK_RELEASE_INSECURE_REGISTRY}, {@code ACK_RELEASE_BASE_IMAGE}),
 * and Go's build cache is the suite's ({@code GOCACHE}, {@link Jar#GO_CACHE}), so the sample is
 * compiled once, not again for each line.
 *
 * <p>Go: on controllers shaped like today's ({@code go 1.25.0} in go.mod, test-infra's
 * {@code build_config.yaml} pinning {@code go_version} 1.26.5) each line runs with a fake Go on
 * PATH of exactly the version the CI file installs, derived from the file as actions/setup-go
 * would install it (or, for Prow, as the job's {@code GOTOOLCHAIN} selects it). The fake answers
 * what ack-release asks before building and stops at {@code go build}; so a CI file that installs
 * a Go ack-release refuses (exit 6 naming the versions) fails here without that toolchain.
 */
class CiDefinitionsIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path CI = Path.of("ci").toAbsolutePath();

  /** What every current ACK controller's go.mod says (2026-12). */
  static final String TODAYS_GO_LINE = "1.25.0";
  /** What test-infra's build_config.yaml pins today (2026-12). */
  static final String TODAYS_PIN = "1.26.5";
  static final String EKS_TAG = "2026-08-18-1787079689.2023";
  static final Pattern STEP_OUTPUT = Pattern.compile("\\$\\{\\{\\s*steps\\.([\\w-]+)\\.outputs\\.([\\w-]+)\\s*}}");
  static final Pattern BUILD_CONFIG = Pattern.compile("--build-config (\\S+)");

  /**
   * A Go installation's {@code bin/go} that is not Go: for {@code go version} and
   * {@code go env GOVERSION} it answers as Go @VERSION@ would, choosing the toolchain as Go 1.21
   * and later do for {@code GOTOOLCHAIN=local} (the installed one) and {@code GOTOOLCHAIN=go<version>}
   * (exactly that one, fetched when it is not the installed one); anything else, {@code go build}
   * included, stops with a line the tests look for. {@code auto} (a switch by go.mod) is not modelled.
   */
  static final String FAKE_GO = """
      #!/bin/sh
      version=@VERSION@
      case "${GOTOOLCHAIN:-}" in
        local) ;;
        go[0-9]*+*) echo "fake $version: GOTOOLCHAIN=$GOTOOLCHAIN is not modelled" >&2; exit 98 ;;
        go[0-9]*) version=$GOTOOLCHAIN ;;
        *) echo "fake $version: GOTOOLCHAIN='${GOTOOLCHAIN:-}' (auto: a switch by go.mod) is not modelled" >&2; exit 98 ;;
      esac
      case "$*" in
        "version") echo "go version $version linux/amd64" ;;
        "env GOVERSION") echo "$version" ;;
        *) echo "fake $version stops at: go $1" >&2; exit 97 ;;
      esac
      """;

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
    Path launcher = bin.resolve("ack-release");
    Files.writeString(launcher, Jar.launcherScript());
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

  /** ci/prow/jobs.yaml is ack-release ci prow's output for s3 (ProwJobsTest): the checks of its output hold for it. */
  private static void checkProw(JsonNode doc) {
    ProwChecks.check(doc, List.of("s3"));
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
      boolean runsAckRelease = false;
      boolean installsPinned = false;
      for (JsonNode step : job.path("steps")) {
        assertTrue(step.has("uses") ^ step.has("run"), f + ": a step uses an action or runs a command: " + step);
        oidc |= step.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@");
        runsAckRelease |= step.path("run").asText().contains("ack-release ");
        installsPinned |= step.path("uses").asText().matches("aws-controllers-k8s/ack-release@v\\d+\\.\\d+\\.\\d+");
        assertFalse(step.path("run").asText().contains("releases/download"),
            f + ": ack-release is installed by its pinned action, not a download in a run step: " + step);
      }
      assertEquals(runsAckRelease, installsPinned,
          f + ": a job that runs ack-release installs it with aws-controllers-k8s/ack-release@vX.Y.Z (and only such a job)");
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


  // ---- The CI files, read as their CI reads them.

  static JsonNode doc(String file) throws IOException {
    return YAML.readTree(CI.resolve(file).toFile());
  }

  static JsonNode githubJob(String file, String name) throws IOException {
    JsonNode job = doc(file).path("jobs").path(name);
    assertTrue(job.isObject(), file + " has a job " + name);
    return job;
  }

  static JsonNode prowJob(String repo, String name) throws IOException {
    for (JsonNode job : doc("prow/jobs.yaml").path("postsubmits").path(repo)) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("prow/jobs.yaml has no postsubmit " + name + " for " + repo);
  }

  /** The script a Prow job's container runs: the last argument of {@code /bin/bash -c}. */
  static String containerScript(JsonNode job) {
    JsonNode command = job.path("spec").path("containers").get(0).path("command");
    assertEquals(List.of("/bin/bash", "-c"), List.of(command.get(0).asText(), command.get(1).asText()));
    return command.get(command.size() - 1).asText();
  }

  /** The {@code env} a Prow job's container sets. */
  static Map<String, String> containerEnv(JsonNode job) {
    Map<String, String> env = new LinkedHashMap<>();
    job.path("spec").path("containers").get(0).path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  /** The ack-release lines of a GitHub job's steps, exactly as written. */
  static List<String> jobLines(JsonNode job) {
    List<String> lines = new ArrayList<>();
    for (JsonNode step : job.path("steps")) {
      step.path("run").asText("").lines().map(String::strip).filter(l -> l.startsWith("ack-release ")).forEach(lines::add);
    }
    return lines;
  }

  static ObjectNode setupGoStep(JsonNode job) {
    List<JsonNode> steps = new ArrayList<>();
    job.path("steps").forEach(s -> {
      if (s.path("uses").asText().startsWith("actions/setup-go@")) {
        steps.add(s);
      }
    });
    assertEquals(1, steps.size(), "one actions/setup-go step: " + job);
    return (ObjectNode) steps.get(0);
  }

  // ---- Go, as the CI installs it.

  /** What actions/setup-go leaves for the later steps: the Go it installed and the environment it exported. */
  record SetupGo(String version, Map<String, String> environment) {}

  /**
   * What actions/setup-go installs for {@code job} run in {@code workspace}, by its rules
   * (actions/setup-go src/main.ts resolveVersionInput and setGoToolchain, src/installer.ts
   * parseGoVersionFile): {@code go-version}, a literal or another step's output (computed by
   * running that step's script here), else {@code go-version-file} (for go.mod its
   * {@code toolchain} line from v6 on, else its {@code go} line). v6 and later export
   * {@code GOTOOLCHAIN=local}. A version without a patch stands for that line's newest release,
   * which only go.dev knows: its {@code .0} stands in for it here.
   */
  SetupGo setupGo(JsonNode job, Path workspace) throws IOException {
    ObjectNode step = setupGoStep(job);
    int major = Integer.parseInt(step.path("uses").asText().replaceFirst("^actions/setup-go@v(\\d+).*$", "$1"));
    JsonNode with = step.path("with");
    String version;
    if (with.has("go-version")) {
      String spec = with.get("go-version").asText();
      Matcher output = STEP_OUTPUT.matcher(spec);
      version = output.matches() ? stepOutput(job, output.group(1), output.group(2), workspace) : spec;
    } else {
      String goMod = Files.readString(workspace.resolve(with.path("go-version-file").asText()));
      Matcher toolchain = Pattern.compile("(?m)^toolchain go(1\\.\\d+(?:\\.\\d+|rc\\d+)?)").matcher(goMod);
      Matcher go = Pattern.compile("(?m)^go (\\d+(\\.\\d+)*)").matcher(goMod);
      version = major >= 6 && toolchain.find() ? toolchain.group(1) : go.find() ? go.group(1) : "";
    }
    assertTrue(version.matches("\\d+\\.\\d+(\\.\\d+)?"), "setup-go gets a Go version: '" + version + "'");
    return new SetupGo(version.matches("\\d+\\.\\d+") ? version + ".0" : version,
        major >= 6 ? Map.of("GOTOOLCHAIN", "local") : Map.of());
  }

  /** Runs the script of {@code job}'s step {@code id} in {@code workspace} as Actions does, and returns its output {@code name}. */
  String stepOutput(JsonNode job, String id, String name, Path workspace) throws IOException {
    JsonNode step = null;
    for (JsonNode s : job.path("steps")) {
      if (s.path("id").asText().equals(id)) {
        step = s;
      }
    }
    assertTrue(step != null && step.has("run"), "a step " + id + " with a script");
    Path output = Files.createTempFile(tmp, "github-output", "");
    ProcessResult r = ProcessResult.runIsolated(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
        step.get("run").asText()), workspace.toFile(), Hermetic.env(Map.of("GITHUB_OUTPUT", output.toString())), 60);
    assertEquals(0, r.exitCode(), "step " + id + ": " + r.stderr());
    return Files.readAllLines(output).stream().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("step " + id + " set no output " + name));
  }

  /** A fake Go installation of {@code version} ({@link #FAKE_GO}, and its {@code VERSION} file); returns its bin directory. */
  Path fakeGo(String version) throws IOException {
    Path root = tmp.resolve("go-" + version);
    Path goBin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("VERSION"), "go" + version + "\ntime 2026-12-01T00:00:00Z\n");
    Path go = goBin.resolve("go");
    Files.writeString(go, FAKE_GO.replace("@VERSION@", "go" + version));
    go.toFile().setExecutable(true);
    return goBin;
  }

  /** ack-release accepted go{@code version} (its Go checks passed) and went on to build, where the fake Go stops. */
  static void tookGoAndReachedTheBuild(ProcessResult r, String version) {
    CliRun run = new CliRun(r.exitCode(), r.stdout(), r.stderr());
    assertTrue(run.err().contains("go: go" + version + " ("), "ack-release took go" + version + ": " + run);
    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("fake go" + version + " stops at: go build"), "stopped at the build, not at a"
        + " Go check: " + run.errorLine());
  }

  // ---- Workspaces.

  /** A build_config.yaml pinning the local Go, for the runs that really build. */
  Path buildConfig(Path file) throws IOException {
    return pin(file, goVersion.substring(2));
  }

  /** test-infra's build_config.yaml, pinning {@code go}. */
  static Path pin(Path file, String go) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "go_version: " + go + "\neks_distro_version: " + EKS_TAG + "\n");
  }

  GitFixture released(Path parent, String service) {
    GitFixture repo = SampleController.create(parent, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registry.address() + "/ack");
    return repo;
  }

  /** A controller released at v0.1.0 whose go.mod says {@code go 1.25.0}, as every ACK controller's does today. */
  GitFixture todays(Path parent, String service) throws IOException {
    GitFixture repo = SampleController.create(parent, service);
    String goMod = Files.readString(repo.dir().resolve("go.mod"));
    repo.write("go.mod", goMod.replaceFirst("(?m)^go .*$", "go " + TODAYS_GO_LINE));
    repo.commit("go " + TODAYS_GO_LINE);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registry.address() + "/ack");
    return repo;
  }

  /** Makes a controller clone named {@code <service>-controller} in a parent directory. */
  interface Controllers {
    GitFixture make(Path parent, String service) throws IOException;
  }

  /**
   * The fleet plan job's runner: test-infra checked out into {@code .test-infra} (its
   * build_config.yaml pinning {@code go}) and a {@code workspace} of the rds and ecr controllers.
   */
  Path fleetRunner(String go, Controllers controllers) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("runner"));
    Path workspace = Files.createDirectories(root.resolve("workspace"));
    controllers.make(workspace, "rds");
    controllers.make(workspace, "ecr");
    pin(root.resolve(".test-infra/build_config.yaml"), go);
    return root;
  }

  static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 60).assertOk().stdout().strip();
  }

  static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }

  ProcessResult runLine(String line, Path dir, Map<String, String> env) {
    return runLine(line, dir, env, null);
  }

  /**
   * Runs {@code line} with bash in {@code dir}, as the CI's shell would, with {@code env}; with
   * {@code goBin} first on PATH when given (the Go the CI installed), else the machine's Go.
   */
  ProcessResult runLine(String line, Path dir, Map<String, String> env, Path goBin) {
    Map<String, String> all = new HashMap<>(env);
    all.put("PATH", (goBin == null ? "" : goBin + ":") + bin + ":" + Hermetic.env(Map.of()).getOrDefault("PATH", "/usr/bin:/bin"));
    all.put("HOME", tmp.resolve("home").toString());
    all.put("GIT_CONFIG_NOSYSTEM", "1");
    all.put("ACK_RELEASE_REGISTRY", registry.address() + "/ack");
    all.put("ACK_RELEASE_INSECURE_REGISTRY", registry.address());
    all.put("ACK_RELEASE_BASE_IMAGE", "scratch");
    all.put("ACK_RELEASE_RETRY_DELAY_MS", "50");
    all.putIfAbsent("GOCACHE", Jar.GO_CACHE.toString());
    return ProcessResult.runIsolated(List.of("bash", "-c", line), dir.toFile(), Hermetic.env(all), 600);
  }

  static Map<String, String> actions(String refName, String refType, Path runnerTemp, Path summary) {
    return Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", refName, "GITHUB_REF_TYPE", refType,
        "RUNNER_TEMP", runnerTemp.toString(), "GITHUB_STEP_SUMMARY", summary.toString());
  }

  static Map<String, String> prow(String baseRef, Path artifacts) {
    return Map.of("JOB_TYPE", "postsubmit", "PULL_BASE_REF", baseRef, "ARTIFACTS", artifacts.toString());
  }

  // ---- Go: each job installs the Go its ack-release line requires.

  /**
   * The rule ack-release applies (image/GoToolchain.java resolve): with {@code --build-config}
   * the Go must be the file's {@code go_version}, else it must satisfy go.mod. So a GitHub job
   * whose line passes {@code --build-config F} installs the Go F pins (checked with two pins, so a
   * literal cannot pass), a job without it installs go.mod's; the Prow postsubmit sets
   * {@code GOTOOLCHAIN} to F's pin.
   */
  @Test
  void everyJobTakesItsGoFromTheBuildConfigItPassesElseFromGoMod() throws Exception {
    int jobs = 0;
    for (String file : List.of("github/release.yml", "github/fleet.yml")) {
      for (Map.Entry<String, JsonNode> entry : doc(file).path("jobs").properties()) {
        List<String> lines = jobLines(entry.getValue()).stream()
            .filter(l -> l.startsWith("ack-release publish") || l.startsWith("ack-release plan")).toList();
        if (lines.isEmpty()) {
          continue;
        }
        jobs++;
        String where = file + " job " + entry.getKey();
        Set<String> configs = lines.stream().map(BUILD_CONFIG::matcher).filter(Matcher::find).map(m -> m.group(1))
            .collect(Collectors.toSet());
        if (configs.isEmpty()) {
          Path workspace = Files.createDirectories(tmp.resolve(where.replaceAll("\\W", "-")));
          Files.writeString(workspace.resolve("go.mod"), "module example.com/x\n\ngo " + TODAYS_GO_LINE + "\n");
          assertEquals(TODAYS_GO_LINE, setupGo(entry.getValue(), workspace).version(), where + ": go.mod's Go");
          continue;
        }
        assertEquals(1, configs.size(), where + ": one build config");
        assertTrue(lines.stream().allMatch(l -> l.contains("--build-config ")), where + ": every line passes it");
        for (String pinned : List.of(TODAYS_PIN, "1.27.1")) {
          Path workspace = Files.createDirectories(tmp.resolve(where.replaceAll("\\W", "-") + "-" + pinned));
          pin(workspace.resolve(configs.iterator().next()), pinned);
          assertEquals(pinned, setupGo(entry.getValue(), workspace).version(), where + " installs the Go its --build-config pins");
        }
      }
    }
    assertEquals(3, jobs, "release.yml publish, fleet.yml plan and publish");

    String script = containerScript(prowJob("${TEST_INFRA_ORG}/s3-controller", "s3-post-submit"));
    String line = only(script.lines().map(String::strip).toList(), "ack-release publish");
    Matcher config = BUILD_CONFIG.matcher(line);
    assertTrue(config.find(), line);
    for (String pinned : List.of(TODAYS_PIN, "1.27.1")) {
      Path controller = Files.createDirectories(tmp.resolve("prow-" + pinned + "/s3-controller"));
      pin(controller.resolve(config.group(1)), pinned);
      ProcessResult r = ProcessResult.runIsolated(List.of("bash", "-c", script.replace(line, "printf %s \"$GOTOOLCHAIN\"")),
          controller.toFile(), Hermetic.env(Map.of("ARTIFACTS", tmp.toString())), 60);
      assertEquals("go" + pinned, r.assertOk().stdout(), "the postsubmit runs the Go its --build-config pins");
    }
  }

  @Test
  void theControllerWorkflowTakesItsGoFromTestInfraOnTodaysControllers() throws Exception {
    JsonNode job = githubJob("github/release.yml", "publish");
    String line = only(jobLines(job), "ack-release publish");
    GitFixture repo = todays(tmp, "sns");
    pin(repo.dir().resolve(".test-infra/build_config.yaml"), TODAYS_PIN); // actions/checkout of test-infra into the workspace
    SetupGo go = setupGo(job, repo.dir());
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));

    ProcessResult run = runLine(line, repo.dir(), with(go.environment(), actions("v0.1.0", "tag", runnerTemp,
        tmp.resolve("summary.md"))), fakeGo(go.version()));

    tookGoAndReachedTheBuild(run, TODAYS_PIN);
  }

  @Test
  void theFleetWorkflowPlansAndPublishesTodaysControllersWithTheGoItInstalls() throws Exception {
    List<String> lines = commandLines(CI.resolve("github/fleet.yml"));
    String plan = only(lines, "ack-release plan");
    String publish = only(lines, "ack-release publish");
    Path root = fleetRunner(TODAYS_PIN, this::todays);
    Path workspace = root.resolve("workspace");
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    SetupGo planGo = setupGo(githubJob("github/fleet.yml", "plan"), root);

    ProcessResult planned = runLine(plan, root, with(planGo.environment(), actions("main", "branch", runnerTemp,
        tmp.resolve("summary.md"))), fakeGo(planGo.version()));

    assertEquals(0, planned.exitCode(), planned.stderr());
    assertTrue(planned.stderr().contains("go: go" + planGo.version() + " ("), planned.stderr());
    JsonNode matrix = PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("matrix.json")));
    assertEquals(List.of("ecr", "rds"), matrix.get("include").findValuesAsText("service"));
    for (JsonNode entry : matrix.get("include")) {
      String service = entry.get("service").asText();
      Path controller = workspace.resolve(service + "-controller"); // the matrix job's checkout, test-infra inside it
      pin(controller.resolve(".test-infra/build_config.yaml"), TODAYS_PIN);
      SetupGo go = setupGo(githubJob("github/fleet.yml", "publish"), controller);
      ProcessResult published = runLine(publish.replace("${{ matrix.service }}", service), controller,
          with(go.environment(), actions(entry.get("tag").asText(), "tag", runnerTemp, tmp.resolve("summary.md"))),
          fakeGo(go.version()));
      tookGoAndReachedTheBuild(published, TODAYS_PIN);
    }
  }

  /**
   * The check can fail: fleet.yml's plan job as it was (setup-go {@code go-version: '1.22'}) and
   * release.yml's publish job as it was ({@code go-version-file: go.mod} while passing
   * {@code --build-config}) install a Go ack-release refuses on today's controllers.
   */
  @Test
  void theGoTheOldFilesInstalledIsRefusedOnTodaysControllers() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("runner"));
    GitFixture rds = todays(Files.createDirectories(root.resolve("workspace")), "rds");
    pin(root.resolve(".test-infra/build_config.yaml"), TODAYS_PIN);
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    Map<String, String> env = actions("main", "branch", runnerTemp, tmp.resolve("summary.md"));

    ObjectNode oldPlan = githubJob("github/fleet.yml", "plan").deepCopy();
    setupGoStep(oldPlan).putObject("with").put("go-version", "1.22");
    SetupGo go122 = setupGo(oldPlan, root);
    assertEquals("1.22.0", go122.version());
    ProcessResult planned = runLine(only(jobLines(oldPlan), "ack-release plan"), root, with(go122.environment(), env),
        fakeGo(go122.version()));
    CliRun plan = new CliRun(planned.exitCode(), planned.stdout(), planned.stderr());
    assertEquals(6, plan.exitCode(), plan::toString);
    assertTrue(plan.err().contains("requires go >= " + TODAYS_GO_LINE) && plan.err().contains("go1.22.0"), plan.err());

    ObjectNode oldRelease = githubJob("github/release.yml", "publish").deepCopy();
    setupGoStep(oldRelease).putObject("with").put("go-version-file", "go.mod");
    pin(rds.dir().resolve(".test-infra/build_config.yaml"), TODAYS_PIN);
    SetupGo goMod = setupGo(oldRelease, rds.dir());
    assertEquals(TODAYS_GO_LINE, goMod.version());
    ProcessResult published = runLine(only(jobLines(oldRelease), "ack-release publish"), rds.dir(),
        with(goMod.environment(), actions("v0.1.0", "tag", runnerTemp, tmp.resolve("summary.md"))), fakeGo(goMod.version()));
    CliRun publish = new CliRun(published.exitCode(), published.stdout(), published.stderr());
    assertEquals(6, publish.exitCode(), publish::toString);
    assertTrue(publish.errorLine().contains("pins go_version " + TODAYS_PIN) && publish.errorLine().contains("go1.25.0"),
        publish.errorLine());
  }

  /**
   * The postsubmit's container selects test-infra's pin with {@code GOTOOLCHAIN} whatever Go its
   * image has: here an image with Go 1.25.0 (built before test-infra moved its pin). Its
   * ack-release line alone, without that selection, is refused on the same image.
   */
  @Test
  void theProwPostsubmitRunsThePinnedGoWhateverGoItsImageHas() throws Exception {
    JsonNode job = prowJob("${TEST_INFRA_ORG}/s3-controller", "s3-post-submit");
    String script = containerScript(job);
    Path src = Files.createDirectories(tmp.resolve("src/github.com/aws-controllers-k8s"));
    GitFixture repo = todays(src, "s3");
    pin(src.resolve("test-infra/build_config.yaml"), TODAYS_PIN);
    Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
    Path image = fakeGo(TODAYS_GO_LINE);
    Map<String, String> env = with(containerEnv(job), prow("v0.1.0", artifacts));

    tookGoAndReachedTheBuild(runLine(script, repo.dir(), env, image), TODAYS_PIN);

    ProcessResult bare = runLine(only(script.lines().map(String::strip).toList(), "ack-release publish"), repo.dir(), env, image);
    CliRun run = new CliRun(bare.exitCode(), bare.stdout(), bare.stderr());
    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("pins go_version " + TODAYS_PIN) && run.errorLine().contains("go1.25.0"), run.errorLine());
  }

  // ---- The exact lines, end to end with the machine's Go.

  /**
   * update-ack-chart on ack-chart cloned as Prow's clonerefs clones it ({@code git init}, fetch by
   * URL, no remote): refused without its push URL (nothing written), then with the job's
   * {@code ACK_RELEASE_PUSH_URL} (pointed at a local bare repository standing in for GitHub) and a
   * {@code GITHUB_TOKEN}, committed, tagged and pushed, with the token nowhere in the output, the
   * report or the clone's config, and no remote added. Then the tag's job publishes the chart.
   */
  @Test
  void theUmbrellaJobsBumpAckChartOnAProwCloneAndPublishItAtItsTag() throws Exception {
    List<String> lines = commandLines(CI.resolve("prow/jobs.yaml"));
    String update = only(lines, "ack-release umbrella");
    String release = only(lines, "ack-release publish --chart-dir");
    JsonNode updateJob = prowJob("${TEST_INFRA_ORG}/s3-controller", "update-ack-chart");
    Map<String, String> jobEnv = containerEnv(updateJob);
    assertEquals("https://github.com/${TEST_INFRA_ORG}/ack-chart.git", jobEnv.get("ACK_RELEASE_PUSH_URL"), "ACK's ack-chart");
    assertEquals("true", updateJob.path("labels").path("preset-github-secrets").asText(), "the bot's GITHUB_TOKEN");
    // Prow's workspace: the triggering controller and ack-chart side by side (path aliases).
    Path src = Files.createDirectories(tmp.resolve("src/github.com/aws-controllers-k8s"));
    GitFixture controller = SampleController.create(src, "pipes");
    PublishIT.prepareAndTag(controller, "pipes", "v1.0.0", registry.address() + "/ack");
    ProcessResult published = runLine("ack-release publish --platforms linux/amd64", controller.dir(), Map.of());
    assertEquals(0, published.exitCode(), published.stderr());
    // ack-chart on "GitHub": a bare repository holding its main branch.
    GitFixture seed = GitFixture.init(tmp.resolve("seed"));
    seed.write("Chart.yaml", String.join("\n", Files.readAllLines(Path.of("src/test/resources/ack-chart/Chart.yaml")).subList(0, 7)) + "\n");
    seed.write("values.yaml", "");
    seed.commit("ack-chart");
    Path github = tmp.resolve("github/aws-controllers-k8s/ack-chart.git");
    ProcessResult.run(List.of("git", "init", "-q", "--bare", "-b", "main", github.toString()), null, 60).assertOk();
    seed.git("push", "-q", github.toString(), "main");
    // Prow's clone of it: clonerefs' git init, its ci-robot identity, fetches by URL, the branch forced to FETCH_HEAD.
    Path chart = Files.createDirectories(src.resolve("ack-chart"));
    String url = github.toUri().toString();
    ProcessResult.run(List.of("sh", "-c", "git init -q && git config user.name ci-robot && git config user.email ci-robot@k8s.io"
        + " && git fetch -q '" + url + "' --tags && git fetch -q '" + url + "' main && git checkout -q FETCH_HEAD"
        + " && git branch --force main FETCH_HEAD && git checkout -q main"), chart.toFile(), 60).assertOk();
    assertEquals("", git(chart, "remote"), "Prow clones have no remote");
    String head = git(chart, "rev-parse", "HEAD");
    Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
    String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");

    Map<String, String> noUrl = with(jobEnv, prow("v1.0.0", artifacts));
    noUrl.remove("ACK_RELEASE_PUSH_URL");
    ProcessResult refused = runLine(update, chart, noUrl);
    CliRun refusal = new CliRun(refused.exitCode(), refused.stdout(), refused.stderr());
    assertEquals(2, refusal.exitCode(), refusal::toString);
    assertTrue(refusal.errorLine().contains("has no remote 'origin'") && refusal.errorLine().contains("--push-url"),
        refusal.errorLine());
    assertEquals(head, git(chart, "rev-parse", "HEAD"));
    assertEquals("", git(chart, "status", "--porcelain"), "nothing written");

    ProcessResult updated = runLine(update, chart, with(with(jobEnv, prow("v1.0.0", artifacts)),
        Map.of("ACK_RELEASE_PUSH_URL", url, "GITHUB_TOKEN", token)));

    assertEquals(0, updated.exitCode(), updated.stderr());
    String report = Files.readString(artifacts.resolve("umbrella.json"));
    JsonNode result = OutputSchema.valid(PublishIT.JSON.readTree(report));
    assertEquals("46.159.0", result.get("to").asText(), result.toString());
    assertTrue(result.get("pushed").asBoolean());
    assertEquals("46.159.0", ProcessResult.run(List.of("git", "-C", github.toString(), "tag", "--list"), null, 30)
        .assertOk().stdout().strip());
    assertEquals(git(chart, "rev-parse", "HEAD"), ProcessResult.run(List.of("git", "-C", github.toString(), "rev-parse", "main"), null, 30)
        .assertOk().stdout().strip(), "main pushed");
    assertEquals("", git(chart, "remote"), "no remote added");
    String config = Files.readString(chart.resolve(".git/config"));
    for (String text : List.of(updated.stdout(), updated.stderr(), report, config)) {
      assertFalse(text.contains(token), "the token is never printed or stored: " + text);
    }
    assertFalse(config.contains(github.toString()), "the push URL is not written into the clone: " + config);

    // The tag's job: the umbrella chart with its dependency, pushed.
    ProcessResult chartRelease = runLine(release, chart, prow("46.159.0", artifacts));
    assertEquals(0, chartRelease.exitCode(), chartRelease.stderr());
    JsonNode chartReport = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json"))));
    assertEquals(registry.address() + "/ack/ack-chart:46.159.0", chartReport.get("artifacts").get(0).get("ref").asText());
    assertEquals("pushed", chartReport.get("artifacts").get(0).get("action").asText());
  }

  @Test
  void theFleetWorkflowPlansAMatrixAndPublishesEachService() throws Exception {
    Path workflow = CI.resolve("github/fleet.yml");
    List<String> lines = commandLines(workflow);
    String plan = only(lines, "ack-release plan");
    String publish = only(lines, "ack-release publish");
    Path root = fleetRunner(goVersion.substring(2), this::released);
    Path workspace = root.resolve("workspace");
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    SetupGo go = setupGo(githubJob("github/fleet.yml", "plan"), root);
    assertEquals(goVersion, "go" + go.version(), "the machine's Go is the Go the workflow installs");
    Map<String, String> env = with(go.environment(), actions("main", "branch", runnerTemp, tmp.resolve("summary.md")));

    ProcessResult planned = runLine(plan, root, env);

    assertEquals(0, planned.exitCode(), planned.stderr());
    JsonNode matrix = PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("matrix.json")));
    assertEquals(List.of("ecr", "rds"), matrix.get("include").findValuesAsText("service"));
    for (JsonNode entry : matrix.get("include")) {
      String service = entry.get("service").asText();
      String line = publish.replace("${{ matrix.service }}", service);
      // Each matrix job checks out its controller at the version plan found, and test-infra inside it.
      Path controller = workspace.resolve(service + "-controller");
      buildConfig(controller.resolve(".test-infra/build_config.yaml"));
      ProcessResult published = runLine(line, controller, with(go.environment(), actions(entry.get("tag").asText(), "tag",
          runnerTemp, tmp.resolve("summary.md"))));
      assertEquals(0, published.exitCode(), published.stderr());
      JsonNode report = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("publish-" + service + ".json"))));
      assertTrue(report.get("ok").asBoolean(), report.toString());
    }
    ProcessResult again = runLine(plan, root, env);
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals("{\"include\":[]}", Files.readString(runnerTemp.resolve("matrix.json")).strip(), "nothing left to do");
  }

  // ---- The GitHub release, after publish, against a GitHub API served by WireMock.

  static final String GITHUB_TOKEN = "ghs_ciDefinitionsItInstallationToken0123";

  /**
   * release.yml's publish job at a tag: its publish line publishes and writes the step summary,
   * then its last step makes the tag's GitHub release from what was published, with the job's
   * GITHUB_TOKEN and the repository and API URL Actions sets; a re-run of the step changes
   * nothing; the token is in no output. (One publish for both: the release step needs one anyway.)
   */
  @Test
  void theControllerWorkflowPublishesWritesTheStepSummaryAndMakesTheGitHubRelease() throws Exception {
    JsonNode job = githubJob("github/release.yml", "publish");
    String publish = only(jobLines(job), "ack-release publish");
    String release = only(jobLines(job), "ack-release github-release");
    JsonNode step = null;
    for (JsonNode s : job.path("steps")) {
      if (s.path("run").asText().contains("ack-release github-release")) {
        step = s;
      }
    }
    assertEquals("${{ secrets.GITHUB_TOKEN }}", step.path("env").path("GITHUB_TOKEN").asText(), "the job's token");
    assertEquals("github.ref_type == 'tag'", step.path("if").asText(), "only at a tag");
    assertEquals("write", doc("github/release.yml").path("permissions").path("contents").asText(), "releases need contents: write");
    GitFixture repo = released(tmp, "sfn"); // a service no other case publishes: the registry is shared
    buildConfig(repo.dir().resolve(".test-infra/build_config.yaml"));
    Path bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main", "v0.1.0");
    SetupGo go = setupGo(job, repo.dir());
    assertEquals(goVersion, "go" + go.version(), "the machine's Go is the Go the workflow installs");
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    Path summary = tmp.resolve("step-summary.md");
    try (GitHubFake github = new GitHubFake(GITHUB_TOKEN).repository("aws-controllers-k8s/sfn-controller", bare)) {
      Map<String, String> env = with(with(go.environment(), actions("v0.1.0", "tag", runnerTemp, summary)),
          Map.of("GITHUB_TOKEN", GITHUB_TOKEN, "GITHUB_REPOSITORY", "aws-controllers-k8s/sfn-controller", "GITHUB_API_URL",
              github.apiUrl(), "GITHUB_SERVER_URL", "https://github.com"));
      ProcessResult published = runLine(publish, repo.dir(), env);
      assertEquals(0, published.exitCode(), published.stderr());
      JsonNode report = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(runnerTemp.resolve("publish.json"))));
      assertTrue(report.get("ok").asBoolean());
      String md = Files.readString(summary);
      assertTrue(md.startsWith("### ack-release publish"), md);
      assertTrue(md.contains("| sfn | v0.1.0 | release | image `" + registry.address() + "/ack/sfn-controller:0.1.0` | pushed |"), md);
      assertTrue(md.contains("| sfn | v0.1.0 | release | chart `"), md);

      ProcessResult made = runLine(release, repo.dir(), env);
      ProcessResult again = runLine(release, repo.dir(), env);

      assertEquals(0, made.exitCode(), made.stderr());
      assertTrue(made.stdout().startsWith("Created the GitHub release v0.1.0 of aws-controllers-k8s/sfn-controller"), made.stdout());
      assertEquals(0, again.exitCode(), again.stderr());
      assertTrue(again.stdout().startsWith("Nothing to change in the GitHub release v0.1.0"), again.stdout());
      List<JsonNode> releases = github.releases("aws-controllers-k8s/sfn-controller");
      assertEquals(1, releases.size());
      assertFalse(releases.get(0).path("draft").asBoolean());
      String body = releases.get(0).path("body").asText();
      assertTrue(body.contains("| image index | `" + registry.address() + "/ack/sfn-controller:0.1.0` | `sha256:")
          && body.contains("* Initial commit ("), body);
      for (ProcessResult r : List.of(published, made, again)) {
        assertFalse(r.stdout().contains(GITHUB_TOKEN) || r.stderr().contains(GITHUB_TOKEN), "no token in the output");
      }
    }
  }

  /**
   * The Prow jobs a release tag starts, then a push to stable: s3-post-submit publishes at the tag
   * (its report says what test-infra's pinned Go built), s3-github-release beside it waits for the
   * release in the registry, then makes the GitHub release with the bot's token, the repository
   * from Prow's REPO_OWNER and REPO_NAME, and writes its result to ARTIFACTS; on stable the
   * postsubmit publishes only the moving stable chart. (One release for all three: each needs it.)
   */
  @Test
  void theProwJobsPublishAtATagMakeTheGitHubReleaseAndPublishTheStableChartOnStable() throws Exception {
    JsonNode postsubmit = prowJob("${TEST_INFRA_ORG}/s3-controller", "s3-post-submit");
    JsonNode job = prowJob("${TEST_INFRA_ORG}/s3-controller", "s3-github-release");
    String script = containerScript(postsubmit);
    assertTrue(script.contains("ack-release publish --build-config"), script);
    assertEquals("true", job.path("labels").path("preset-github-secrets").asText(), "the bot's GITHUB_TOKEN");
    assertEquals(postsubmit.path("branches").get(0).asText(), job.path("branches").get(0).asText(), "started by the same tag");
    // Prow's workspace: the controller at its path alias, test-infra beside it.
    Path src = Files.createDirectories(tmp.resolve("src/github.com/aws-controllers-k8s"));
    GitFixture repo = released(src, "s3");
    buildConfig(src.resolve("test-infra/build_config.yaml"));
    Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));

    ProcessResult tag = runLine(script, repo.dir(), with(containerEnv(postsubmit), prow("v0.1.0", artifacts)));

    assertEquals(0, tag.exitCode(), tag.stderr());
    JsonNode report = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json"))));
    assertTrue(report.get("ok").asBoolean(), report.toString());
    assertEquals("release", report.get("mode").asText());
    assertEquals(goVersion, report.get("build").get("goVersion").asText(), "the Go of test-infra's build_config.yaml");
    assertEquals(2, report.get("artifacts").size());

    // "GitHub" holds the tag; the Prow clone itself has no remote, before and after.
    Path bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main", "v0.1.0");
    repo.git("remote", "remove", "origin");
    try (GitHubFake github = new GitHubFake(GITHUB_TOKEN).repository("aws-controllers-k8s/s3-controller", bare)) {
      Map<String, String> env = with(with(containerEnv(job), prow("v0.1.0", artifacts)), Map.of("GITHUB_TOKEN", GITHUB_TOKEN,
          "REPO_OWNER", "aws-controllers-k8s", "REPO_NAME", "s3-controller", "GITHUB_API_URL", github.apiUrl()));

      ProcessResult made = runLine(containerScript(job), repo.dir(), env);

      assertEquals(0, made.exitCode(), made.stderr());
      JsonNode result = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(artifacts.resolve("github-release.json"))));
      assertEquals("created", result.get("action").asText(), result.toString());
      assertEquals("aws-controllers-k8s/s3-controller", result.get("repository").asText());
      assertEquals(1, github.releases("aws-controllers-k8s/s3-controller").size());
      assertFalse(made.stderr().contains(GITHUB_TOKEN));
    }

    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    ProcessResult stable = runLine(script, repo.dir(), with(containerEnv(postsubmit), prow("stable", artifacts)));
    assertEquals(0, stable.exitCode(), stable.stderr());
    JsonNode stableReport = OutputSchema.valid(PublishIT.JSON.readTree(Files.readString(artifacts.resolve("publish.json"))));
    assertEquals("stable", stableReport.get("mode").asText());
    assertEquals(registry.address() + "/ack/s3-chart:v0-stable", stableReport.get("artifacts").get(0).get("ref").asText());
    assertEquals(List.of(), registry.incompleteTags());
  }
}
