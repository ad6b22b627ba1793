package dev.ackrelease.steps.ghrelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.OutputSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code github-release --report} takes: the report of a publish of this release that did it
 * all. Not a publish report of one service is bad input (exit 2); the report of a run that failed,
 * a dry run, a plan, another mode or release, or with a row not done, is refused (exit 3) with one
 * line naming the report, what it says and the publish to run.
 */
class PublishReportTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ReleaseVersion V = ReleaseVersion.parseTag("v0.1.0");
  static final String REGISTRY = "127.0.0.1:5000/ack";
  /** The registry options of the github-release run: the publish it suggests needs each of them to reach that registry. */
  static final List<String> ARGS = List.of("--registry", REGISTRY, "--insecure-registry", "127.0.0.1:5000");

  @TempDir Path tmp;

  /** A successful release publish of s3 v0.1.0 as publish writes its report: image and chart pushed, signed, verified. */
  ObjectNode published() {
    List<PublishedArtifact> rows = List.of(
        PublishedArtifact.of("image", REGISTRY + "/s3-controller:0.1.0", "sha256:" + "a".repeat(64), Action.PUSHED, null),
        PublishedArtifact.of("chart", REGISTRY + "/s3-chart:0.1.0", "sha256:" + "b".repeat(64), Action.ALREADY_PUBLISHED, null),
        PublishedArtifact.of("signature", REGISTRY + "/s3-controller:sha256-" + "a".repeat(64) + ".sig", "sha256:" + "c".repeat(64),
            Action.PUSHED, null));
    PublishSummary summary = new PublishSummary("s3", "release", "v0.1.0", REGISTRY, false, rows, List.of(), true, "the tag",
        Map.of(), 0);
    try {
      return (ObjectNode) JSON.readTree(summary.toJson("publish"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Path write(String name, ObjectNode doc) throws IOException {
    return Files.writeString(tmp.resolve(name), JSON.writeValueAsString(doc));
  }

  Path report(String name, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode doc = published();
    edit.accept(doc);
    return write(name, doc);
  }

  ReleaseException refused(Path file) {
    return assertThrows(ReleaseException.class, () -> PublishReport.read(file).requirePublished("s3", V, ARGS));
  }

  static ObjectNode row(ObjectNode doc, String kind) {
    for (var row : doc.get("artifacts")) {
      if (row.get("kind").asText().equals(kind)) {
        return (ObjectNode) row;
      }
    }
    throw new AssertionError(kind);
  }

  @Test
  void theReportOfAPublishThatDidItAllIsTaken() throws IOException {
    ObjectNode doc = published();
    assertEquals(List.of(), List.copyOf(OutputSchema.problems(doc)), "the test's report is one publish writes");
    PublishReport.read(write("publish.json", doc)).requirePublished("s3", V, ARGS);
    // A re-run's: everything already there; and one that made the GitHub release too.
    PublishReport.read(report("again.json", d -> d.get("artifacts").forEach(r -> ((ObjectNode) r).put("action", "unchanged"))))
        .requirePublished("s3", V, ARGS);
    PublishReport.read(report("github.json", d -> ((ArrayNode) d.get("artifacts")).add(JSON.valueToTree(PublishedArtifact.of(
        "github-release", "https://github.com/aws-controllers-k8s/s3-controller/releases/tag/v0.1.0", null, Action.PUSHED, null)
        .toData())))).requirePublished("s3", V, ARGS);
  }

  @Test
  void aFailedPublishsReportIsRefusedNamingItsExitCodeAndErrorAndThePublishToRunAgain() throws IOException {
    String error = "cannot push " + REGISTRY + "/s3-chart:0.1.0: the registry answered HTTP 503: run the same command again";
    Path file = report("failed.json", d -> d.put("ok", false).put("exitCode", 4).put("error", error));

    ReleaseException e = refused(file);

    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertEquals("--report " + file + " says the publish failed (exit 4: " + error + "): re-run the publish at the tag v0.1.0"
        + " in its clone (ack-release publish --registry " + REGISTRY + " --insecure-registry 127.0.0.1:5000 --report "
        + tmp.resolve("v0.1.0.json") + "), then run github-release again with --report " + tmp.resolve("v0.1.0.json")
        + " (give the publish the first run's --base-image and --build-config if it had them: the report does not say)",
        e.getMessage());
  }

  /**
   * The publish a refusal names works when pasted: it reaches the registry as the github-release run
   * does (--insecure-registry kept), builds on the base the report names, and writes its report beside
   * the given one, never over it (a stable publish's report overwritten by the release's would be lost).
   */
  @Test
  void thePublishToRunCarriesTheRegistryOptionsAndTheBaseAndWritesAnotherReport() throws IOException {
    Path stable = report("stable.json", d -> d.put("mode", "stable").set("build", JSON.createObjectNode()
        .put("baseImage", "scratch")));

    ReleaseException e = refused(stable);

    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertEquals("--report " + stable + " is the report of a stable publish (the v0-stable chart), which makes no GitHub release:"
        + " publish at the tag v0.1.0 in its clone (ack-release publish --registry " + REGISTRY + " --insecure-registry"
        + " 127.0.0.1:5000 --base-image scratch --report " + tmp.resolve("v0.1.0.json") + "), then run github-release again"
        + " with --report " + tmp.resolve("v0.1.0.json"), e.getMessage());
    // A report already named after the tag is not the one the publish writes either.
    Path named = report("v0.1.0.json", d -> d.put("mode", "stable"));
    assertTrue(refused(named).getMessage().contains("--report " + tmp.resolve("v0.1.0-publish.json") + "), then run"),
        refused(named).getMessage());
    // Nor one already there: an earlier publish's report, which the pasted command would overwrite (a new-user trial).
    Files.writeString(tmp.resolve("v0.1.0-publish.json"), "{}");
    assertTrue(refused(stable).getMessage().contains("--report " + tmp.resolve("v0.1.0-publish-2.json") + "), then run"),
        refused(stable).getMessage());
  }

  /**
   * The suggested publish works pasted: each word as one shell word, the report's path absolute (a
   * review found a CA path with a space split in two, and relative paths that named nothing in the clone).
   */
  @Test
  void theSuggestedPublishQuotesEachWordAsTheShellReadsIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("rep dir"));
    Path stable = dir.resolve("stable.json");
    Files.move(report("moved.json", d -> d.put("mode", "stable")), stable);
    List<String> args = List.of("--registry", REGISTRY, "--registry-ca", "/etc/my ca.pem", "--controller-dir", "/src/it's");

    ReleaseException e = assertThrows(ReleaseException.class, () -> PublishReport.read(stable).requirePublished("s3", V, args));

    String next = "'" + dir.resolve("v0.1.0.json") + "'";
    assertTrue(e.getMessage().endsWith("(ack-release publish --registry " + REGISTRY + " --registry-ca '/etc/my ca.pem'"
        + " --controller-dir '/src/it'\\''s' --report " + next + "), then run github-release again with --report " + next
        + " (give the publish the first run's --base-image and --build-config if it had them: the report does not say)"), e.getMessage());
  }

  @Test
  void aReportWhoseRowsAreNotAllDoneIsRefusedNamingThem() throws IOException {
    ReleaseException failedRow = refused(report("row.json", d -> row(d, "signature").put("action", "failed")));
    assertEquals(ReleaseException.Kind.REFUSED, failedRow.kind());
    assertTrue(failedRow.getMessage().contains("says not everything was published: signature " + REGISTRY
        + "/s3-controller:sha256-"), failedRow.getMessage());
    assertTrue(failedRow.getMessage().contains(".sig (failed); re-run the publish at the tag v0.1.0"), failedRow.getMessage());

    ReleaseException noChart = refused(report("no-chart.json", d -> ((ArrayNode) d.get("artifacts")).remove(1)));
    assertTrue(noChart.getMessage().contains("says not everything was published: chart (no row); "), noChart.getMessage());
    for (String action : List.of("would push", "refused", "push", "conflict", "unknown until built", "verified", "")) {
      ReleaseException e = refused(report("action.json", d -> row(d, "image").put("action", action)));
      assertEquals(ReleaseException.Kind.REFUSED, e.kind(), action);
    }
  }

  @Test
  void aDryRunsAPlansAndAnotherModesOrReleasesReportIsRefused() throws IOException {
    Map<String, Consumer<ObjectNode>> cases = Map.of(
        "is the report of a dry run: nothing was published; publish without --dry-run at the tag v0.1.0 in its clone", d -> {
          d.put("dryRun", true);
          d.get("artifacts").forEach(r -> ((ObjectNode) r).put("action", "would push"));
        },
        "is plan's report: nothing was published; publish at the tag v0.1.0 in its clone (ack-release publish",
        d -> d.put("command", "plan"),
        "is the report of a stable publish (the v0-stable chart), which makes no GitHub release: publish at the tag v0.1.0",
        d -> d.put("mode", "stable"),
        "says there was nothing to publish (not at a release tag), which makes no GitHub release", d -> d.put("mode", "nothing")
            .put("reason", "not at a release tag").putNull("tag").putNull("version").set("artifacts", JSON.createArrayNode()),
        "is the report of s3 v0.0.9, not of s3 v0.1.0: publish s3 at the tag v0.1.0 in its clone (ack-release publish",
        d -> d.put("tag", "v0.0.9"),
        "is the report of sns v0.1.0, not of s3 v0.1.0", d -> d.put("service", "sns"));
    for (var c : cases.entrySet()) {
      Path file = report("case.json", c.getValue());
      ReleaseException e = refused(file);
      assertEquals(ReleaseException.Kind.REFUSED, e.kind(), c.getKey());
      assertTrue(e.getMessage().startsWith("--report " + file + " " + c.getKey()), e.getMessage());
    }
  }

  @Test
  void whatIsNoPublishReportOfOneServiceIsBadInput() throws IOException {
    Map<String, String> cases = Map.of(
        "{\"schemaVersion\":1,\"command\":\"publish\",\"ok\":true,\"services\":[{\"service\":\"s3\"},{\"service\":\"sns\"}]}",
        "is the report of publish over 2 services",
        "{\"schemaVersion\":1,\"command\":\"verify\",\"ok\":true,\"services\":[{\"service\":\"s3\"}]}",
        "is the report of verify over 1 service (--workspace",
        "{\"schemaVersion\":1,\"command\":\"verify\",\"ok\":true,\"artifacts\":[]}", "is not a publish report (command 'verify')",
        "{\"artifacts\":[]}", "is not a publish report (command none, no ok)",
        "{\"command\":\"publish\",\"ok\":true}", "has no artifacts",
        "[1, 2", "is not readable JSON");
    for (var c : cases.entrySet()) {
      Path file = Files.writeString(tmp.resolve("bad.json"), c.getKey());
      ReleaseException e = assertThrows(ReleaseException.class, () -> PublishReport.read(file));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), c.getKey());
      assertTrue(e.getMessage().startsWith("--report " + file + " " + c.getValue()), e.getMessage());
    }
    ReleaseException missing = assertThrows(ReleaseException.class, () -> PublishReport.read(tmp.resolve("missing.json")));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, missing.kind());
  }

  @Test
  void whatAReportSaysIsEchoedOnOneLine() throws IOException {
    Path file = report("hostile.json", d -> d.put("ok", false).put("exitCode", 4).put("error", "line one\n\u001b[31mline two"));
    ReleaseException e = refused(file);
    assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\u001b"), e.getMessage());
  }
}
