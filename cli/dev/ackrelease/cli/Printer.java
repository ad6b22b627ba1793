package dev.ackrelease.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.Secrets;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Everything a command prints goes through here: progress on stderr (unless quiet), the result
 * on stdout as text or JSON. Every line is redacted of known secrets; a line on stderr is also
 * bounded ({@link Echo#line}).
 */
public final class Printer implements Log {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final GlobalOptions options;
  private final String command;

  public Printer(CommandSpec spec, GlobalOptions options) {
    this(spec.commandLine().getOut(), spec.commandLine().getErr(), options, commandName(spec));
    if (options.githubMatrix() && !spec.name().equals("plan")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--output github-matrix is plan's format: use --output json or text with " + spec.name());
    }
  }

  Printer(PrintWriter out, PrintWriter err, GlobalOptions options, String command) {
    this.out = out;
    this.err = err;
    this.options = options;
    this.command = command;
  }

  /** The command as typed after ack-release ({@code publish}, {@code ci prow}). */
  static String commandName(CommandSpec spec) {
    String qualified = spec.qualifiedName(" ");
    int space = qualified.indexOf(' ');
    return space < 0 ? qualified : qualified.substring(space + 1);
  }

  public boolean json() {
    return options.json();
  }

  /** A progress line on stderr: redacted, escaped and cut as an error line is ({@link Echo#line}). */
  @Override
  public void info(String message) {
    String line = Echo.line(message);
    Interrupts.activity(line);
    if (!options.quiet) {
      err.println(line);
      err.flush();
    }
  }

  /** A line of the text result on stdout; nothing in JSON mode. */
  public void line(String text) {
    if (!options.json() && !options.githubMatrix()) {
      out.println(Secrets.redact(text));
      out.flush();
    }
  }

  /** The JSON result on stdout, in the envelope of this command ({@link OutputDocument}); nothing in text mode. */
  public void json(Map<String, ?> result) {
    if (options.json()) {
      out.println(toJson(OutputDocument.of(command, result)));
      out.flush();
    }
  }

  /** The GitHub Actions matrix on stdout (one line of JSON); nothing in other formats. */
  public void matrix(Map<String, ?> matrix) {
    if (options.githubMatrix()) {
      try {
        out.println(Secrets.redact(new ObjectMapper().writeValueAsString(matrix)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write JSON", e);
      }
      out.flush();
    }
  }

  static String toJson(Object value) {
    try {
      return Secrets.redact(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
