package dev.ackrelease.cli;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.Hermetic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs ack-release in process through picocli's execute(), capturing stdout and stderr. */
public final class Cli {

  private Cli() {}

  /** In process, with the hermetic environment of {@link Hermetic}. */
  public static CliRun run(String... args) {
    return runWith(Map.of(), args);
  }

  /** In process, with the hermetic environment plus {@code env}. */
  public static CliRun runWith(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Hermetic.env(env));
    return new CliRun(code, out.toString(), err.toString());
  }
}
