package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The outcome of one ack-release invocation: exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** stderr's non-empty lines. */
  public List<String> errLines() {
    return Arrays.stream(err.split("\n")).filter(l -> !l.isBlank()).toList();
  }

  /** The last line on stderr: the error line, when the run failed. */
  public String errorLine() {
    List<String> lines = errLines();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /**
   * stdout as the one JSON document it must be, checked against ack-release's published schema
   * ({@code docs/schema/output.schema.json}): every test that reads a command's JSON checks
   * the document's shape too.
   */
  public JsonNode json() {
    JsonNode doc = parsed();
    OutputSchema.requireValid(doc);
    return doc;
  }

  /** stdout as plan's {@code --output github-matrix} line (GitHub's matrix format, not a document). */
  public JsonNode matrix() {
    return parsed();
  }

  /** stdout as {@code config --schema}'s JSON Schema of {@code .ack-release.yaml} (a schema, not a document). */
  public JsonNode schema() {
    return parsed();
  }

  private JsonNode parsed() {
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException("stdout is not JSON: " + out, e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
