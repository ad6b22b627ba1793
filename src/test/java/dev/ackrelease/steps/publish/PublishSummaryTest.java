package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The publish summary: what {@code --output json} prints and {@code --report} writes, with no secret in it. */
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
    JsonNode j = JSON.readTree(summary(List.of(), List.of("w1")).toJson());
    assertEquals(List.of("ok", "service", "mode", "version", "registry", "dryRun", "reason", "artifacts", "verified", "retries",
        "build", "errors", "warnings"), names(j));
    assertTrue(j.get("ok").asBoolean());
    assertEquals("s3", j.get("service").asText());
    assertEquals("release", j.get("mode").asText());
    assertEquals("v1.2.3", j.get("version").asText());
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
    assertFalse(JSON.readTree(summary(List.of("it failed"), List.of()).toJson()).get("ok").asBoolean());
  }

  static List<String> names(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void nothingToPublishSaysWhyAndCarriesNoWarnings() throws Exception {
    PublishSummary nothing = PublishSummary.nothingToPublish("s3", "no release tag at HEAD");
    assertEquals(List.of(), nothing.warnings());
    JsonNode j = JSON.readTree(nothing.toJson());
    assertEquals("nothing", j.get("mode").asText());
    assertEquals("no release tag at HEAD", j.get("reason").asText());
    assertTrue(j.get("version").isNull());
    assertFalse(j.get("dryRun").asBoolean());
    assertEquals(0, j.get("artifacts").size());
    assertEquals("{}", j.get("build").toString());
    PublishSummary nullWarnings = new PublishSummary("s3", "release", "v1", "r", false, List.of(), List.of(), false, null, null, 0,
        null);
    assertEquals(List.of(), nullWarnings.warnings());
    assertEquals("{}", JSON.readTree(nullWarnings.toJson()).get("build").toString());
  }

  @Test
  void theReportIsWrittenWholeWithoutSecrets() throws Exception {
    String secret = "summary-secret-" + java.util.UUID.randomUUID();
    Secrets.register(secret);
    Path report = tmp.resolve("out/report.json");
    summary(List.of("failed with " + secret), List.of()).writeReport(report);
    String text = Files.readString(report);
    assertTrue(text.endsWith("}\n"), text);
    assertFalse(text.contains(secret));
    assertTrue(text.contains("failed with ****"), text);
    assertEquals(List.of("report.json"), List.of(tmp.resolve("out").toFile().list()));

    Path dir = Files.createDirectories(tmp.resolve("a-directory"));
    Files.writeString(dir.resolve("keep"), "x");
    ReleaseException e = assertThrows(ReleaseException.class, () -> summary(List.of(), List.of()).writeReport(dir));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("cannot write the report " + dir + " ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("): pass a writable --report path"), e.getMessage());
  }
}
