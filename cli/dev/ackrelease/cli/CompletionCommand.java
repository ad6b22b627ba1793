package dev.ackrelease.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ack-release completion bash|zsh|fish}: the shell's completion script, made from the
 * commands' model. bash and zsh get picocli's script (zsh runs it through bashcompinit, which
 * the script loads), fish gets {@link FishCompletion}'s.
 */
@Command(name = "completion",
    header = CompletionCommand.HEADER,
    description = "Completes commands, options, and the values an option takes as help lists them (--mode auto, release,"
        + " stable; --output text, json). bash and zsh share one script (zsh loads it with bashcompinit).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # in ~/.bashrc",
        "  source <(ack-release completion bash)",
        "  # in ~/.zshrc",
        "  source <(ack-release completion zsh)",
        "  ack-release completion fish > ~/.config/fish/completions/ack-release.fish"})
final class CompletionCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Print the shell completion script: bash, zsh or fish.";

  static final List<String> SHELLS = List.of("bash", "zsh", "fish");

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash, zsh or fish.")
  String shell;

  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SHELLS.iterator();
    }
  }

  @Override
  public Integer call() {
    String name = shell.strip().toLowerCase(Locale.ROOT);
    if (!SHELLS.contains(name)) {
      throw Suggestions.unknown(spec.commandLine(), "shell", shell, SHELLS, "ack-release completion");
    }
    print(spec.commandLine().getOut(), spec.root().commandLine(), name);
    return ExitCodes.OK;
  }

  static void print(PrintWriter out, CommandLine root, String shell) {
    String script = shell.equals("fish") ? FishCompletion.script(root.getCommandSpec())
        : ownValueLists(AutoComplete.bash(root.getCommandName(), root));
    // Not println: a script with Windows line ends fails in odd ways.
    out.print(script.endsWith("\n") ? script : script + "\n");
    out.flush();
  }

  private static final Pattern VALUES = Pattern.compile("^(\\s*local )\\w+_option_args(=\\(.*\\) # )(\\S+)( values)$");
  private static final Pattern CASE = Pattern.compile("^\\s*('[^']+'(?:\\|'[^']+')*)\\)$");
  private static final Pattern USE = Pattern.compile("\\$\\{\\w+_option_args\\[@]}");

  /**
   * picocli's bash script with each option's list of values named after the option, not its
   * label: picocli names the list by label, so of two options with one label in a command
   * (publish's --mode and --progress, both MODE) the second list overwrote the first and both
   * completed its values (remkop/picocli#2501). A list is declared as
   * {@code local MODE_option_args=(...) # --progress values} and used in the {@code case} arm of
   * the option's names.
   */
  static String ownValueLists(String script) {
    StringBuilder out = new StringBuilder(script.length());
    Set<String> declared = new HashSet<>();
    List<String> arm = List.of();
    for (String line : script.split("\n", -1)) {
      Matcher values = VALUES.matcher(line);
      Matcher use = USE.matcher(line);
      if (line.startsWith("function ")) {
        declared.clear();
      } else if (values.matches()) {
        declared.add(values.group(3));
        line = values.group(1) + listName(values.group(3)) + values.group(2) + values.group(3) + values.group(4);
      } else if (CASE.matcher(line).matches()) {
        arm = List.of(line.strip().replace("'", "").replace(")", "").split("\\|"));
      } else if (use.find()) {
        String option = arm.stream().filter(declared::contains).findFirst().orElse(null);
        if (option != null) {
          line = use.replaceFirst(Matcher.quoteReplacement("${" + listName(option) + "[@]}"));
        }
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /** {@code --progress}: {@code progress_option_args}. */
  private static String listName(String option) {
    return option.replaceFirst("^-+", "").replaceAll("\\W", "_") + "_option_args";
  }

  /** The old name of {@code completion bash}: still works, says so on stderr, hidden from help. */
  @Command(name = "generate-completion", hidden = true,
      header = Deprecated.HEADER)
  static final class Deprecated implements Callable<Integer> {

    /** The line of this command on the top-level help page, were it not hidden. */
    static final String HEADER = "Deprecated: use 'ack-release completion bash' (or zsh, fish).";

    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
      spec.commandLine().getErr().println("warning: 'ack-release generate-completion' is deprecated: run 'ack-release"
          + " completion bash' (or zsh, fish)");
      spec.commandLine().getErr().flush();
      print(spec.commandLine().getOut(), spec.root().commandLine(), "bash");
      return ExitCodes.OK;
    }
  }
}
