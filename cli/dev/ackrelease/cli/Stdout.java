package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.io.RunDirectory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * stdout, remembering the first write that failed: a PrintWriter (and System.out) swallows it, so
 * a result written to a full disk ({@code > /dev/full}) or a closed stdout ({@code >&-}) was lost
 * while the run exited 0. A reader that went away ({@code | head -1}) is not an error: it has
 * what it wanted, as git and Go's tools have it.
 */
final class Stdout extends FilterOutputStream {

  private volatile IOException failure;

  Stdout(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private IOException failed(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /**
   * The exit code of a run that exited {@code code}: a run that did its work but could not write
   * its result to stdout failed (one line on {@code err}, exit 6 on a full disk as everywhere,
   * else 2); a failed run keeps its own code and line.
   */
  int exitCode(int code, PrintWriter err) {
    IOException e = failure;
    if (code != ExitCodes.OK || e == null || isBrokenPipe(e)) {
      return code;
    }
    boolean full = RunDirectory.isNoSpace(e);
    String reason = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    err.println(Echo.line("error: cannot write the output to stdout (" + reason + "): the command's work is done, but"
        + " not its result: " + (full ? "free space, or redirect stdout to a disk with room, e.g. > /tmp/result.json,"
        : "run it with stdout open, e.g. > result.json,") + " and run the same command again"));
    err.flush();
    return full ? ExitCodes.BUILD : ExitCodes.USAGE;
  }

  private static boolean isBrokenPipe(IOException e) {
    return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("broken pipe");
  }
}
