package dev.ackrelease.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Options every command has: output format, quiet progress, stack traces. */
public final class GlobalOptions {

  /** How results are printed on stdout; {@code github-matrix} is plan's (the JSON a GitHub Actions matrix takes). */
  public enum Format { text, json, github_matrix }

  /** The formats every command prints: plan adds github-matrix ({@link PlanCommand#withMatrixFormat}). */
  static final List<String> FORMATS = List.of("text", "json");

  /**
   * {@code text}, {@code json}, {@code github-matrix}; another value is refused naming the
   * formats of the command it was given to (github-matrix anywhere but plan is refused by {@link Printer}).
   */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    private final List<String> names;

    FormatConverter() {
      this(FORMATS);
    }

    FormatConverter(List<String> names) {
      this.names = List.copyOf(names);
    }

    @Override
    public Format convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> Format.text;
        case "json" -> Format.json;
        case "github-matrix" -> Format.github_matrix;
        default -> throw new CommandLine.TypeConversionException("'" + value + "' is not "
            + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
      };
    }
  }

  /** {@link #FORMATS}, as the option's completion candidates. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return FORMATS.iterator();
    }
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
      completionCandidates = FormatNames.class,
      description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format output = Format.text;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr; errors are still printed.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--stacktrace", description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Mixin TerminalOptions terminal = new TerminalOptions();

  public boolean json() {
    return output == Format.json;
  }

  public boolean githubMatrix() {
    return output == Format.github_matrix;
  }
}
