package dev.ackrelease.steps.ci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Prow postsubmits that release ACK controllers with ack-release, in the shape of
 * test-infra's generated {@code prow/jobs/jobs.yaml} (aws-controllers-k8s/test-infra
 * {@code prow/jobs/templates/postsubmits/controller_release.tpl} and {@code ack-chart_release.tpl},
 * rendered by {@code prow/jobs/tools/cmd/command/generator/generator.go} {@code generateJobs}):
 * under {@code ${TEST_INFRA_ORG}/<service>-controller}, {@code <service>-post-submit} (publish
 * at a release tag; the stable chart on {@code stable}) and {@code update-ack-chart} (the
 * umbrella chart, with every other controller of the list cloned beside it); under
 * {@code ${TEST_INFRA_ORG}/ack-chart}, {@code ack-chart-release}. The {@code ${...}} placeholders
 * are test-infra's own: its job-config job substitutes them with envsubst when Prow loads the file.
 *
 * <p>Where the jobs differ from test-infra's on purpose (no privileges, no root, the controller
 * as working directory, Go from {@code build_config.yaml}, the annotation where the template
 * meant it), {@link JobsYaml#HEADER} says why, and the tests list each difference.
 */
public final class ProwJobs {

  /** Where Prow clones ACK's repositories ({@code path_alias}: the Go import path). */
  static final String ALIAS = "github.com/aws-controllers-k8s/";
  static final String ORG = "${TEST_INFRA_ORG}";
  static final String RELEASE_TAGS = "^v[0-9]+\\.[0-9]+\\.[0-9]+$";
  static final String STABLE_BRANCH = "^stable$";
  static final String CHART_TAGS = "^[0-9]+\\.[0-9]+\\.[0-9]+$";
  /** The user the containers run as: the CI image's non-root user. */
  static final int USER = 1000;

  /**
   * Reads test-infra's Go pin as {@code release-controller.sh} does and selects exactly that
   * toolchain with {@code GOTOOLCHAIN}: the image's own Go when it is the pin, else the pinned one
   * fetched once (checked against the Go checksum database). ack-release then finds the Go that
   * {@code --build-config} requires.
   */
  static final String PUBLISH = """
      set -euo pipefail
      go_version=$(sed -nE 's/^go_version:[[:space:]]*"?([0-9][0-9a-z.]*)"?[[:space:]]*$/\\1/p' ../test-infra/build_config.yaml)
      if [ -z "$go_version" ]; then echo "../test-infra/build_config.yaml has no go_version" >&2; exit 2; fi
      export GOTOOLCHAIN="go$go_version"
      ack-release publish --build-config ../test-infra/build_config.yaml --report "$ARTIFACTS/publish.json"
      """;
  static final String UMBRELLA =
      "ack-release umbrella --chart-dir . --workspace .. --await --commit --tag --push --output json > \"$ARTIFACTS/umbrella.json\"\n";
  static final String CHART_RELEASE = "ack-release publish --chart-dir . --report \"$ARTIFACTS/publish.json\"\n";
  /**
   * Replaces the GitHub Action that creates the GitHub release with generated notes and no
   * assets: at the same tag, beside the post-submit, it waits for the release in the registry,
   * then makes the tag's GitHub release (a re-run finishes a half-made one).
   */
  static final String GITHUB_RELEASE = """
      set -euo pipefail
      ack-release await "$PULL_BASE_REF" --service %s --timeout 90m
      ack-release github-release "$PULL_BASE_REF" --output json > "$ARTIFACTS/github-release.json"
      """;

  /**
   * The CI image that runs ack-release (Java, Go, git, ack-release on PATH), tagged as
   * test-infra tags its Prow images ({@code prow/jobs/images_config.yaml}: {@code <name>-<version>}).
   */
  public record Image(String repo, String version) {
    /** test-infra's {@code image_repo}, substituted when Prow loads the jobs. */
    public static final String DEFAULT_REPO = "${PROW_IMAGES_REPO_URI}";
    public static final String DEFAULT_VERSION = "0.1.0";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]{1,40})?");

    public Image {
      if (repo == null || !PLACEHOLDER.matcher(repo).matches() && !isRepository(repo)) {
        throw ReleaseException.invalidInput("--image-repo '" + repo + "' is neither an image repository nor a ${NAME}"
            + " placeholder: pass one without tag or digest, e.g. --image-repo '" + DEFAULT_REPO + "'");
      }
      if (version == null || !VERSION.matcher(version).matches()) {
        throw ReleaseException.invalidInput("--image-version '" + version + "' is not a version X.Y.Z (the image is tagged"
            + " ack-release-X.Y.Z): pass e.g. --image-version " + DEFAULT_VERSION);
      }
    }

    public static Image defaults() {
      return new Image(DEFAULT_REPO, DEFAULT_VERSION);
    }

    public String ref() {
      return repo + ":ack-release-" + version;
    }

    private static boolean isRepository(String repo) {
      try {
        ReleaseArtifacts.requireImageRepository(repo);
        return true;
      } catch (ReleaseException e) {
        return false;
      }
    }
  }

  /**
   * The most controllers one file lists: each update-ack-chart job clones every other controller,
   * so the jobs grow with the square of their number (60, ACK's fleet today: 0.8 MB; 300: about
   * 17 MB; 3,000 ran out of memory). AWS has fewer services than this.
   */
  public static final int MAX_CONTROLLERS = 300;

  private final List<String> services;
  private final Image image;

  private ProwJobs(List<String> services, Image image) {
    this.services = services;
    this.image = image;
  }

  /**
   * The jobs of {@code services}, sorted by name as test-infra's {@code aws_services}; a name that
   * is not a service alias, one given twice, or more than {@link #MAX_CONTROLLERS}, is refused (input).
   */
  public static ProwJobs of(List<String> services, Image image) {
    if (services.size() > MAX_CONTROLLERS) {
      throw ReleaseException.invalidInput(services.size() + " controllers are more than the " + MAX_CONTROLLERS + " one file"
          + " of jobs lists (each update-ack-chart clones every other one): pass at most " + MAX_CONTROLLERS);
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String service : services) {
      ReleaseArtifacts.requireService(service, "--controllers");
      if (!sorted.add(service)) {
        throw ReleaseException.invalidInput("--controllers names " + service + " twice: list each controller once");
      }
    }
    if (sorted.isEmpty()) {
      throw ReleaseException.invalidInput("no controller: pass --controllers s3,sns or --workspace DIR");
    }
    return new ProwJobs(List.copyOf(sorted), image);
  }

  /** The jobs as test-infra's file has them: {@code postsubmits}, ack-chart's first, then each controller's. */
  public ObjectNode document() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    ObjectNode postsubmits = doc.putObject("postsubmits");
    postsubmits.putArray(ORG + "/ack-chart").add(chartRelease());
    for (String service : services) {
      postsubmits.putArray(ORG + "/" + service + "-controller").add(postSubmit(service)).add(updateAckChart(service))
          .add(githubRelease(service));
    }
    return doc;
  }

  /** The document as YAML, after a header that says what the jobs do and why they differ from test-infra's. */
  public String yaml() {
    return JobsYaml.render(document());
  }

  /** The document as plain maps and lists, in the same order (for JSON). */
  public Map<String, Object> asMap() {
    return JobsYaml.asMap(document());
  }

  private ObjectNode postSubmit(String service) {
    ObjectNode job = job(service + "-post-submit", service + "-controller", "preset-controller-registry");
    job.putArray("extra_refs").add(ref("${TEST_INFRA_REPO}", "${TEST_INFRA_BRANCH}", false, "test-infra"));
    container(job, 8, 2, "5120Mi", "5120Mi", PUBLISH);
    job.putArray("branches").add(RELEASE_TAGS).add(STABLE_BRANCH);
    return job;
  }

  private ObjectNode updateAckChart(String service) {
    ObjectNode job = job("update-ack-chart", service + "-controller", "preset-github-secrets", "preset-controller-registry");
    ArrayNode refs = job.putArray("extra_refs").add(ref("ack-chart", "main", true, "ack-chart"));
    services.stream().filter(other -> !other.equals(service))
        .forEach(other -> refs.add(ref(other + "-controller", "main", false, other + "-controller")));
    ObjectNode container = container(job, 2, 2, "2048Mi", "2048Mi", UMBRELLA);
    env(container, "ACK_RELEASE_PUSH_URL", "https://github.com/" + ORG + "/ack-chart.git");
    job.putArray("branches").add(RELEASE_TAGS);
    return job;
  }

  private ObjectNode githubRelease(String service) {
    ObjectNode job = job(service + "-github-release", service + "-controller", "preset-github-secrets",
        "preset-controller-registry");
    container(job, 1, 1, "1024Mi", "1024Mi", GITHUB_RELEASE.formatted(service));
    job.putArray("branches").add(RELEASE_TAGS);
    return job;
  }

  private ObjectNode chartRelease() {
    ObjectNode job = job("ack-chart-release", "ack-chart", "preset-controller-registry");
    container(job, 2, 2, "2048Mi", "2048Mi", CHART_RELEASE);
    job.putArray("branches").add(CHART_TAGS);
    return job;
  }

  /** A decorated job of {@code repo}, its keys in the template's order up to {@code labels}. */
  private static ObjectNode job(String name, String repo, String... presets) {
    ObjectNode job = JsonNodeFactory.instance.objectNode();
    job.put("name", name);
    job.put("decorate", true);
    job.put("path_alias", ALIAS + repo);
    job.putObject("annotations").put("karpenter.sh/do-not-disrupt", "true");
    ObjectNode labels = job.putObject("labels");
    for (String preset : presets) {
      labels.put(preset, "true");
    }
    return job;
  }

  private static ObjectNode ref(String repo, String baseRef, boolean workdir, String alias) {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("org", ORG);
    ref.put("repo", repo);
    ref.put("base_ref", baseRef);
    ref.put("workdir", workdir);
    ref.put("path_alias", ALIAS + alias);
    return ref;
  }

  /**
   * The job's pod (the post-submit service account, whose IAM role EKS hands to the AWS SDK as a
   * web identity; a non-root user) and its one container: unprivileged, no capabilities, HOME
   * where that user can write, the registry of test-infra's {@code preset-controller-registry}.
   */
  private ObjectNode container(ObjectNode job, int cpuLimit, int cpuRequest, String memoryLimit, String memoryRequest,
      String script) {
    ObjectNode spec = job.putObject("spec");
    spec.put("serviceAccountName", "post-submit-service-account");
    spec.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", USER).put("runAsGroup", USER);
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("image", image.ref());
    ObjectNode resources = container.putObject("resources");
    resources.putObject("limits").put("cpu", cpuLimit).put("memory", memoryLimit);
    resources.putObject("requests").put("cpu", cpuRequest).put("memory", memoryRequest);
    ObjectNode security = container.putObject("securityContext").put("privileged", false).put("allowPrivilegeEscalation", false);
    security.putObject("capabilities").putArray("drop").add("ALL");
    container.putArray("env");
    env(container, "HOME", "/tmp/home");
    env(container, "ACK_RELEASE_REGISTRY", "${CONTROLLER_ECR_REGISTRY}");
    container.putArray("command").add("/bin/bash").add("-c").add(script);
    return container;
  }

  private static void env(ObjectNode container, String name, String value) {
    container.withArrayProperty("env").addObject().put("name", name).put("value", value);
  }
}
