package dev.ackrelease.cli;

import dev.ackrelease.steps.OutputDocument;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON document a run that failed prints on stdout with {@code --output json}, whether an
 * error stopped it ({@link ErrorReport}) or a signal ({@link Interrupts}): {@code ok: false}, its
 * exit code, its error line without {@code error: }, then what else the failure says, in the
 * envelope of every document ({@link OutputDocument}).
 */
final class FailureDocument {

  private static final String PREFIX = "error: ";

  private FailureDocument() {}

  /** The fields of a failure whose line on stderr is {@code line}: {@code ok}, {@code exitCode}, {@code error}, then {@code more}. */
  static Map<String, Object> of(int code, String line, Map<String, Object> more) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", false);
    doc.put("exitCode", code);
    doc.put("error", error(line));
    doc.putAll(more);
    return doc;
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
