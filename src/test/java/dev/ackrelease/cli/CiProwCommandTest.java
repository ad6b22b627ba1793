package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ackrelease.steps.ci.ProwJobs;
import dev.ackrelease.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ack-release ci prow}: the jobs on stdout as YAML or JSON; bad input is exit 2, one line, nothing on stdout. */
class CiProwCommandTest {

  static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tmp;

  @Test
  void printsTheJobsOfTheControllersAsYamlOrAsJson() throws IOException {
    JsonNode expected = ProwJobs.of(List.of("ecr", "s3", "sns"), ProwJobs.Image.defaults()).document();

    CliRun yaml = Cli.run("ci", "prow", "--controllers", "s3, sns,ecr");
    assertEquals(0, yaml.exitCode(), yaml::toString);
    assertEquals(expected, YAML.readTree(yaml.out()));
    assertTrue(yaml.out().startsWith("# Prow postsubmits that release ACK controllers"), yaml.out());
    assertEquals("", yaml.err());

    CliRun json = Cli.run("ci", "prow", "--controllers", "s3,sns,ecr", "--output", "json");
    assertEquals(0, json.exitCode(), json::toString);
    assertEquals(expected.get("postsubmits"), json.json().get("postsubmits"), "the same jobs");
    assertEquals("ci prow", json.json().get("command").asText(), "in the envelope of every document");
  }

  @Test
  void findsTheControllerClonesOfAWorkspace() throws IOException {
    for (String dir : List.of("s3-controller/.git", "ecr-controller/.git", "ack-chart/.git", "notes-controller", "docs")) {
      Files.createDirectories(tmp.resolve(dir));
    }
    CliRun run = Cli.run("ci", "prow", "--workspace", tmp.toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> repos = new ArrayList<>();
    YAML.readTree(run.out()).path("postsubmits").fieldNames().forEachRemaining(repos::add);
    assertEquals(List.of("${TEST_INFRA_ORG}/ack-chart", "${TEST_INFRA_ORG}/ecr-controller", "${TEST_INFRA_ORG}/s3-controller"), repos);
  }

  @Test
  void theImageIsAParameter() throws IOException {
    CliRun run = Cli.run("ci", "prow", "--controllers", "s3", "--image-repo", "123456789012.dkr.ecr.us-west-2.amazonaws.com/prow",
        "--image-version", "0.2.0");
    assertEquals(0, run.exitCode(), run::toString);
    YAML.readTree(run.out()).path("postsubmits").forEach(jobs -> jobs.forEach(job -> assertEquals(
        "123456789012.dkr.ecr.us-west-2.amazonaws.com/prow:ack-release-0.2.0",
        job.path("spec").path("containers").get(0).path("image").asText())));
    CliRun help = Cli.run("ci", "prow", "--help");
    assertTrue(help.out().replaceAll("\\s+", " ").contains("(default: ${PROW_IMAGES_REPO_URI}, test-infra's image_repo)"), help.out());
  }

  @Test
  void badInputIsExit2WithOneLineAndNothingOnStdout() {
    List<List<String>> bad = List.of(
        List.of("ci"),
        List.of("ci", "prow"),
        List.of("ci", "prow", "--controllers", "s3", "--workspace", tmp.toString()),
        List.of("ci", "prow", "--controllers", "s3,,sns"),
        List.of("ci", "prow", "--controllers", "s3-controller"),
        List.of("ci", "prow", "--controllers", "s3,s3"),
        List.of("ci", "prow", "--workspace", tmp.resolve("missing").toString()),
        List.of("ci", "prow", "--workspace", tmp.toString()),
        List.of("ci", "prow", "--controllers", "s3", "--image-version", "v0.1.0"),
        List.of("ci", "prow", "--controllers", "s3", "--image-repo", "prow images"),
        List.of("ci", "prow", "--controllers", "s3", "--output", "github-matrix"),
        List.of("ci", "prow", "--controllers", "s3", "--no-such-option"),
        // The jobs grow with the square of the controllers: 3,000 ran out of memory (exit 1, a stack trace).
        List.of("ci", "prow", "--controllers", IntStream.rangeClosed(0, ProwJobs.MAX_CONTROLLERS).mapToObj(i -> "s" + i)
            .collect(Collectors.joining(","))));
    for (List<String> args : bad) {
      CliRun run = Cli.run(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), args + ": " + run);
      assertEquals("", run.out(), args + ": nothing on stdout");
      assertEquals(1, run.errLines().size(), args + ": one line: " + run.err());
      assertTrue(run.errorLine().startsWith("error: "), run.errorLine());
    }
    CliRun neither = Cli.run("ci", "prow");
    assertTrue(neither.errorLine().contains("pass --controllers S,S... or --workspace DIR"), neither.errorLine());
    CliRun many = Cli.run("ci", "prow", "--controllers", IntStream.rangeClosed(0, ProwJobs.MAX_CONTROLLERS)
        .mapToObj(i -> "s" + i).collect(Collectors.joining(",")));
    assertTrue(many.errorLine().endsWith("pass at most " + ProwJobs.MAX_CONTROLLERS), many.errorLine());
    CliRun repository = Cli.run("ci", "prow", "--controllers", "s3-controller");
    assertTrue(repository.errorLine().endsWith("drop -controller and pass --controllers s3"), repository.errorLine());
  }
}
