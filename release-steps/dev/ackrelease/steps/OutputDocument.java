package dev.ackrelease.steps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The envelope of every document ack-release writes for machines ({@code --output json},
 * {@code --report}): the schema's version and the command first, then the command's fields.
 * {@code docs/schema/output.schema.json} describes them all; tests validate every document the
 * commands print against it.
 */
public final class OutputDocument {

  /** Bumped when a field changes meaning or disappears (adding one does not). */
  public static final int SCHEMA_VERSION = 1;

  private OutputDocument() {}

  /**
   * {@code data} in the envelope of {@code command} (e.g. {@code publish}, {@code ci prow}):
   * {@code schemaVersion}, {@code command} and {@code ok} first ({@code ok} is true unless the
   * data says otherwise: a document of a failed run carries {@code ok: false}).
   */
  public static Map<String, Object> of(String command, Map<String, ?> data) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", SCHEMA_VERSION);
    doc.put("command", command);
    doc.put("ok", data.containsKey("ok") ? data.get("ok") : Boolean.TRUE);
    data.forEach((k, v) -> {
      if (!k.equals("schemaVersion") && !k.equals("command") && !k.equals("ok")) {
        doc.put(k, v);
      }
    });
    return doc;
  }
}
