package dev.ackrelease.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/doc-examples --check}: a block that differs is a verification that failed, exit 5, in one line. */
class DocExamplesCheckTest {

  @TempDir Path root;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static String doc(String tag, String plan) {
    return "# A page\n\n<!-- example: tag -->\n```console\n$ ack-release tag v1.0.0\n" + tag + "```\n\ntext\n\n"
        + "<!-- example: plan -->\n```console\n$ ack-release plan\n" + plan + "```\n";
  }

  private int finish(boolean check, Map<Path, String> generated) throws Exception {
    out.reset();
    err.reset();
    return DocExamplesCheck.finish(check, root, generated, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aBlockThatDiffersIsExit5InOneLineNamingTheDocTheBlockAndTheCommandThatRewritesIt() throws Exception {
    Path readme = Files.writeString(root.resolve("README.md"), doc("tagged v1.0.0\n", "nothing to do\n"));
    Path publish = Files.writeString(Files.createDirectories(root.resolve("docs")).resolve("publish.md"),
        doc("tagged v1.0.0\n", "nothing to do\n"));
    Map<Path, String> generated = Map.of(readme, Files.readString(readme), publish, doc("tagged v1.0.0 (signed)\n", "push\n"));

    assertEquals(5, finish(true, generated));
    assertEquals("error: the docs' examples differ from what running them prints: docs/publish.md (examples 'tag', 'plan'):"
        + " rewrite them with: scripts/doc-examples\n", err.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(doc("tagged v1.0.0\n", "nothing to do\n"), Files.readString(publish), "--check writes nothing");

    assertEquals(0, finish(false, generated));
    assertEquals("rewrote: [docs/publish.md]\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(generated.get(publish), Files.readString(publish));

    assertEquals(0, finish(true, Map.of(readme, Files.readString(readme), publish, Files.readString(publish))));
    assertEquals("the examples are current\n", out.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));

    Map<Path, String> one = Map.of(readme, doc("tagged v1.0.0\n", "push\n"));
    assertEquals(5, finish(true, one));
    assertEquals("error: the docs' examples differ from what running them prints: README.md (example 'plan'):"
        + " rewrite them with: scripts/doc-examples\n", err.toString(StandardCharsets.UTF_8));
  }
}
