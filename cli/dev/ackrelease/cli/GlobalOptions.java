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

  /** {@code text}, {@code json}, {@code github-matrix}. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> Format.text;
        case "json" -> Format.json;
        case "github-matrix" -> Format.github_matrix;
        default -> throw new CommandLine.TypeConversionException("'" + value + "' is not text, json or github-matrix");
      };
    }
  }

  /** The formats every command prints: plan adds github-matrix ({@link PlanCommand#withMatrixFormat}). */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("text", "json").iterator();
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
