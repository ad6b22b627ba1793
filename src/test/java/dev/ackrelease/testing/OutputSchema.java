package dev.ackrelease.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** ack-release's published schema of its JSON documents ({@code docs/schema/output.schema.json}), read once. */
public final class OutputSchema {

  public static final Path FILE = Path.of("docs", "schema", "output.schema.json");
  private static final JsonSchema SCHEMA = load();

  private OutputSchema() {}

  private static JsonSchema load() {
    try (InputStream in = Files.newInputStream(FILE)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }

  /** What is wrong with {@code doc} by the schema (empty: nothing). */
  public static Set<String> problems(JsonNode doc) {
    Set<String> problems = new TreeSet<>();
    for (ValidationMessage m : SCHEMA.validate(doc)) {
      problems.add(m.getMessage());
    }
    return problems;
  }

  /** {@code doc}, once checked valid (a report file read back). */
  public static JsonNode valid(JsonNode doc) {
    requireValid(doc);
    return doc;
  }

  /** Fails the test when {@code doc} is not a valid document. */
  public static void requireValid(JsonNode doc) {
    assertEquals(Set.of(), problems(doc), () -> "the document is not what docs/schema/output.schema.json says: " + doc);
  }
}
