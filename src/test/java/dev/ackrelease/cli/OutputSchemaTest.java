package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.artifacts.Fixtures;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.OutputSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command's {@code --output json} is a document of the published schema
 * ({@code docs/schema/output.schema.json}), its error documents included; and the schema has
 * teeth: it refuses the old vocabulary, a missing envelope and a stray field. (Every test that
 * reads a command's JSON through {@link CliRun#json} checks its document too.)
 */
class OutputSchemaTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** The leaf commands, as typed after ack-release. */
  static List<String> commands() {
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<String> leaves = new ArrayList<>();
    cli.getSubcommands().forEach((name, sub) -> {
      if (Main.ABOUT_COMMANDS.contains(name)) {
        return;
      }
      if (sub.getSubcommands().isEmpty()) {
        leaves.add(name);
      } else {
        sub.getSubcommands().keySet().forEach(child -> leaves.add(name + " " + child));
      }
    });
    return leaves;
  }

  @Test
  void everyCommandsErrorIsADocumentNamingItsCommand() {
    List<String> commands = commands();
    assertTrue(commands.size() >= 12, commands.toString());
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.addAll(List.of("--output", "json", "--no-such-option"));
      CliRun run = Cli.run(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), command + ": " + run);
      JsonNode doc = run.json();
      assertEquals(command, doc.get("command").asText());
      assertFalse(doc.get("ok").asBoolean());
    }
  }

  /**
   * A usage error that stops parsing before --output is read (an unknown command, a bad value
   * before it, a missing argument) is still a JSON document when the line, or the variable, asks
   * for JSON (issue 23, item 4): stdout holds it, stderr the same one error line.
   */
  @Test
  void usageErrorsAreDocumentsWhenTheLineAsksForJson() {
    List<List<String>> lines = List.of(
        List.of("pubish", "-o", "json"),
        List.of("--output=json", "pubish"),
        List.of("publish", "--regsitry", "x", "--output", "json"),
        List.of("publish", "--parallel", "many", "-o", "json"),
        List.of("verify", "--platforms", "-qojson"),
        List.of("tag", "-qo", "json"),
        List.of("await", "--service", "s3", "-o=json"),
        List.of("ci", "prow", "--image-version", "-o", "json", "--frobnicate"));
    for (List<String> line : lines) {
      CliRun run = Cli.run(line.toArray(String[]::new));
      assertEquals(2, run.exitCode(), line + ": " + run);
      JsonNode doc = run.json();
      assertFalse(doc.get("ok").asBoolean(), line + ": " + run);
      assertEquals(2, doc.get("exitCode").asInt(), line + ": " + run);
      assertEquals(run.errorLine(), "error: " + doc.get("error").asText(), line + ": " + run);
    }
    CliRun typo = Cli.run("pubish", "-o", "json");
    assertEquals("ack-release", typo.json().get("command").asText());
    assertEquals("publish", typo.json().get("suggestions").get(0).asText());
    CliRun fromVariable = Cli.runWith(Map.of("ACK_RELEASE_OUTPUT", "json"), "tag", "--dryrun");
    assertEquals("tag", fromVariable.json().get("command").asText(), fromVariable::toString);
    CliRun text = Cli.run("publish", "--parallel", "many", "--output", "text");
    assertEquals("", text.out(), "text asked for: no document");
    ObjectNode stray = (ObjectNode) typo.json().deepCopy();
    stray.put("ok", true);
    assertFalse(OutputSchema.problems(stray).isEmpty(), "suggestions come with a failed run");
  }

  @Test
  void successDocumentsOfTheCommandsThatNeedNoRegistry() throws Exception {
    // A real controller's release files (s3 at 1.0.4) in a git repository tagged at that release.
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("s3-controller"));
    GitFixture repo = GitFixture.init(dir);
    repo.commit("Release artifacts for release v1.0.4");
    repo.git("tag", "-a", "v1.0.4", "-m", "v1.0.4");
    CliRun build = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", dir.toString(), "v1.0.5",
        "--dry-run", "--output", "json");
    assertEquals(0, build.exitCode(), build::toString);
    assertEquals("would update", build.json().get("action").asText());
    assertEquals("1.0.5", build.json().get("version").asText());
    assertEquals("v1.0.5", build.json().get("tag").asText());

    CliRun tag = Cli.run("tag", "v1.0.4", "--controller-dir", dir.toString(), "--output", "json");
    assertEquals(0, tag.exitCode(), tag::toString);
    assertEquals("unchanged", tag.json().get("action").asText(), "already tagged is unchanged, as already published is");
    assertEquals("tag", tag.json().get("artifacts").get(0).get("kind").asText());

    CliRun notes = Cli.run("notes", "v1.0.4", "--controller-dir", dir.toString(), "--service", "s3", "--no-github",
        "--output", "json");
    assertEquals(0, notes.exitCode(), notes::toString);
    assertEquals("1.0.4", notes.json().get("version").asText());

    CliRun prow = Cli.run("ci", "prow", "--controllers", "s3", "--output", "json");
    assertEquals(0, prow.exitCode(), prow::toString);
    assertEquals("ci prow", prow.json().get("command").asText());
    CliRun shortFlag = Cli.run("ci", "prow", "--controllers", "s3", "-o", "json");
    assertEquals(prow.out(), shortFlag.out(), "-o is --output");
    CliRun shortTag = Cli.run("tag", "v1.0.4", "--controller-dir", dir.toString(), "-qo", "json");
    assertEquals(tag.json(), shortTag.json());
  }

  @Test
  void theSchemaRefusesTheOldVocabularyAMissingEnvelopeAndStrayFields() throws Exception {
    ObjectNode good = (ObjectNode) JSON.readTree("""
        {"schemaVersion":1,"command":"tag","ok":true,"tag":"v1.2.3","version":"1.2.3","commit":"abc","action":"unchanged",
         "artifacts":[{"kind":"tag","ref":"v1.2.3","digest":"abc","action":"unchanged","bytes":0,"retries":0,"seconds":0.0,
         "detail":null}],"pushed":false,"remote":"origin","previousRelease":null,"dryRun":false}""");
    assertEquals(Set.of(), OutputSchema.problems(good));

    ObjectNode old = good.deepCopy();
    ((ObjectNode) old.get("artifacts").get(0)).put("action", "already published");
    assertFalse(OutputSchema.problems(old).isEmpty(), "already published is now unchanged");
    ObjectNode tagged = good.deepCopy();
    tagged.put("action", "already-tagged");
    assertFalse(OutputSchema.problems(tagged).isEmpty());
    ObjectNode bare = good.deepCopy();
    bare.remove("schemaVersion");
    assertFalse(OutputSchema.problems(bare).isEmpty(), "the envelope is required");
    ObjectNode stray = good.deepCopy();
    ((ObjectNode) stray.get("artifacts").get(0)).put("note", "x");
    assertFalse(OutputSchema.problems(stray).isEmpty(), "a row has exactly the row's fields");
    ObjectNode version = good.deepCopy();
    version.put("version", "v1.2.3");
    assertFalse(OutputSchema.problems(version).isEmpty(), "a version is X.Y.Z; the tag carries the v");
    ObjectNode failed = good.deepCopy();
    failed.put("ok", false);
    assertFalse(OutputSchema.problems(failed).isEmpty(), "a failed run says its exitCode and error");
  }
}
