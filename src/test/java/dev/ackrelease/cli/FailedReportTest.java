package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.OutputSchema;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.StaticBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed run's --report is a document of the schema ({@code docs/schema/output.schema.json}):
 * {@code ok: false}, and the {@code exitCode} and {@code error} that stderr and the document on
 * stdout say, beside the rows so far; redacted as stdout is. The registry is a closed port on
 * 127.0.0.1, so a run that reaches it fails remotely (exit 4).
 */
class FailedReportTest {

  static final ObjectMapper JSON = new ObjectMapper();
  /** One attempt per request: a closed port fails at once. */
  static final Map<String, String> ONE_TRY = Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1");

  @TempDir Path tmp;
  String registry;

  @BeforeEach
  void closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      registry = "127.0.0.1:" + socket.getLocalPort();
    }
  }

  /** A sample controller whose release v0.1.0 is merged and tagged, its image repository in the closed registry. */
  GitFixture released(Path parent, String service) {
    return released(parent, service, "ack");
  }

  GitFixture released(Path parent, String service, String namespace) {
    GitFixture repo = SampleController.create(parent, service);
    CliRun prepare = Cli.run("prepare", "v0.1.0", "--service", service, "--controller-dir", repo.dir().toString(),
        "--image-repository", registry + "/" + namespace + "/" + service + "-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-v0.1.0");
    CliRun tag = Cli.run("tag", "v0.1.0", "--controller-dir", repo.dir().toString(), "--quiet");
    assertEquals(0, tag.exitCode(), tag::toString);
    return repo;
  }

  CliRun run(Map<String, String> env, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--registry", registry + "/ack", "--insecure-registry", registry,
        "--platforms", "linux/amd64", "--base-image", "scratch", "--cache-dir", tmp.resolve("cache").toString(), "--quiet"));
    args.addAll(List.of(extra));
    return Cli.runWith(env, args.toArray(String[]::new));
  }

  String binary() {
    return "linux/amd64=" + StaticBinaries.controller("amd64");
  }

  /** The report, read back and checked against the schema: a failed run's says what stderr says. */
  static JsonNode failedReport(Path report, CliRun run, int exitCode) throws IOException {
    JsonNode doc = OutputSchema.valid(JSON.readTree(Files.readString(report)));
    assertFalse(doc.get("ok").asBoolean(true), doc::toString);
    assertEquals(exitCode, doc.path("exitCode").asInt(-1), doc::toString);
    assertEquals(run.errorLine(), "error: " + doc.path("error").asText(), doc::toString);
    return doc;
  }

  @Test
  void aRemoteFailuresReportSaysTheExitCodeAndErrorOfStdoutsDocument() throws IOException {
    GitFixture repo = released(tmp, "s3");
    Path report = tmp.resolve("publish.json");

    CliRun run = run(ONE_TRY, "publish", "--controller-dir", repo.dir().toString(), "--binary", binary(), "--report",
        report.toString(), "--output", "json");

    assertEquals(4, run.exitCode(), run::toString);
    JsonNode doc = failedReport(report, run, 4);
    JsonNode stdout = run.json();
    assertEquals(stdout.get("exitCode"), doc.get("exitCode"));
    assertEquals(stdout.get("error"), doc.get("error"));
    // The rest is the summary so far, as stdout carries it under publish.
    ObjectNode summary = ((ObjectNode) doc.deepCopy()).without(List.of("schemaVersion", "command", "exitCode", "error"));
    assertEquals(stdout.get("publish").deepCopy(), summary.put("ok", false));
    assertEquals("release", doc.get("mode").asText());
    assertEquals(doc.get("error").asText(), doc.get("errors").get(0).asText().replaceAll("\\s+", " "), doc::toString);
    assertTrue(doc.get("error").asText().contains(registry), doc::toString);
  }

  @Test
  void aPlansRemoteFailureAndARefusalWriteSuchAReportInTextMode() throws IOException {
    GitFixture repo = released(tmp, "s3");
    Path planned = tmp.resolve("plan.json");

    CliRun plan = run(ONE_TRY, "plan", "--controller-dir", repo.dir().toString(), "--binary", binary(), "--report",
        planned.toString());

    assertEquals(4, plan.exitCode(), plan::toString);
    assertEquals("plan", failedReport(planned, plan, 4).get("command").asText());

    // A release commit that is not clean is refused (exit 3) after the mode is decided: the report still says so.
    repo.write("go.mod", Files.readString(repo.dir().resolve("go.mod")) + "// changed after the tag\n");
    Path refused = tmp.resolve("refused.json");
    CliRun publish = run(ONE_TRY, "publish", "--controller-dir", repo.dir().toString(), "--binary", binary(), "--report",
        refused.toString());

    assertEquals(3, publish.exitCode(), publish::toString);
    JsonNode doc = failedReport(refused, publish, 3);
    assertEquals("release", doc.get("mode").asText());
    assertEquals(0, doc.get("artifacts").size(), "nothing was pushed");
  }

  /**
   * Bad input (exit 2) writes no report, whether an option is malformed (checked before the mode is
   * decided) or a value is found wrong as the release is checked (a --go that is no program); nor
   * does a run whose mode is refused (exit 3, before it is decided). An earlier report stays as it was.
   */
  @Test
  void badInputAndARefusedModeWriteNoReport() throws IOException {
    GitFixture repo = released(tmp, "s3");
    Path report = tmp.resolve("publish.json");

    CliRun malformed = run(ONE_TRY, "publish", "--controller-dir", repo.dir().toString(), "--binary", binary(), "--report",
        report.toString(), "--base-image", "Not A Reference");

    assertEquals(2, malformed.exitCode(), malformed::toString);
    assertFalse(Files.exists(report), "bad input writes no report");
    assertFalse(Files.exists(tmp.resolve("cache")), "nor anything else");

    Path notAProgram = Files.writeString(tmp.resolve("go"), "not a program\n");
    CliRun noGo = run(ONE_TRY, "publish", "--controller-dir", repo.dir().toString(), "--go", notAProgram.toString(), "--report",
        report.toString());

    assertEquals(2, noGo.exitCode(), noGo::toString);
    assertTrue(noGo.errorLine().contains("--go"), noGo::toString);
    assertFalse(Files.exists(report), "bad input found after the mode is decided writes no report either");

    Files.writeString(report, "an earlier run's\n");
    repo.write("go.mod", Files.readString(repo.dir().resolve("go.mod")) + "// after the release\n");
    repo.commit("After the release");
    CliRun refused = run(ONE_TRY, "publish", "--controller-dir", repo.dir().toString(), "--binary", binary(), "--report",
        report.toString(), "--mode", "release");

    assertEquals(3, refused.exitCode(), refused::toString);
    assertEquals("an earlier run's\n", Files.readString(report));
  }

  /** verify of one service writes its --report as publish does (it wrote none: the option was for several services). */
  @Test
  void aVerifyOfOneServiceWritesItsFailedReportAndNoneForBadInput() throws IOException {
    Path report = tmp.resolve("verify.json");
    List<String> args = List.of("verify", "--service", "s3", "--registry", registry + "/ack", "--insecure-registry", registry,
        "--no-source-check", "--quiet", "--report", report.toString());

    CliRun malformed = Cli.runWith(ONE_TRY, Stream.concat(args.stream(), Stream.of("one")).toArray(String[]::new));

    assertEquals(2, malformed.exitCode(), malformed::toString);
    assertFalse(Files.exists(report), "bad input writes no report");

    CliRun run = Cli.runWith(ONE_TRY, Stream.concat(args.stream(), Stream.of("v0.1.0")).toArray(String[]::new));

    assertEquals(4, run.exitCode(), run::toString);
    JsonNode doc = failedReport(report, run, 4);
    assertEquals("verify", doc.get("command").asText());
    assertEquals("s3", doc.get("service").asText());
    assertEquals("v0.1.0", doc.get("tag").asText());
    assertTrue(doc.get("error").asText().contains(registry), doc::toString);
  }

  @Test
  void aFleetsFailedReportIsItsDocumentOnStdout() throws IOException {
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    released(workspace, "s3");
    released(workspace, "sns");
    Path report = tmp.resolve("fleet.json");

    CliRun run = run(ONE_TRY, "publish", "--workspace", workspace.toString(), "--parallel", "2", "--report", report.toString(),
        "--output", "json");

    assertEquals(4, run.exitCode(), run::toString);
    JsonNode doc = failedReport(report, run, 4);
    assertEquals(run.json(), doc, "the same document on stdout and in the report");
    assertEquals(2, doc.get("services").size());
    assertTrue(doc.get("error").asText().startsWith("2 of 2 services failed: "), doc::toString);
  }

  @Test
  void aFailedReportCarriesNoSecret() throws IOException {
    // The token is the namespace: every line naming the registry would carry it.
    String token = "ghpsecrettoken0123456789";
    GitFixture repo = released(tmp, "s3", token);
    Path report = tmp.resolve("publish.json");

    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1", "GITHUB_TOKEN", token), "publish", "--controller-dir",
        repo.dir().toString(), "--registry", registry + "/" + token, "--insecure-registry", registry, "--platforms", "linux/amd64",
        "--base-image", "scratch", "--binary", binary(), "--cache-dir", tmp.resolve("cache").toString(), "--quiet",
        "--report", report.toString());

    assertEquals(4, run.exitCode(), run::toString);
    String written = Files.readString(report);
    assertFalse(written.contains(token), written);
    assertTrue(failedReport(report, run, 4).get("error").asText().contains("****"), written);
  }
}
