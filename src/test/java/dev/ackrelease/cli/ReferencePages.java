package dev.ackrelease.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
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

  /** The section keys picocli renders itself; any other is one of ours, added to the page. */
  private static final Set<String> PICOCLI_SECTIONS = Set.of(UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
      UsageMessageSpec.SECTION_KEY_HEADER, UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, UsageMessageSpec.SECTION_KEY_SYNOPSIS,
      UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
      UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING, UsageMessageSpec.SECTION_KEY_AT_FILE_PARAMETER,
      UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
      UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_END_OF_OPTIONS,
      UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
      UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING, UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
      UsageMessageSpec.SECTION_KEY_FOOTER_HEADING, UsageMessageSpec.SECTION_KEY_FOOTER);

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
    ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, cli.getCommandSpec());
    addOwnSections(cli, dir);
    try (Stream<Path> pages = Files.list(dir)) {
      return pages.filter(p -> p.getFileName().toString().endsWith(".adoc")).sorted().toList();
    }
  }

  private static void addOwnSections(CommandLine cli, Path dir) {
    CommandSpec spec = cli.getCommandSpec();
    StringBuilder sections = new StringBuilder();
    UsageMessageSpec usage = spec.usageMessage();
    for (Map.Entry<String, CommandLine.IHelpSectionRenderer> e : usage.sectionMap().entrySet()) {
      if (!PICOCLI_SECTIONS.contains(e.getKey()) && usage.sectionKeys().contains(e.getKey())) {
        sections.append(asciiDoc(unwrapped(spec, e.getValue())));
      }
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
    cli.getSubcommands().values().stream().distinct().forEach(sub -> addOwnSections(sub, dir));
  }

  /** A section of {@code spec}'s help rendered with no wrapping: each paragraph one line, one AsciiDoc paragraph. */
  private static String unwrapped(CommandSpec spec, CommandLine.IHelpSectionRenderer section) {
    int width = spec.usageMessage().width();
    spec.usageMessage().width(100_000);
    try {
      return section.render(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)));
    } finally {
      spec.usageMessage().width(width);
    }
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
