package dev.ackrelease.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ack-release help [COMMAND [COMMAND]]}, and the exit codes' page: {@code ack-release help exit-codes}. */
@Command(name = "help", helpCommand = true,
    header = HelpCommand.HEADER,
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release help publish",
        "  ack-release help ci prow",
        "  ack-release help exit-codes"})
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Show a command's help, or the exit codes (help exit-codes).";

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(paramLabel = "TOPIC", arity = "0..2", completionCandidates = Topics.class,
      description = "A command (ci prow: a command of a command), or exit-codes.")
  List<String> topic = new ArrayList<>();

  private CommandLine self;
  private PrintWriter out;

  /** The topics: every command help lists, and the exit codes. */
  static final class Topics implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> topics = new ArrayList<>(Main.visibleCommandNames());
      topics.add(HelpPages.EXIT_CODES);
      return topics.iterator();
    }
  }

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine target = self.getParent();
    if (topic.equals(List.of(HelpPages.EXIT_CODES))) {
      out.print(HelpPages.exitCodes(HelpPages.width(self.getCommandSpec())));
      out.flush();
      return ExitCodes.OK;
    }
    for (String name : topic) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        List<String> candidates = new ArrayList<>(HelpPages.visibleCommands(target.getCommandSpec()).keySet());
        if (target == self.getParent()) {
          candidates.add(HelpPages.EXIT_CODES);
        }
        throw Suggestions.unknown(self, "topic", name, candidates, "ack-release help");
      }
      target = next;
    }
    target.usage(out);
    return ExitCodes.OK;
  }
}
