package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A result stdout could not take: the run fails in one line, unless its reader went away or it had failed already. */
class StdoutTest {

  private final StringWriter err = new StringWriter();

  private static Stdout failing(String reason) {
    Stdout stdout = new Stdout(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException(reason);
      }
    });
    PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
    out.println("{\"ok\" : true}");
    assertTrue(out.checkError());
    return stdout;
  }

  @Test
  void aClosedStdoutFailsTheRunWithAFix() {
    assertEquals(ExitCodes.USAGE, failing("Bad file descriptor").exitCode(0, new PrintWriter(err, true)));
    assertTrue(err.toString().startsWith("error: cannot write the output to stdout (Bad file descriptor): "), err.toString());
    assertTrue(err.toString().contains("e.g. > result.json"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void aFullDiskIsExit6AsEverywhere() {
    assertEquals(ExitCodes.BUILD, failing("No space left on device").exitCode(0, new PrintWriter(err, true)));
    assertTrue(err.toString().contains("free space"), err.toString());
  }

  @Test
  void aBrokenPipeOrAFailedRunKeepsItsCodeAndSaysNothingMore() {
    assertEquals(ExitCodes.OK, failing("Broken pipe").exitCode(0, new PrintWriter(err, true)));
    assertEquals(ExitCodes.REFUSED, failing("No space left on device").exitCode(ExitCodes.REFUSED, new PrintWriter(err, true)));
    assertEquals(ExitCodes.OK, new Stdout(OutputStream.nullOutputStream()).exitCode(0, new PrintWriter(err, true)));
    assertEquals("", err.toString());
  }
}
