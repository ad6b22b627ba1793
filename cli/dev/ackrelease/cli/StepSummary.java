package dev.ackrelease.cli;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Under GitHub Actions ({@code GITHUB_ACTIONS=true}), the run's summary table is appended to
 * {@code $GITHUB_STEP_SUMMARY} as Markdown, so the job's page shows what was released. A file
 * that cannot be written costs a progress line, never the release.
 */
final class StepSummary {

  private StepSummary() {}

  static void append(Map<String, String> env, Log log, String command, List<Fleet.Outcome<PublishSummary>> outcomes) {
    if (!"true".equals(env.get("GITHUB_ACTIONS")) || env.getOrDefault("GITHUB_STEP_SUMMARY", "").isBlank()) {
      return;
    }
    StringBuilder md = new StringBuilder();
    md.append("### ack-release ").append(command).append("\n\n");
    md.append("| service | version | mode | artifact | action | digest | bytes | retries |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (Fleet.Outcome<PublishSummary> o : outcomes) {
      PublishSummary s = o.result().orElse(null);
      String service = o.target().service();
      if (s == null || s.artifacts().isEmpty()) {
        String what = o.skipped() ? "skipped" : o.failure().map(f -> "failed: " + cell(f.getMessage()))
            .orElse(s == null || s.reason() == null ? "nothing to publish" : "nothing to publish: " + cell(s.reason()));
        md.append("| ").append(service).append(" | ").append(s == null || s.version() == null ? "" : s.version()).append(" | ")
            .append(s == null ? "" : s.mode()).append(" | | ").append(what).append(" | | | |\n");
        continue;
      }
      for (PublishedArtifact a : s.artifacts()) {
        md.append("| ").append(service).append(" | ").append(s.version()).append(" | ").append(s.mode()).append(" | ")
            .append(a.kind()).append(" `").append(a.ref()).append("` | ").append(a.action().text()).append(" | `")
            .append(a.digest() == null ? "-" : a.digest()).append("` | ").append(a.bytesPushed()).append(" | ")
            .append(a.retries()).append(" |\n");
      }
      o.failure().ifPresent(f -> md.append("| ").append(service).append(" | ").append(s.version()).append(" | ").append(s.mode())
          .append(" | | failed: ").append(cell(f.getMessage())).append(" | | | |\n"));
    }
    md.append("\n");
    Path file = Path.of(env.get("GITHUB_STEP_SUMMARY"));
    try {
      Files.writeString(file, Secrets.redact(md.toString()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      log.info("cannot append the summary to $GITHUB_STEP_SUMMARY (" + e.getMessage() + "); the release is unaffected");
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\s+", " ");
  }
}
