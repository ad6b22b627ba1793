package dev.ackrelease.steps.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.ProwChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@code ack-release ci prow}: the jobs in the shape of test-infra's generated
 * {@code prow/jobs/jobs.yaml}, compared key by key with test-infra's own jobs
 * (aws-controllers-k8s/test-infra prow/jobs/templates/postsubmits/controller_release.tpl and
 * ack-chart_release.tpl, rendered for three controllers in
 * {@code src/test/resources/prow/test-infra-postsubmits.yaml}; its s3-post-submit is the real job
 * of {@code src/test/resources/prow/s3-post-submit.yaml}). Every key is the same as test-infra's
 * but for the differences listed here, each with its reason; docs/ci.md lists them too.
 */
class ProwJobsTest {

  static final YAMLMapper YAML = new YAMLMapper();
  static final Path RESOURCES = Path.of("src/test/resources/prow");
  static final List<String> THREE = List.of("ecr", "s3", "sns");
  static final String THEIR_IMAGE = "${PROW_IMAGES_REPO_URI}:prow-deploy-0.0.46";
  static final String OUR_IMAGE = "${PROW_IMAGES_REPO_URI}:ack-release-0.1.0";

  /**
   * The variables test-infra substitutes in jobs.yaml when Prow loads it: the {@code envsubst}
   * line of aws-controllers-k8s/test-infra prow/jobs/templates/job-config-job.yaml.tpl.
   */
  static final List<String> SUBSTITUTED = List.of("TEST_INFRA_ORG", "TEST_INFRA_REPO", "TEST_INFRA_BRANCH",
      "PROW_IMAGES_REPO_URI", "CONTROLLER_ECR_REGISTRY", "PROW_MIRROR_REGISTRY", "PROW_VERSION", "TOOLS_VERSION", "PATCH_SUFFIX");

  /** At {@code path} (a JSON pointer into a {@link #normalized} job) theirs is {@code theirs}, ours {@code ours} (null: absent). */
  record Difference(String path, JsonNode theirs, JsonNode ours, String why) {}

  static ProwJobs three() {
    return ProwJobs.of(THREE, ProwJobs.Image.defaults());
  }

  @Test
  void theCheckedInProwJobsAreTheGeneratorsOutputForS3() throws IOException {
    assertEquals(ProwJobs.of(List.of("s3"), ProwJobs.Image.defaults()).yaml(), Files.readString(Path.of("ci/prow/jobs.yaml")),
        "ci/prow/jobs.yaml is stale: run ack-release ci prow --controllers s3 > ci/prow/jobs.yaml");
  }

  /** The rendered templates are faithful: their s3-post-submit is the real one. */
  @Test
  void theRenderedTemplatesHoldTheRealS3Job() {
    JsonNode real = read(RESOURCES.resolve("s3-post-submit.yaml")).path("${TEST_INFRA_ORG}/s3-controller").get(0);
    assertEquals("s3-post-submit", real.path("name").asText());
    assertEquals(real, theirs("${TEST_INFRA_ORG}/s3-controller", "s3-post-submit"));
  }

  @Test
  void everyJobIsTestInfrasKeyByKeyButForTheListedDifferencesForThreeControllers() {
    JsonNode ours = three().document().path("postsubmits");
    compare(theirs("${TEST_INFRA_ORG}/ack-chart", "ack-chart-release"), ours.path("${TEST_INFRA_ORG}/ack-chart").get(0),
        chartReleaseDifferences());
    for (String service : THREE) {
      String repo = "${TEST_INFRA_ORG}/" + service + "-controller";
      compare(theirs(repo, service + "-post-submit"), ours.path(repo).get(0), postSubmitDifferences());
      compare(theirs(repo, "update-ack-chart"), ours.path(repo).get(1), updateAckChartDifferences(service));
    }
  }

  /** The comparison fails on a key that differs without being listed, and on a listed one with another value. */
  @Test
  void theComparisonSeesAnUnlistedDifferenceAndAListedOneChanged() {
    JsonNode theirs = theirs("${TEST_INFRA_ORG}/s3-controller", "s3-post-submit");
    ObjectNode ours = three().document().path("postsubmits").path("${TEST_INFRA_ORG}/s3-controller").get(0).deepCopy();
    compare(theirs, ours, postSubmitDifferences());

    ObjectNode fewerCpus = ours.deepCopy();
    container(fewerCpus).withObjectProperty("resources").withObjectProperty("limits").put("cpu", 4);
    AssertionFailedError unlisted = assertThrows(AssertionFailedError.class, () -> compare(theirs, fewerCpus, postSubmitDifferences()));
    assertTrue(unlisted.getMessage().contains("/spec/containers/0/resources/limits/cpu"), unlisted.getMessage());

    ObjectNode privileged = ours.deepCopy();
    container(privileged).withObjectProperty("securityContext").put("privileged", true);
    assertThrows(AssertionFailedError.class, () -> compare(theirs, privileged, postSubmitDifferences()));

    ObjectNode labelAsBoolean = ours.deepCopy();
    labelAsBoolean.withObjectProperty("labels").put("preset-controller-registry", true);
    assertThrows(AssertionFailedError.class, () -> compare(theirs, labelAsBoolean, postSubmitDifferences()), "\"true\" is not true");
  }

  @Test
  void theJobsHoldWhatProwRequiresForThreeControllersInAnyOrderGiven() {
    String yaml = three().yaml();
    ProwChecks.check(read(yaml), THREE);
    assertEquals(yaml, ProwJobs.of(List.of("sns", "ecr", "s3"), ProwJobs.Image.defaults()).yaml(), "sorted, as aws_services");
    assertEquals(yaml, three().yaml(), "the same bytes every time");
  }

  /**
   * The Prow checks see a privileged container, a job without resources, a branch that matches
   * main, two working directories, a pod that may run as root.
   */
  @Test
  void theProwChecksFailOnAJobThatBreaksARule() {
    List<Consumer<ObjectNode>> breaks = List.of(
        job -> container(job).withObjectProperty("securityContext").put("privileged", true),
        job -> container(job).remove("resources"),
        job -> job.withArrayProperty("branches").add("main"),
        job -> {
          ObjectNode ref = job.withArrayProperty("extra_refs").addObject().put("org", "o").put("repo", "r")
              .put("base_ref", "main").put("path_alias", "github.com/o/r").put("workdir", true);
          job.withArrayProperty("extra_refs").add(ref.deepCopy());
        },
        job -> job.withObjectProperty("spec").remove("securityContext"));
    for (int i = 0; i < breaks.size(); i++) {
      ObjectNode doc = three().document();
      breaks.get(i).accept((ObjectNode) doc.path("postsubmits").path("${TEST_INFRA_ORG}/s3-controller").get(0));
      assertThrows(AssertionFailedError.class, () -> ProwChecks.check(doc, THREE), "break " + i);
    }
  }

  @Test
  void theYamlReadsBackAsTheDocumentAndTheJsonIsTheSameDocument() {
    ProwJobs jobs = three();
    assertEquals(jobs.document(), read(jobs.yaml()));
    assertEquals(jobs.document(), new ObjectMapper().valueToTree(jobs.asMap()));
    assertTrue(jobs.yaml().startsWith(JobsYaml.HEADER + "postsubmits:\n  ${TEST_INFRA_ORG}/ack-chart:\n  - name: ack-chart-release\n"),
        "test-infra's layout: lists not indented under their key");
  }

  /** Placeholders are test-infra's, and its envsubst leaves the scripts as they are. */
  @Test
  void testInfraSubstitutesEveryPlaceholderAndNothingInTheScripts() {
    ProwJobs jobs = three();
    String yaml = jobs.yaml();
    Matcher placeholder = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(yaml);
    List<String> names = new ArrayList<>();
    while (placeholder.find()) {
      names.add(placeholder.group(1));
    }
    assertTrue(names.containsAll(List.of("TEST_INFRA_ORG", "TEST_INFRA_REPO", "TEST_INFRA_BRANCH", "PROW_IMAGES_REPO_URI",
        "CONTROLLER_ECR_REGISTRY")), names.toString());
    assertTrue(SUBSTITUTED.containsAll(names), "only placeholders test-infra substitutes: " + names);
    String loaded = envsubst(yaml);
    assertFalse(loaded.contains("${"), loaded);
    JsonNode before = jobs.document().path("postsubmits");
    JsonNode after = read(loaded).path("postsubmits");
    assertTrue(after.has("aws-controllers-k8s/s3-controller"), after.toString());
    for (String script : List.of(ProwJobs.PUBLISH, ProwJobs.UMBRELLA, ProwJobs.CHART_RELEASE)) {
      assertEquals(script, envsubst(script), "envsubst changes nothing in the script");
    }
    assertEquals("public.ecr.aws/aws-controllers-k8s", container(after.path("aws-controllers-k8s/s3-controller").get(0))
        .path("env").path(1).path("value").asText());
    assertEquals(container(before.path("${TEST_INFRA_ORG}/s3-controller").get(0)).path("command"),
        container(after.path("aws-controllers-k8s/s3-controller").get(0)).path("command"));
  }

  /** Strings are plain where test-infra writes them plain, quoted where YAML would read another type, and read back the same. */
  @Test
  void stringsAreQuotedOnlyWhereYamlWouldReadThemAsSomethingElse() {
    ObjectNode doc = YAML.createObjectNode();
    ArrayNode values = doc.putArray("v");
    List<String> tricky = List.of("a: b", "x #y", "- x", "-c", "*a", "&a", "!t", "[a]", "{a}", "\"q\"", "'s'", "%p", "@a", "`b",
        " lead", "trail ", "yes", "no", "on", "off", "y", "n", "~", "null", "true", "False", "", "1000", "012", "0x1F", "1e3",
        ".inf", "-.5", "1.22.5", "5120Mi", "a\tb", "two\nlines\n", "x:", "?x", "? x", "|x", ">x", "#x", "<<", "=");
    tricky.forEach(values::add);
    assertEquals(doc, read(JobsYaml.yaml(doc)));
    String yaml = three().yaml();
    for (String plain : List.of("  ${TEST_INFRA_ORG}/s3-controller:\n", "- ^v[0-9]+\\.[0-9]+\\.[0-9]+$\n", "- ^stable$\n",
        "- image: ${PROW_IMAGES_REPO_URI}:ack-release-0.1.0\n", "      preset-controller-registry: \"true\"\n",
        "            memory: \"5120Mi\"\n", "            cpu: 8\n", "      workdir: false\n")) {
      assertTrue(yaml.contains(plain), plain + " in\n" + yaml);
    }
  }

  @Test
  void aNameThatIsNotAServiceOrIsGivenTwiceIsInvalidInput() {
    ProwJobs.Image image = ProwJobs.Image.defaults();
    Map<List<String>, String> bad = Map.of(
        List.of("s3-controller"), "drop -controller and pass --controllers s3",
        List.of("S3"), "for example --controllers s3",
        List.of("s3", ""), "service '' is not an ACK service alias",
        List.of("s3", "sns", "s3"), "--controllers names s3 twice",
        List.of(), "no controller: pass --controllers");
    bad.forEach((services, message) -> {
      ReleaseException e = assertThrows(ReleaseException.class, () -> ProwJobs.of(services, image));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().contains(message), e.getMessage());
    });
  }

  @Test
  void theImageIsARepositoryOrAPlaceholderTaggedAckReleaseVersion() {
    assertEquals(OUR_IMAGE, ProwJobs.Image.defaults().ref());
    assertEquals("123456789012.dkr.ecr.us-west-2.amazonaws.com/prow:ack-release-0.2.0-rc.1",
        new ProwJobs.Image("123456789012.dkr.ecr.us-west-2.amazonaws.com/prow", "0.2.0-rc.1").ref());
    assertEquals("${IMAGES}:ack-release-1.0.0", new ProwJobs.Image("${IMAGES}", "1.0.0").ref());
    for (String repo : List.of("", "a b", "prow:tag", "prow@sha256:00", "${lower}", "${A}/x", "prow/Upper")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new ProwJobs.Image(repo, "0.1.0"), repo);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("--image-repo '" + repo + "'"), e.getMessage());
    }
    for (String version : List.of("", "v0.1.0", "0.1", "0.1.0 ", "latest", "0.1.0-")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new ProwJobs.Image(ProwJobs.Image.DEFAULT_REPO, version));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().contains("pass e.g. --image-version 0.1.0"), e.getMessage());
    }
  }

  // ---- The differences from test-infra's jobs, and why.

  /** In every job. */
  static List<Difference> everyJob(JsonNode theirSecurity, String theirCommand, String ourScript) {
    return List.of(
        new Difference("/annotations", y("null"), y("{karpenter.sh/do-not-disrupt: 'true'}"), "test-infra's template"
            + " follows annotations: with a comment line only, so annotations is empty; ours has the annotation where the"
            + " template meant it: the node is not taken away in the middle of a release"),
        new Difference("/karpenter.sh~1do-not-disrupt", y("'true'"), null, "in test-infra's, the annotation is a key of"
            + " the job, not of the pod"),
        new Difference("/spec/securityContext", null, y("{runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000}"),
            "non-root: nothing the job runs needs root"),
        new Difference("/spec/containers/0/image", TextNode.valueOf(THEIR_IMAGE), TextNode.valueOf(OUR_IMAGE),
            "the CI image with ack-release, Java and Go, not test-infra's deploy image with buildah"),
        new Difference("/spec/containers/0/securityContext", theirSecurity,
            y("{privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}"),
            "Jib builds and pushes without a daemon or buildah: no privileges, no capabilities"),
        new Difference("/spec/containers/0/env/HOME", null, y("/tmp/home"), "the non-root user's home (Go's and git's"
            + " caches), writable whatever the image"),
        new Difference("/spec/containers/0/env/ACK_RELEASE_REGISTRY", null, y("${CONTROLLER_ECR_REGISTRY}"), "the registry"
            + " test-infra's scripts push to (release-controller.sh, upload-chart.sh), substituted as the image's is"),
        new Difference("/spec/containers/0/command/2", TextNode.valueOf(theirCommand), TextNode.valueOf(ourScript),
            "ack-release instead of test-infra's script"));
  }

  static List<Difference> postSubmitDifferences() {
    List<Difference> all = new ArrayList<>(everyJob(y("{privileged: true}"), "cd cd/scripts && ./release-controller.sh",
        ProwJobs.PUBLISH));
    all.add(new Difference("/extra_refs/${TEST_INFRA_REPO}/workdir", y("true"), y("false"), "ack-release runs in the"
        + " controller's clone (release-controller.sh goes there from test-infra); test-infra is cloned beside it for"
        + " build_config.yaml"));
    all.add(new Difference("/extra_refs/code-generator", y("{org: '${TEST_INFRA_ORG}', repo: code-generator, base_ref: main,"
        + " workdir: false, path_alias: github.com/aws-controllers-k8s/code-generator}"), null, "release-controller.sh builds"
        + " with code-generator's Dockerfile; ack-release builds the image itself"));
    all.add(new Difference("/spec/containers/0/env/GOLANG_VERSION", y("'1.22.5'"), null, "a Go version written into the"
        + " template, behind test-infra's own pin; the job reads build_config.yaml's go_version into GOTOOLCHAIN"));
    all.add(new Difference("/branches/1", null, y("^stable$"), "on stable ack-release publishes the v<MAJOR>-stable chart,"
        + " which ACK's maintainers edit by hand"));
    return all;
  }

  static List<Difference> updateAckChartDifferences(String service) {
    List<Difference> all = new ArrayList<>(everyJob(null, "cd cd/ack-chart && ./update-chart.sh", ProwJobs.UMBRELLA));
    all.add(new Difference("/extra_refs/${TEST_INFRA_REPO}", y("{org: '${TEST_INFRA_ORG}', repo: '${TEST_INFRA_REPO}',"
        + " base_ref: '${TEST_INFRA_BRANCH}', workdir: true, path_alias: github.com/aws-controllers-k8s/test-infra}"), null,
        "update-chart.sh is test-infra's; ack-release umbrella needs only ack-chart and the controllers"));
    all.add(new Difference("/extra_refs/code-generator", y("{org: '${TEST_INFRA_ORG}', repo: code-generator, base_ref: main,"
        + " workdir: false, path_alias: github.com/aws-controllers-k8s/code-generator}"), null, "not needed"));
    all.add(new Difference("/extra_refs/ack-chart/workdir", y("false"), y("true"), "the umbrella runs in ack-chart's clone,"
        + " the controllers beside it (--workspace ..)"));
    for (String other : THREE) {
      if (!other.equals(service)) {
        all.add(new Difference("/extra_refs/" + other + "-controller/path_alias", null,
            y("github.com/aws-controllers-k8s/" + other + "-controller"), "beside ack-chart whatever ${TEST_INFRA_ORG} is"
            + " (without it clonerefs clones to github.com/<org>/<repo>)"));
      }
    }
    all.add(new Difference("/spec/containers/0/env/ACK_RELEASE_PUSH_URL", null,
        y("https://github.com/${TEST_INFRA_ORG}/ack-chart.git"), "Prow's clone has no remote; update-chart.sh pushes to"
        + " https://github.com/$GITHUB_ORG/ack-chart.git"));
    return all;
  }

  static List<Difference> chartReleaseDifferences() {
    List<Difference> all = new ArrayList<>(everyJob(y("{privileged: true}"), "cd cd/ack-chart && ./upload-chart.sh",
        ProwJobs.CHART_RELEASE));
    all.add(new Difference("/extra_refs", y("{'${TEST_INFRA_REPO}': {org: '${TEST_INFRA_ORG}', repo: '${TEST_INFRA_REPO}',"
        + " base_ref: '${TEST_INFRA_BRANCH}', workdir: true, path_alias: github.com/aws-controllers-k8s/test-infra}}"), null,
        "upload-chart.sh is test-infra's; ack-release publishes from ack-chart's clone alone"));
    return all;
  }

  // ---- Comparing key by key.

  /** {@code ours} is {@code theirs} key by key, but at each of {@code differences}, where each side is exactly as listed. */
  static void compare(JsonNode theirsJob, JsonNode oursJob, List<Difference> differences) {
    ObjectNode theirs = normalized(theirsJob);
    ObjectNode ours = normalized(oursJob);
    String job = oursJob.path("name").asText();
    for (Difference d : differences) {
      assertEquals(d.theirs(), present(theirs.at(d.path())), job + ": test-infra's " + d.path());
      assertEquals(d.ours(), present(ours.at(d.path())), job + ": ours " + d.path() + " (" + d.why() + ")");
    }
    for (Difference d : differences) {
      remove(theirs, d.path());
      remove(ours, d.path());
    }
    Map<String, String> unlisted = new TreeMap<>();
    Map<String, JsonNode> theirLeaves = leaves(theirs);
    Map<String, JsonNode> ourLeaves = leaves(ours);
    theirLeaves.forEach((path, value) -> {
      if (!value.equals(ourLeaves.get(path))) {
        unlisted.put(path, value + " -> " + ourLeaves.get(path));
      }
    });
    ourLeaves.forEach((path, value) -> {
      if (!theirLeaves.containsKey(path)) {
        unlisted.put(path, "absent -> " + value);
      }
    });
    assertEquals(Map.of(), unlisted, job + ": keys that differ from test-infra's job without being listed");
    assertTrue(theirLeaves.size() > 10, job + ": compared " + theirLeaves.keySet());
  }

  /** A job with {@code env} as name → value and {@code extra_refs} keyed by repository, so entries compare by name. */
  static ObjectNode normalized(JsonNode job) {
    ObjectNode copy = job.deepCopy();
    ObjectNode container = container(copy);
    if (container.has("env")) {
      ObjectNode env = YAML.createObjectNode();
      container.get("env").forEach(e -> env.set(e.path("name").asText(), e.path("value")));
      container.set("env", env);
    }
    if (copy.has("extra_refs")) {
      ObjectNode refs = YAML.createObjectNode();
      copy.get("extra_refs").forEach(r -> refs.set(r.path("repo").asText(), r));
      copy.set("extra_refs", refs);
    }
    return copy;
  }

  /** Removes what is at {@code path}, and each object or array that leaves empty. */
  static void remove(ObjectNode root, String path) {
    JsonPointer pointer = JsonPointer.compile(path);
    JsonNode parent = root.at(pointer.head());
    if (parent instanceof ObjectNode object) {
      object.remove(pointer.last().getMatchingProperty());
    } else if (parent instanceof ArrayNode array && pointer.last().getMatchingIndex() < array.size()) {
      array.remove(pointer.last().getMatchingIndex());
    }
    if (parent.isContainerNode() && parent.isEmpty() && !pointer.head().matches()) {
      remove(root, pointer.head().toString());
    }
  }

  /** Every scalar (and empty container) of {@code node} by its JSON pointer. */
  static Map<String, JsonNode> leaves(JsonNode node) {
    Map<String, JsonNode> leaves = new TreeMap<>();
    collect(node, "", leaves);
    return leaves;
  }

  private static void collect(JsonNode node, String path, Map<String, JsonNode> leaves) {
    if (!node.isContainerNode() || node.isEmpty()) {
      leaves.put(path, node);
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), leaves);
      }
    } else {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "/" + i, leaves);
      }
    }
  }

  // ---- Helpers.

  static JsonNode theirs(String repo, String name) {
    for (JsonNode job : read(RESOURCES.resolve("test-infra-postsubmits.yaml")).path("postsubmits").path(repo)) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("test-infra's jobs have no " + name + " for " + repo);
  }

  static ObjectNode container(JsonNode job) {
    return (ObjectNode) job.path("spec").path("containers").get(0);
  }

  /**
   * What test-infra's job-config job does to jobs.yaml: envsubst of {@link #SUBSTITUTED}
   * ({@code $NAME} and {@code ${NAME}}), with the values of ACK's own Prow.
   */
  static String envsubst(String text) {
    Map<String, String> values = Map.of("TEST_INFRA_ORG", "aws-controllers-k8s", "TEST_INFRA_REPO", "test-infra",
        "TEST_INFRA_BRANCH", "main", "PROW_IMAGES_REPO_URI", "123456789012.dkr.ecr.us-west-2.amazonaws.com/prow",
        "CONTROLLER_ECR_REGISTRY", "public.ecr.aws/aws-controllers-k8s");
    Matcher m = Pattern.compile("\\$\\{(" + String.join("|", SUBSTITUTED) + ")}|\\$(" + String.join("|", SUBSTITUTED)
        + ")(?![A-Za-z0-9_])").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1) != null ? m.group(1) : m.group(2), "")));
    }
    return m.appendTail(out).toString();
  }

  static JsonNode present(JsonNode node) {
    return node.isMissingNode() ? null : node;
  }

  static JsonNode y(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(String yaml) {
    return y(yaml);
  }
}
