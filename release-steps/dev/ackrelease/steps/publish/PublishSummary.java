package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.registry.PublishedArtifact;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.io.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one publish run did: the mode, the version, and a row per artifact. It is both the
 * {@code --output json} result and the {@code --report FILE} content. {@code warnings}: what
 * verify found that does not fail the release (signature layers by other keys or over other
 * digests beside a good one).
 */
public record PublishSummary(String service, String mode, String version, String registry, boolean dryRun,
    List<PublishedArtifact> artifacts, List<String> errors, boolean verified, String reason, Map<String, String> build,
    int retries, List<String> warnings) {

  public PublishSummary {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Without warnings. */
  public PublishSummary(String service, String mode, String version, String registry, boolean dryRun,
      List<PublishedArtifact> artifacts, List<String> errors, boolean verified, String reason, Map<String, String> build,
      int retries) {
    this(service, mode, version, registry, dryRun, artifacts, errors, verified, reason, build, retries, List.of());
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static PublishSummary nothingToPublish(String service, String reason) {
    return new PublishSummary(service, "nothing", null, null, false, List.of(), List.of(), false, reason, Map.of(), 0);
  }

  /** The summary as plain data, for JSON. */
  public Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ok", errors.isEmpty());
    data.put("service", service);
    data.put("mode", mode);
    data.put("version", version == null ? null : version.replaceFirst("^v", ""));
    data.put("tag", version);
    data.put("registry", registry);
    data.put("dryRun", dryRun);
    data.put("reason", reason);
    List<Map<String, Object>> rows = new ArrayList<>();
    artifacts.forEach(a -> rows.add(a.toData()));
    data.put("artifacts", rows);
    data.put("verified", verified);
    // Every request of the run sent again after a transient failure (registry, ECR, base image, verify).
    data.put("retries", retries);
    // What the image was built from: the Go toolchain and the base image with its digest.
    Map<String, String> inputs = new TreeMap<>(build == null ? Map.of() : build);
    data.put("build", inputs);
    data.put("errors", errors);
    data.put("warnings", warnings);
    return data;
  }

  /** The document {@code command} (publish, plan) prints with {@code --output json}. */
  public String toJson(String command) {
    try {
      return Secrets.redact(JSON.writeValueAsString(OutputDocument.of(command, toData())));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the publish summary as JSON", e);
    }
  }

  /** Writes the JSON report of {@code command} (publish, plan) atomically: the document {@code --output json} prints. */
  public void writeReport(Path file, String command) {
    OutputFile.option("--report", file).write((toJson(command) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
