package dev.ackrelease.cli;

import dev.ackrelease.steps.settings.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The reference pages of {@code docs/reference/}: one AsciiDoc man page per command, written by
 * picocli-codegen's {@link ManPageGenerator} from the picocli model of every command (the one
 * {@code ack-release --help} shows), plus the sections of ack-release's own that the generator
 * does not know (the "Settings" section of each command's help). {@code scripts/docs} runs
 * {@link #main}; {@code ReferencePagesTest} fails when the checked-in pages differ.
 */
public final class ReferencePages {

  /** Where the pages are checked in. */
  public static final Path DIR = Path.of("docs", "reference");

  /** Where our sections go in the generated page: before the exit codes. */
  private static final String BEFORE = "// tag::picocli-generated-man-section-exit-status[]";

  private ReferencePages() {}

  /** {@code ReferencePages [DIR]}: (re)writes the pages into DIR (default docs/reference), removing pages of commands gone. */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : DIR;
    List<Path> written = write(dir);
    System.out.println("wrote " + written.size() + " reference pages to " + dir);
  }

  /** Writes every command's page into {@code dir} (created when missing; other .adoc files there are removed). */
  public static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".adoc")).toList()) {
        Files.delete(p);
      }
    }
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CommandLine cli = Main.commandLine(none, none);
    // The pages describe the sources, not a build: no version line (it names the commit, so it would change with each).
    cli.getCommandSpec().versionProvider(() -> new String[0]);
    // The exit codes once, on the top level's page, as 'ack-release help exit-codes' shows them; the others point there.
    cli.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(ExitCodes.helpList());
    ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, cli.getCommandSpec());
    addOwnSections(cli, dir);
    try (Stream<Path> pages = Files.list(dir)) {
      return pages.filter(p -> p.getFileName().toString().endsWith(".adoc")).sorted().toList();
    }
  }

  /** Our sections of each command's help that picocli's generator does not know: Settings, and the pointer to the exit codes. */
  private static void addOwnSections(CommandLine cli, Path dir) {
    CommandSpec spec = cli.getCommandSpec();
    StringBuilder sections = new StringBuilder();
    String settings = SettingsHelp.text(spec, Integer.MAX_VALUE);
    if (!settings.isEmpty()) {
      // Help shows each option's variable in its entry; the generator knows nothing of them: the page lists them here.
      List<String> variables = HelpPages.visibleOptions(spec).stream().filter(SettingsProvider::settable)
          .map(o -> Settings.variable(SettingsProvider.key(o)) + " (" + o.longestName() + ")").toList();
      sections.append(asciiDoc(settings + "  The variables: " + String.join(", ", variables) + ".\n"));
    }
    if (spec.parent() != null) {
      sections.append(asciiDoc(String.format("%nExit codes:%n  Run 'ack-release help exit-codes' (the top level's page lists them).%n")));
    }
    if (sections.length() > 0) {
      Path page = dir.resolve(spec.qualifiedName("-") + ".adoc");
      try {
        String text = Files.readString(page);
        int at = text.indexOf(BEFORE);
        if (at < 0) {
          throw new IllegalStateException(page + " has no " + BEFORE + ": picocli-codegen changed its page layout");
        }
        Files.writeString(page, text.substring(0, at) + sections + text.substring(at));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    cli.getSubcommands().values().stream().distinct().filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
        .forEach(sub -> addOwnSections(sub, dir));
  }

  /** A help section ("Heading:" then indented lines) as an AsciiDoc section: "== Heading" and a paragraph per line. */
  static String asciiDoc(String rendered) {
    List<String> lines = new ArrayList<>(rendered.strip().lines().toList());
    StringBuilder adoc = new StringBuilder("// tag::ack-release-section[]\n== ")
        .append(lines.remove(0).strip().replaceFirst(":$", "")).append("\n\n");
    for (String line : lines) {
      if (!line.isBlank()) {
        adoc.append(line.strip()).append("\n\n");
      }
    }
    return adoc.append("// end::ack-release-section[]\n\n").toString();
  }
}
