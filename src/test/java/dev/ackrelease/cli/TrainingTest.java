package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.ProcessResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run ({@link Training}): what its stand-in registry records is read from
 * plan's JSON ({@link TrainingPlan}) by field name, whatever the document's layout or the rows'
 * wording; when plan does not show the image and the chart built from other inputs, the run says
 * so rather than skip its no-op publish without a word.
 */
class TrainingTest {

  static final String HOST = "127.0.0.1:40000";
  static final String OTHER = "sha256:" + "0".repeat(64);
  static final String IMAGE_INPUTS = "sha256:" + "1".repeat(64);
  static final String CHART_INPUTS = "sha256:" + "2".repeat(64);

  static Map<String, Object> plan(PublishedArtifact... rows) {
    return Map.of("schemaVersion", 1, "command", "plan", "artifacts", List.of(rows).stream().map(PublishedArtifact::toData).toList());
  }

  static PublishedArtifact row(String kind, String name, Action action, String detail) {
    return PublishedArtifact.of(kind, HOST + "/ack/" + name + ":0.1.0", "sha256:" + "9".repeat(64), action, detail);
  }

  static final Map<String, Object> BOTH = plan(
      row("image", "s3-controller", Action.CONFLICT, "built from other inputs (" + OTHER + ", this build " + IMAGE_INPUTS + ")"),
      // Another wording, this build's inputs first: the digest that is not the stand-in's is this build's.
      row("chart", "s3-chart", Action.CONFLICT, "this build has " + CHART_INPUTS + "; the registry records " + OTHER));

  @Test
  void thePlanIsReadByFieldNameWhateverItsSpacing() throws Exception {
    Map<String, String> expected = Map.of("ack/s3-controller", IMAGE_INPUTS, "ack/s3-chart", CHART_INPUTS);
    String indented = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(BOTH);
    String compact = new ObjectMapper().writeValueAsString(BOTH);
    assertEquals(expected, TrainingPlan.inputsToRecord(indented));
    assertEquals(expected, TrainingPlan.inputsToRecord(compact), "no space around the colons: " + compact);
  }

  /** The repository is read from the ref as an image reference (ImageName), whether the ref has a tag, a digest or neither. */
  @Test
  void theRepositoryIsReadFromTheRefAsAnImageReference() throws Exception {
    String refs = new ObjectMapper().writeValueAsString(plan(
        PublishedArtifact.of("image", HOST + "/ack/s3-controller:0.1.0@" + OTHER, OTHER, Action.CONFLICT,
            "other inputs (" + OTHER + ", this build " + IMAGE_INPUTS + ")"),
        PublishedArtifact.of("chart", HOST + "/ack/s3-chart", OTHER, Action.CONFLICT,
            "other inputs (" + OTHER + ", this build " + CHART_INPUTS + ")")));
    assertEquals(Map.of("ack/s3-controller", IMAGE_INPUTS, "ack/s3-chart", CHART_INPUTS), TrainingPlan.inputsToRecord(refs));
  }

  @Test
  void aPlanWithoutBothBuiltFromOtherInputsIsSaidNotSkipped() throws Exception {
    String chartAbsent = new ObjectMapper().writeValueAsString(plan(
        row("image", "s3-controller", Action.CONFLICT, "other inputs (" + OTHER + ", this build " + IMAGE_INPUTS + ")"),
        row("chart", "s3-chart", Action.PLAN_PUSH, "the registry has no " + HOST + "/ack/s3-chart:0.1.0")));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingPlan.inputsToRecord(chartAbsent));
    assertEquals("plan did not show the image and the chart built from other inputs (it showed image conflict, chart push)",
        e.getMessage());

    String noDigest = new ObjectMapper().writeValueAsString(plan(
        row("image", "s3-controller", Action.CONFLICT, "other inputs (" + OTHER + ", this build " + IMAGE_INPUTS + ")"),
        row("chart", "s3-chart", Action.CONFLICT, "other inputs")));
    assertThrows(IllegalStateException.class, () -> TrainingPlan.inputsToRecord(noDigest), "a conflict without this build's inputs");
    assertThrows(IllegalStateException.class, () -> TrainingPlan.inputsToRecord("error: not JSON"));

    // plan stopped before any decision: its error is in the line.
    String failed = new ObjectMapper().writeValueAsString(Map.of("ok", false, "error", "the release artifacts do not match v0.1.0",
        "artifacts", List.of()));
    assertEquals("plan did not show the image and the chart built from other inputs (it showed no artifact; plan: the release"
        + " artifacts do not match v0.1.0)", assertThrows(IllegalStateException.class, () -> TrainingPlan.inputsToRecord(failed)).getMessage());
  }

  /** The whole run, as the launcher makes its archive with it: every part trained, nothing said. */
  @Test
  void theTrainingRunTrainsItsNoOpPublishQuietly() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Training.train(new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The launcher trains where ack-release first runs, in the user's environment: a GIT_DIR set
   * there (a clone whose git directory is elsewhere) gets no commit, tag or file of the training's.
   */
  @Test
  void theUsersGitDirGetsNothingFromTheTrainingRun(@TempDir Path tmp) throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
    repo.close();
    String before = repo.git("for-each-ref") + repo.git("rev-parse", "HEAD") + repo.git("status", "--porcelain");
    ProcessResult run = ProcessResult.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Training.class.getName()), tmp.toFile(),
        Map.of("GIT_DIR", repo.dir().resolve(".git").toString()), 300);
    run.assertOk();
    assertEquals(before, repo.git("for-each-ref") + repo.git("rev-parse", "HEAD") + repo.git("status", "--porcelain"));
  }
}
