package dev.ackrelease.cli;

import dev.ackrelease.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs ack-release in process through picocli's execute(), capturing stdout and stderr. */
public final class Cli {

  private Cli() {}

  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
