package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.Hermetic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An Error escaping a command (picocli's handlers see Exceptions only) is one line and exit 1, as
 * a bug is: out of memory says how to give the JVM more; a stack trace only with --stacktrace.
 */
class EscapingErrorTest {

  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run run(Supplier<Error> thrown, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment.set(Hermetic.env(Map.of()));
    Interrupts.reset(); // as Main.run does: another test's run in this JVM may have claimed its document
    try {
      CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args);
      cli.setExecutionStrategy(parsed -> {
        throw thrown.get();
      });
      return new Run(Main.execute(cli, args), out.toString(), err.toString());
    } finally {
      Environment.reset();
    }
  }

  @Test
  void outOfMemoryIsOneLineSayingHowToRunWithALargerHeap() {
    Run run = run(() -> new OutOfMemoryError("Java heap space"), "tag", "v1.0.0");

    assertEquals(1, run.code(), run::toString);
    assertEquals(List.of("error: out of memory (Java heap space): run with a larger heap, e.g. ACK_RELEASE_JAVA_OPTS=-Xmx4g"
        + " ack-release tag ..."), run.errLines());
  }

  @Test
  void anotherErrorIsAnInternalErrorWithItsTraceOnlyWithStacktrace() {
    Run run = run(() -> new StackOverflowError(), "tag", "v1.0.0");
    assertEquals(1, run.code(), run::toString);
    assertEquals(List.of("error: internal error: java.lang.StackOverflowError (run again with --stacktrace and report it)"),
        run.errLines());

    Run traced = run(() -> new NoClassDefFoundError("x/Y"), "tag", "v1.0.0", "--stacktrace");
    assertEquals(1, traced.code(), traced::toString);
    assertEquals("error: internal error: java.lang.NoClassDefFoundError: x/Y (run again with --stacktrace and report it)",
        traced.errLines().get(0));
    assertTrue(traced.err().contains("\tat "), "the trace follows with --stacktrace: " + traced.err());
  }

  @Test
  void withJsonOutputTheDocumentSaysItToo() {
    Run run = run(() -> new OutOfMemoryError("Java heap space"), "tag", "v1.0.0", "--output", "json");
    assertEquals(1, run.code(), run::toString);
    assertTrue(run.out().contains("\"exitCode\" : 1") || run.out().contains("\"exitCode\":1"), run.out());
  }
}
