package dev.ackrelease.cli;

import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.io.OutputFile;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The result of a fleet run (publish or plan over many services): one table, one JSON document
 * ({@code services: [...]}, each with its rows, errors and exit code), one report file. The exit
 * code is the most severe of the services'; a failure is one line on stderr naming each failed
 * service.
 */
final class FleetOutput {

  /**
   * A run whose JSON result is its own document, not the error document with its summary inside:
   * a fleet run that failed for some service, a plan that predicts a refusal.
   */
  static final class Failure extends ReleaseException {
    private final transient Map<String, Object> document;
    private final String atFault;

    Failure(Kind kind, String message, Throwable cause, Map<String, Object> document) {
      this(kind, message, cause, document, Optional.empty());
    }

    Failure(Kind kind, String message, Throwable cause, Map<String, Object> document, Optional<String> atFault) {
      super(kind, message, cause);
      this.document = document;
      this.atFault = atFault.orElse(null);
    }

    /**
     * The input at fault a failed service's error names (the run's line shows that error, not a setting's value); else
     * what its cause says, as any wrapper with the same message (plan's predicted refusal).
     */
    @Override
    public Optional<String> inputAtFault() {
      return atFault != null ? Optional.of(atFault) : super.inputAtFault();
    }

    Map<String, Object> document() {
      return document;
    }
  }

  private FleetOutput() {}

  static Map<String, Object> document(String command, List<Fleet.Outcome<PublishSummary>> outcomes, int retries) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Optional<ReleaseException.Kind> worst = Fleet.mostSevere(outcomes);
    doc.put("ok", worst.isEmpty() && outcomes.stream().noneMatch(Fleet.Outcome::skipped));
    doc.put("exitCode", worst.map(ExitCodes::of).orElse(ExitCodes.OK));
    List<Map<String, Object>> services = new ArrayList<>();
    for (Fleet.Outcome<PublishSummary> o : outcomes) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("service", o.target().service());
      if (o.target().controllerDir() != null) {
        s.put("controllerDir", o.target().controllerDir().toString());
      }
      s.put("exitCode", o.failure().map(f -> ExitCodes.of(f.kind())).orElse(ExitCodes.OK));
      s.put("skipped", o.skipped());
      o.result().ifPresent(r -> r.toData().forEach((k, v) -> {
        if (!k.equals("service")) {
          s.put(k, v);
        }
      }));
      s.put("errors", o.failure().map(f -> List.of(f.getMessage())).orElse(List.of()));
      services.add(s);
    }
    doc.put("services", services);
    doc.put("retries", retries);
    return OutputDocument.of(command, doc);
  }

  /**
   * Prints the table (text) or the document (JSON), writes {@code report} if given, and
   * throws a {@link Failure} with the most severe exit code when a service failed (the report then
   * says its exit code and error line, as the document on stdout does).
   */
  static int print(Printer printer, CommandLine cmd, String command, List<Fleet.Outcome<PublishSummary>> outcomes, int retries,
      Path report) {
    Map<String, Object> doc = document(command, outcomes, retries);
    Optional<Failure> failure = failure(outcomes, doc);
    if (report != null) {
      writeReport(report, failure.map(f -> FailureDocument.of(cmd, command, f, doc)).orElse(doc));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SERVICE", "MODE", "VERSION", "ARTIFACT", "ACTION", "DIGEST", "BYTES", "RETRIES"});
    for (Fleet.Outcome<PublishSummary> o : outcomes) {
      String svc = o.target().service();
      if (o.skipped()) {
        rows.add(new String[] {svc, "-", "-", "-", "skipped (--fail-fast)", "-", "-", "-"});
        continue;
      }
      PublishSummary s = o.result().orElse(null);
      if (s == null || s.artifacts().isEmpty()) {
        String what = o.failure().map(f -> "failed (exit " + ExitCodes.of(f.kind()) + ")")
            .orElse(s == null || s.reason() == null ? "nothing to publish" : "nothing to publish: " + s.reason());
        rows.add(new String[] {svc, s == null ? "-" : s.mode(), s == null || s.version() == null ? "-" : s.version(), "-", what,
            "-", "-", "-"});
        continue;
      }
      for (PublishedArtifact a : s.artifacts()) {
        rows.add(new String[] {svc, s.mode(), s.version(), a.kind(), a.action().text(), a.digest() == null ? "-" : a.digest(),
            Long.toString(a.bytesPushed()), Integer.toString(a.retries())});
      }
      o.failure().ifPresent(f -> rows.add(new String[] {svc, s.mode(), s.version(), "-", "failed (exit " + ExitCodes.of(f.kind())
          + ")", "-", "-", "-"}));
    }
    printTable(printer, rows);
    long failed = outcomes.stream().filter(o -> o.failure().isPresent()).count();
    printer.line(Counts.of(outcomes.size(), "service") + ": " + (outcomes.size() - failed) + " ok, " + failed + " failed"
        + (retries == 0 ? "; no request needed a retry."
            : "; " + Counts.of(retries, "request") + " retried after transient failures."));
    if (failure.isPresent()) {
      throw failure.get();
    }
    printer.json(doc);
    return ExitCodes.OK;
  }

  /** The run's failure when a service failed: the most severe exit code, one line naming each failed service. */
  static Optional<Failure> failure(List<Fleet.Outcome<PublishSummary>> outcomes, Map<String, Object> doc) {
    List<String> failures = outcomes.stream().filter(o -> o.failure().isPresent())
        .map(o -> o.target().service() + " (exit " + ExitCodes.of(o.failure().get().kind()) + ": " + o.failure().get().getMessage() + ")")
        .toList();
    Optional<String> atFault = outcomes.stream().flatMap(o -> o.failure().stream()).flatMap(f -> f.inputAtFault().stream()).findFirst();
    return Fleet.mostSevere(outcomes).map(worst -> new Failure(worst, failures.size() + " of "
        + Counts.of(outcomes.size(), "service") + " failed: " + String.join("; ", failures), null, doc, atFault));
  }

  /** A text table within 120 columns ({@link TableLayout}): short digests, the full ones in --output json. */
  static void printTable(Printer printer, List<String[]> rows) {
    TableLayout.lines(rows).forEach(printer::line);
  }


  static void writeReport(Path report, Map<String, Object> doc) {
    OutputFile.option("--report", report).write((Printer.toJson(doc) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
