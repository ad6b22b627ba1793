package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A YAML reader's error in the author's words, with its line: never a parser's class name. */
class YamlErrorsTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static IOException refusal(String yaml) {
    return assertThrows(IOException.class, () -> YAML.readTree(yaml));
  }

  @Test
  void aKeyThatIsAListOrAMappingIsSaidSo() {
    IOException list = refusal("a: 1\n? [a]\n: 1\n");
    assertEquals("a key must be a plain name, not a list", YamlErrors.reason(list));
    assertEquals(":2", YamlErrors.line(list));
    assertEquals(" at line 2", YamlErrors.atLine(list));
    assertEquals("a key must be a plain name, not a mapping", YamlErrors.reason(refusal("? {a: 1}\n: 1\n")));
    assertEquals("a key must be a plain name, not a list", YamlErrors.reason(refusal("[a]: 1\n")));
  }

  /** A tab where YAML wants spaces: SnakeYAML's problem and its line, not Jackson's last token's line. */
  @Test
  void aTabIsSaidSoOnItsOwnLine() {
    IOException tab = refusal("image:\n  repository: x\n\ttag: 0.1.0\n");
    assertEquals("while scanning for the next token: found character '\\t(TAB)' that cannot start any token. (Do not use"
        + " \\t(TAB) for indentation)", YamlErrors.reason(tab));
    assertEquals(":3", YamlErrors.line(tab));
    IOException flow = refusal("a:\n  tag: [\"1.8.1\"\nb: 1\n");
    assertEquals("while parsing a flow sequence", YamlErrors.reason(flow), "a context with a line of its own stays as it was");
    assertEquals(":2", YamlErrors.line(flow));
  }

  @Test
  void noParserClassNameIsLeftInAnyReason() {
    assertEquals("got a list, not the end of a mapping",
        YamlErrors.reason(new IOException("got <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, tag=null,"
            + " implicit=true)>, not org.yaml.snakeyaml.events.MappingEndEvent()")));
    assertEquals("bad (YAMLException: x)", YamlErrors.reason(new IOException("bad (org.yaml.snakeyaml.error.YAMLException: x)")));
    for (String yaml : new String[] {"a: [\n", "a: 1\nb: 'c\n", "a: b\n  c: d\n", "? [a]\n: 1\n"}) {
      String reason = YamlErrors.reason(refusal(yaml));
      assertFalse(reason.contains("snakeyaml") || reason.contains("Event") || reason.contains("\n"), yaml + " -> " + reason);
    }
  }

  /**
   * A document as long as Helm takes a chart's file (5 MiB) is read, where SnakeYAML's own bound (3 Mi characters)
   * refused it as not valid YAML; a longer one is said to be too long, with the bound.
   */
  @Test
  void documentsAsLongAsHelmTakesAreReadAndLongerOnesAreSaidTooLong() throws IOException {
    ObjectMapper reader = new ObjectMapper(YamlInput.factory());
    String padding = "k" + "x".repeat(1000) + ": 1\n"; // keys, not comments: SnakeYAML counts the characters it scans
    String fourMiB = "image:\n  tag: 0.1.0\n" + padding.repeat(4 * 1024);
    assertEquals("0.1.0", reader.readTree(fourMiB).path("image").path("tag").asText());
    assertTrue(reader.readTree("registry:\n").get("registry").isNull(), "an empty value is null, as in YAMLFactory's defaults");
    assertThrows(IOException.class, () -> YAML.readTree(fourMiB), "SnakeYAML's own bound refuses it");
    String over = fourMiB + ("l" + padding).repeat(1200);
    IOException tooLong = assertThrows(IOException.class, () -> reader.readTree(over));
    assertEquals("longer than 5242880 characters, the 5 MiB Helm takes in a chart's file",
        YamlErrors.reason(tooLong));
  }
}
