package dev.ackrelease.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.OutputDocument;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.Secrets;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Everything a command prints goes through here: progress on stderr (unless quiet) through a
 * {@link ProgressView} ({@code --progress}: bars on a terminal, plain lines in logs; details
 * only with {@code --verbose}), the result on stdout as text or JSON. Every line is redacted of
 * known secrets; a line on stderr is also bounded ({@link Echo#line}).
 */
public final class Printer implements Log {

  private final PrintWriter out;
  private final GlobalOptions options;
  private final String command;
  private final ProgressView view;

  public Printer(CommandSpec spec, GlobalOptions options) {
    this(spec.commandLine().getOut(), spec.commandLine().getErr(), options, commandName(spec), ProgressOptions.of(spec),
        Environment.get());
    if (options.githubMatrix() && !spec.name().equals("plan")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output github-matrix is plan's format: use --output json or text with " + spec.name());
    }
  }

  /**
   * Prints to {@code out} and {@code err}; progress as {@code mode} says, {@code auto} read from
   * {@code env} ({@code CI}, {@code TERM}, {@code NO_COLOR}, {@code FORCE_COLOR}, {@code COLUMNS}) and whether stderr is a terminal.
   */
  Printer(PrintWriter out, PrintWriter err, GlobalOptions options, String command, ProgressOptions.Mode mode,
      Map<String, String> env) {
    this.out = out;
    this.options = options;
    this.command = command;
    this.view = switch (options.quiet ? ProgressOptions.Mode.none : Terminal.resolve(mode, env)) {
      case tty -> new TtyProgress(err, System::nanoTime, Terminal.colour(options.terminal.noColor, env), Terminal.columns(env));
      case plain -> new PlainProgress(err, System::nanoTime).painted(Terminal.colourForced(options.terminal.noColor, env));
      default -> new ProgressView(err, System::nanoTime).painted(Terminal.colourForced(options.terminal.noColor, env));
    };
    Interrupts.watch(view, options.json() ? new Interrupts.JsonSink(out, command) : null);
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

  /** A line on stderr (unless quiet): redacted, escaped and cut as an error line is ({@link Echo#line}). */
  @Override
  public void info(String message) {
    String line = Echo.line(message);
    Interrupts.activity(line);
    if (!options.quiet) {
      view.line(line);
    }
  }

  /** A line on stderr only with {@code --verbose}. */
  @Override
  public void detail(String message) {
    String line = Echo.line(message);
    Interrupts.activity(line);
    if (!options.quiet && options.terminal.verbose) {
      view.line(line);
    }
  }

  /** Work under way: a bar on a terminal, a line now and then in plain mode, nothing when quiet or with --progress none. */
  @Override
  public Progress progress(String label, long total) {
    return view.open(Echo.line(label), total);
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
    if (options.json() && Interrupts.claimDocument()) {
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
      return Secrets.redact(Json.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Jackson's mapper, made when JSON is first written: a text run never loads Jackson's ~300 classes. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
