package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.OutputSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed run's JSON document is the same whatever stopped it: an error ({@link ErrorReport}) or a signal
 * ({@link Interrupts}, which halts the JVM, so its document is printed here as its handler prints it).
 */
class FailureDocumentTest {

  @TempDir Path tmp;

  @Test
  void aSignalsDocumentIsAnErrorsDocumentByteForByte() throws Exception {
    for (String[] args : List.of(new String[] {"tag", "v1.0.0", "--output", "json", "--controller-dir", "{missing}"},
        new String[] {"verify", "--output", "json", "--no-such-option"})) {
      List<String> line = new ArrayList<>();
      for (String a : args) {
        line.add(a.replace("{missing}", tmp.resolve("missing").toString()));
      }
      CliRun error = Cli.run(line.toArray(String[]::new));
      assertTrue(error.exitCode() != 0, error::toString);
      StringWriter out = new StringWriter();
      Interrupts.printDocument(new Interrupts.JsonSink(new PrintWriter(out), args[0]), error.exitCode(), error.errorLine());
      assertEquals(error.out(), out.toString(), "the same failure, the same document");
      JsonNode doc = OutputSchema.valid(new ObjectMapper().readTree(out.toString()));
      assertEquals(List.of("schemaVersion", "command", "ok", "exitCode", "error"), fields(doc));
    }
  }

  @Test
  void anInterruptsDocumentSaysItsCodeAndItsLine() throws Exception {
    StringWriter out = new StringWriter();
    Interrupts.printDocument(new Interrupts.JsonSink(new PrintWriter(out), "ci prow"), ExitCodes.SIGTERM,
        "error: interrupted by SIGTERM during: start-up; run the same command again to resume");
    JsonNode doc = OutputSchema.valid(new ObjectMapper().readTree(out.toString()));
    assertEquals("ci prow", doc.get("command").asText());
    assertEquals(false, doc.get("ok").asBoolean(true));
    assertEquals(143, doc.get("exitCode").asInt());
    assertEquals("interrupted by SIGTERM during: start-up; run the same command again to resume", doc.get("error").asText());
  }

  private static List<String> fields(JsonNode doc) {
    List<String> names = new ArrayList<>();
    doc.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
