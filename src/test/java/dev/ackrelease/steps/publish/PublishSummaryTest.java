package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.UUID;

/**
 * The publish summary: what {@code --output json} prints and {@code --report} writes (the
 * command's document in the one output envelope), with no secret in it.
 */
class PublishSummaryTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static PublishSummary summary(List<String> errors, List<String> warnings) {
    return new PublishSummary("s3", "release", "v1.2.3", "r.example.com/ack", true, List.of(
        new PublishedArtifact("image", "r.example.com/ack/s3-controller:1.2.3", "sha256:1", PublishedArtifact.Action.PUSHED, 2048,
            Duration.ofMillis(1500), "pushed 1 of 1 blobs", 2),
        new PublishedArtifact("chart", "r.example.com/ack/s3-chart:1.2.3", null, PublishedArtifact.Action.WOULD_SKIP, 0, null, "x")),
        errors, true, "a reason", Map.of("goVersion", "go1.22.1", "baseImage", "scratch"), 3, warnings);
  }

  @Test
  void theJsonSaysWhatWasDoneRowByRow() throws Exception {
    JsonNode j = JSON.readTree(summary(List.of(), List.of("w1")).toJson("publish"));
    assertEquals(List.of("schemaVersion", "command", "ok", "service", "mode", "version", "tag", "registry", "dryRun", "reason",
        "artifacts", "verified", "retries", "build", "errors", "warnings"), names(j));
    assertEquals(OutputDocument.SCHEMA_VERSION, j.get("schemaVersion").asInt());
    assertEquals("publish", j.get("command").asText());
    assertTrue(j.get("ok").asBoolean());
    assertEquals("s3", j.get("service").asText());
    assertEquals("release", j.get("mode").asText());
    assertEquals("1.2.3", j.get("version").asText(), "the version without its v");
    assertEquals("v1.2.3", j.get("tag").asText());
    assertEquals("r.example.com/ack", j.get("registry").asText());
    assertTrue(j.get("dryRun").asBoolean());
    assertEquals("a reason", j.get("reason").asText());
    assertTrue(j.get("verified").asBoolean());
    assertEquals(3, j.get("retries").asInt());
    assertEquals("{\"baseImage\":\"scratch\",\"goVersion\":\"go1.22.1\"}", j.get("build").toString(), "sorted");
    assertEquals("[\"w1\"]", j.get("warnings").toString());
    JsonNode image = j.at("/artifacts/0");
    assertEquals(List.of("kind", "ref", "digest", "action", "bytes", "retries", "seconds", "detail"), names(image));
    assertEquals("pushed", image.get("action").asText());
    assertEquals(2048, image.get("bytes").asLong());
    assertEquals(2, image.get("retries").asInt());
    assertEquals(1.5, image.get("seconds").asDouble());
    assertEquals("pushed 1 of 1 blobs", image.get("detail").asText());
    assertEquals(0.0, j.at("/artifacts/1/seconds").asDouble());
    assertTrue(j.at("/artifacts/1/digest").isNull());
    assertEquals("unchanged", j.at("/artifacts/1/action").asText());
    JsonNode failed = JSON.readTree(summary(List.of("it failed"), List.of()).toJson("plan"));
    assertFalse(failed.get("ok").asBoolean());
    assertEquals("plan", failed.get("command").asText());
  }

  static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void nothingToPublishSaysWhyAndCarriesNoWarnings() throws Exception {
    PublishSummary nothing = PublishSummary.nothingToPublish("s3", "no release tag at HEAD");
    assertEquals(List.of(), nothing.warnings());
    JsonNode j = JSON.readTree(nothing.toJson("publish"));
    assertEquals("nothing", j.get("mode").asText());
    assertEquals("no release tag at HEAD", j.get("reason").asText());
    assertTrue(j.get("version").isNull());
    assertTrue(j.get("tag").isNull());
    assertFalse(j.get("dryRun").asBoolean());
    assertEquals(0, j.get("artifacts").size());
    assertEquals("{}", j.get("build").toString());
    PublishSummary nullWarnings = new PublishSummary("s3", "release", "v1", "r", false, List.of(), List.of(), false, null, null, 0,
        null);
    assertEquals(List.of(), nullWarnings.warnings());
    assertEquals("{}", JSON.readTree(nullWarnings.toJson("publish")).get("build").toString());
  }

  @Test
  void theReportIsWrittenWholeWithoutSecrets() throws Exception {
    String secret = "summary-secret-" + UUID.randomUUID();
    Secrets.register(secret);
    Path report = Files.createDirectories(tmp.resolve("out")).resolve("report.json");
    summary(List.of("failed with " + secret), List.of()).writeReport(report, "publish");
    String text = Files.readString(report);
    assertTrue(text.endsWith("}\n"), text);
    assertEquals(summary(List.of("failed with " + secret), List.of()).toJson("publish") + "\n", text,
        "the report is the document --output json prints");
    assertFalse(text.contains(secret));
    assertTrue(text.contains("failed with ****"), text);
    assertEquals(List.of("report.json"), List.of(tmp.resolve("out").toFile().list()));

    Path dir = Files.createDirectories(tmp.resolve("a-directory"));
    Files.writeString(dir.resolve("keep"), "x");
    ReleaseException e = assertThrows(ReleaseException.class, () -> summary(List.of(), List.of()).writeReport(dir, "publish"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("cannot write --report " + dir + ": it is a directory"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; pass --report a new file in an existing directory, or a regular file git does not track"),
        e.getMessage());
    assertEquals(List.of("keep"), List.of(dir.toFile().list()), "nothing written beside what was there");
  }
}
