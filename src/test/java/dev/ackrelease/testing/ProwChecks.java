package dev.ackrelease.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a jobs file of ack-release's Prow postsubmits must hold: the keys Prow requires of a
 * postsubmit (kubernetes-sigs/prow pkg/config/jobs.go {@code Postsubmit}, {@code JobBase},
 * {@code UtilityConfig.ExtraRefs}; pkg/config/config.go {@code validateJobBase}: a name, a pod
 * spec with one container that has an image and a command, branches that are regular
 * expressions, no two jobs of one repository with the same name; clonerefs: at most one working
 * directory), and ack-release's own rules (decorated, resources on every job, unprivileged,
 * non-root, AWS by the service account). For {@code ci/prow/jobs.yaml} and the output of
 * {@code ack-release ci prow}.
 */
public final class ProwChecks {

  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private ProwChecks() {}

  /** {@code doc} holds exactly the jobs of {@code services} (and ack-chart's) under {@code ${TEST_INFRA_ORG}/<repo>}. */
  public static void check(JsonNode doc, List<String> services) {
    JsonNode postsubmits = doc.path("postsubmits");
    List<String> repos = new ArrayList<>(List.of("${TEST_INFRA_ORG}/ack-chart"));
    services.forEach(s -> repos.add("${TEST_INFRA_ORG}/" + s + "-controller"));
    List<String> found = new ArrayList<>();
    postsubmits.fieldNames().forEachRemaining(found::add);
    assertEquals(repos, found, "the repositories of the jobs");
    postsubmits.forEach(ProwChecks::uniqueNames);

    JsonNode chartJobs = postsubmits.path("${TEST_INFRA_ORG}/ack-chart");
    assertEquals(1, chartJobs.size());
    JsonNode chartJob = chartJobs.get(0);
    assertEquals("ack-chart-release", chartJob.path("name").asText(), "ACK's job name");
    job(chartJob);
    assertTrue(matches(chartJob, "46.159.0") && !matches(chartJob, "v46.159.0"), "ack-chart's tags: X.Y.Z, no v");

    for (String service : services) {
      JsonNode jobs = postsubmits.path("${TEST_INFRA_ORG}/" + service + "-controller");
      assertTrue(jobs.isArray() && jobs.size() == 3, service + ": " + jobs);
      JsonNode publish = jobs.get(0);
      assertEquals(service + "-post-submit", publish.path("name").asText(), "ACK's job name");
      job(publish);
      assertTrue(matches(publish, "v1.2.3"), "release tags");
      assertTrue(matches(publish, "stable"), "the stable branch");
      assertFalse(matches(publish, "main") || matches(publish, "v1.2") || matches(publish, "v1.2.3-rc.1"));
      assertEquals("true", publish.path("labels").path("preset-controller-registry").asText(), "test-infra's registry preset");

      JsonNode umbrella = jobs.get(1);
      assertEquals("update-ack-chart", umbrella.path("name").asText(), "ACK's job name");
      job(umbrella);
      assertTrue(matches(umbrella, "v1.2.3") && !matches(umbrella, "stable") && !matches(umbrella, "1.2.3"));
      assertEquals("true", umbrella.path("labels").path("preset-github-secrets").asText(), "the bot's GITHUB_TOKEN");
      List<String> cloned = new ArrayList<>();
      umbrella.path("extra_refs").forEach(r -> cloned.add(r.path("repo").asText() + (r.path("workdir").asBoolean() ? " (workdir)" : "")));
      List<String> expected = new ArrayList<>(List.of("ack-chart (workdir)"));
      services.stream().filter(s -> !s.equals(service)).forEach(s -> expected.add(s + "-controller"));
      assertEquals(expected, cloned, "ack-chart as working directory, every other controller beside it");
      assertTrue(env(umbrella).contains("ACK_RELEASE_PUSH_URL"), "a Prow clone has no remote: the push URL");

      JsonNode gitHub = jobs.get(2);
      assertEquals(service + "-github-release", gitHub.path("name").asText());
      job(gitHub);
      assertTrue(matches(gitHub, "v1.2.3") && !matches(gitHub, "stable"), "the release tags, as the post-submit");
      assertEquals("true", gitHub.path("labels").path("preset-github-secrets").asText(), "the bot's GITHUB_TOKEN");
      assertTrue(gitHub.path("spec").path("containers").get(0).path("command").get(2).asText()
          .contains("ack-release github-release \"$PULL_BASE_REF\""), "makes the tag's GitHub release");
    }
  }

  /** What every job must have. */
  private static void job(JsonNode job) {
    String name = job.path("name").asText();
    assertTrue(JOB_NAME.matcher(name).matches(), "a job name: '" + name + "'");
    assertTrue(job.path("decorate").asBoolean(), name + ": decorated, so ARTIFACTS and logs are uploaded");
    assertTrue(job.path("path_alias").asText().startsWith("github.com/"), name + ": cloned at its Go import path");
    assertTrue(job.path("branches").isArray() && job.path("branches").size() > 0, name + ": branches");
    job.path("branches").forEach(b -> Pattern.compile(b.asText()));
    int workdirs = 0;
    for (JsonNode ref : job.path("extra_refs")) {
      for (String key : List.of("org", "repo", "base_ref", "path_alias")) {
        assertFalse(ref.path(key).asText().isBlank(), name + ": extra_refs " + key + " in " + ref);
      }
      workdirs += ref.path("workdir").asBoolean() ? 1 : 0;
    }
    assertTrue(workdirs <= 1, name + ": one working directory at most");
    JsonNode spec = job.path("spec");
    assertFalse(spec.path("serviceAccountName").asText().isBlank(), name + ": AWS by the pod's web identity");
    assertTrue(spec.path("securityContext").path("runAsNonRoot").asBoolean(), name + ": non-root");
    assertTrue(spec.path("securityContext").path("runAsUser").asInt(0) > 0, name + ": a non-root user");
    assertEquals(1, spec.path("containers").size(), name + ": one container");
    JsonNode container = spec.path("containers").get(0);
    assertFalse(container.path("image").asText().isBlank(), name + ": image");
    assertTrue(container.path("command").isArray() && container.path("command").size() > 0, name + ": command");
    for (String bound : List.of("limits", "requests")) {
      for (String resource : List.of("cpu", "memory")) {
        assertFalse(container.path("resources").path(bound).path(resource).asText().isBlank(), name + ": " + bound + "." + resource);
      }
    }
    JsonNode security = container.path("securityContext");
    assertFalse(security.path("privileged").asBoolean(true), name + ": unprivileged: Jib needs no daemon");
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), name + ": no privilege escalation");
    assertEquals("ALL", security.path("capabilities").path("drop").path(0).asText(), name + ": no capabilities");
  }

  private static void uniqueNames(JsonNode jobs) {
    Set<String> names = new HashSet<>();
    jobs.forEach(j -> assertTrue(names.add(j.path("name").asText()), "one job per name in a repository: " + j.path("name")));
  }

  /** Whether the job runs for {@code ref}; a branch matches anywhere in it (as Go's MatchString), unless anchored. */
  private static boolean matches(JsonNode job, String ref) {
    for (JsonNode b : job.path("branches")) {
      if (Pattern.compile(b.asText()).matcher(ref).find()) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> env(JsonNode job) {
    Set<String> names = new HashSet<>();
    job.path("spec").path("containers").path(0).path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }
}
