package dev.ackrelease.cli;

import dev.ackrelease.steps.OutputDocument;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The one JSON document a run that failed prints on stdout with {@code --output json}, whether an
 * error stopped it ({@link ErrorReport}) or a signal ({@link Interrupts}): {@code ok: false}, its
 * exit code, its error line without {@code error: }, then what else the failure says, in the
 * envelope of every document ({@link OutputDocument}). A failed run's {@code --report} says its
 * {@code ok}, {@code exitCode} and {@code error} the same way.
 */
final class FailureDocument {

  /** What starts an error line on stderr. */
  static final String PREFIX = "error: ";

  private FailureDocument() {}

  /**
   * The fields of a failure whose line on stderr is {@code line}: {@code ok}, {@code exitCode},
   * {@code error}, then {@code more} (whose own {@code ok}, {@code exitCode} or {@code error}, if
   * any, these replace: a failure's are the line's).
   */
  static Map<String, Object> of(int code, String line, Map<String, ?> more) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", false);
    doc.put("exitCode", code);
    doc.put("error", error(line));
    more.forEach(doc::putIfAbsent);
    return doc;
  }

  /**
   * {@code fields} (a summary, a fleet's document) as the document of {@code command}'s run that
   * {@code e} stops in {@code cmd}: {@code ok: false} and the exit code and error line {@link
   * ErrorReport} prints for {@code e}, so a failed run's --report, written before the run stops, says
   * what its stderr and stdout say.
   */
  static Map<String, Object> of(CommandLine cmd, String command, Exception e, Map<String, ?> fields) {
    ErrorReport.Stop stop = ErrorReport.stop(e, cmd);
    return OutputDocument.of(command, of(stop.code(), stop.line(), fields));
  }

  /** What the document says as {@code error}: the line without {@code error: }. */
  static String error(String line) {
    return line.startsWith(PREFIX) ? line.substring(PREFIX.length()) : line;
  }

  /** Prints {@code fields} as {@code command}'s document on {@code out}, and flushes it. */
  static void print(PrintWriter out, String command, Map<String, Object> fields) {
    out.println(Printer.toJson(OutputDocument.of(command, fields)));
    out.flush();
  }
}
