package dev.ackrelease.cli;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.io.PathInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Under GitHub Actions ({@code GITHUB_ACTIONS=true}), the run's summary table is appended to
 * {@code $GITHUB_STEP_SUMMARY} as Markdown, so the job's page shows what was released. The file
 * follows {@link OutputFile}'s rule (appended to, never through a link, never a device or FIFO):
 * one that breaks it stops the run before it starts (exit 2); one that cannot be written at the
 * end costs a progress line, never the release.
 */
final class StepSummary {

  private StepSummary() {}

  /** The summary file, when GitHub Actions names one. */
  private static Optional<OutputFile> target(Map<String, String> env) {
    if (!"true".equals(env.get("GITHUB_ACTIONS")) || env.getOrDefault("GITHUB_STEP_SUMMARY", "").isBlank()) {
      return Optional.empty();
    }
    return Optional.of(OutputFile.named("$GITHUB_STEP_SUMMARY", PathInput.of(env.get("GITHUB_STEP_SUMMARY"),
        "GITHUB_STEP_SUMMARY", "point it at a new or regular file, or unset it"),
        "point GITHUB_STEP_SUMMARY at a new or regular file (as GitHub's runner does), or run unset GITHUB_STEP_SUMMARY"));
  }

  /** Refuses (exit 2) a summary file the rule does not allow, before the run does anything. */
  static void requireWritable(Map<String, String> env) {
    target(env).ifPresent(OutputFile::check);
  }

  static void append(Map<String, String> env, Log log, String command, List<Fleet.Outcome<PublishSummary>> outcomes) {
    Optional<OutputFile> file = target(env);
    if (file.isEmpty()) {
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
    try {
      file.get().append(Secrets.redact(md.toString()).getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      log.info("not appending the summary: " + e.getMessage() + " (the release is unaffected)");
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\s+", " ");
  }
}
