package dev.ackrelease.cli;

import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The end-of-run table: each artifact, its ref, digest, action, bytes sent, retries and seconds; then the run's retries. */
final class SummaryTable {

  private SummaryTable() {}

  static void print(Printer printer, PublishSummary summary) {
    if (printer.json()) {
      printer.json(summary.toData());
      return;
    }
    if (summary.artifacts().isEmpty()) {
      if (summary.reason() != null) {
        printer.line(capitalize(summary.reason()) + ".");
      }
      return;
    }
    printer.line((summary.dryRun() ? "Dry run of " : "Published ") + summary.service() + " " + summary.version() + " ("
        + summary.mode() + ") to " + summary.registry() + ":");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ARTIFACT", "REF", "DIGEST", "ACTION", "BYTES", "RETRIES", "SECONDS"});
    for (PublishedArtifact a : summary.artifacts()) {
      rows.add(new String[] {a.kind(), TableLayout.relative(a.ref(), summary.registry()), a.digest() == null ? "-" : a.digest(),
          a.action().text(),
          Long.toString(a.bytesPushed()), Integer.toString(a.retries()),
          a.elapsed() == null ? "-" : String.format(Locale.ROOT, "%.1f", a.elapsed().toMillis() / 1000.0)});
    }
    FleetOutput.printTable(printer, rows);
    if (summary.verified()) {
      printer.line("Verified: the registry holds what was built.");
    }
    printer.line(summary.retries() == 0 ? "No request needed a retry."
        : summary.retries() + (summary.retries() == 1 ? " request was" : " requests were") + " retried after transient failures.");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
