package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
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
import picocli.CommandLine.ParameterException;
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
    // picocli lets help's command line through whole: an option, or a word past the two topics, is in unmatched.
    List<String> words = new ArrayList<>(topic);
    words.addAll(self.getParseResult() == null ? List.of() : self.getParseResult().unmatched());
    for (String word : words) {
      if (word.startsWith("-")) {
        throw new ParameterException(self, "help takes no option '" + Echo.value(word) + "': name one topic, e.g. ack-release"
            + " help tag");
      }
    }
    if (words.size() > 1 && words.get(0).equals(HelpPages.EXIT_CODES)) {
      throw oneTopic(words.subList(0, 1), words.subList(1, words.size()));
    }
    if (words.equals(List.of(HelpPages.EXIT_CODES))) {
      out.print(HelpPages.exitCodes(HelpPages.width(self.getCommandSpec())));
      out.flush();
      return ExitCodes.OK;
    }
    for (int i = 0; i < words.size(); i++) {
      String name = words.get(i);
      if (i > 0 && target.getSubcommands().isEmpty()) {
        throw oneTopic(words.subList(0, i), words.subList(i, words.size()));
      }
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        List<String> candidates = new ArrayList<>(HelpPages.visibleCommands(target.getCommandSpec()).keySet());
        if (target == self.getParent()) {
          candidates.add(HelpPages.EXIT_CODES);
        }
        // The list is the one the word was looked for in: ack-release help ci lists ci's commands.
        String listing = String.join(" ", List.of("ack-release", "help", String.join(" ", words.subList(0, i)))).strip();
        throw Suggestions.unknown(self, "topic", name, candidates, listing);
      }
      target = next;
    }
    target.usage(out);
    return ExitCodes.OK;
  }

  /** {@code topic} is a whole topic (a command, a command of a command, exit-codes): {@code rest} is one word too many. */
  private ParameterException oneTopic(List<String> topic, List<String> rest) {
    String named = String.join(" ", topic);
    return new ParameterException(self, "help takes one topic ('" + Echo.value(named) + "'), not '" + Echo.value(named + " "
        + String.join(" ", rest)) + "': run ack-release help " + Echo.value(named));
  }
}
