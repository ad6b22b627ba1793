package dev.ackrelease.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The fish completion script, made from the commands' model as picocli makes bash's: a
 * {@code complete} line per command and per option, each under the condition that the words
 * typed so far (options left out) start with its command's path. Hidden commands and options
 * are left out; an option's values are the ones help lists; a file or directory option completes
 * paths, any other option no file names.
 */
final class FishCompletion {

  private FishCompletion() {}

  /** The words before the cursor that are not options, and the two tests the lines use. */
  private static final String FUNCTIONS = """
      function __NAME_words
          set -l tokens (commandline -opc)
          set -e tokens[1]
          for t in $tokens
              string match -q -- '-*' $t; or echo $t
          end
      end

      # The words typed so far start with the command path $argv.
      function __NAME_using
          set -l words (__NAME_words)
          test (count $words) -ge (count $argv); or return 1
          for i in (seq (count $argv))
              test "$words[$i]" = "$argv[$i]"; or return 1
          end
      end

      # The words typed so far are exactly the command path $argv: its command comes next.
      function __NAME_at
          set -l words (__NAME_words)
          test (count $words) -eq (count $argv); and __NAME_using $argv
      end
      """;

  static String script(CommandSpec root) {
    String name = root.name();
    String fn = "__" + name.replaceAll("[^A-Za-z0-9_]", "_");
    StringBuilder s = new StringBuilder();
    s.append("# fish completion for ").append(name).append(": ").append(name).append(" completion fish > ~/.config/fish/completions/")
        .append(name).append(".fish\n");
    s.append("complete -c ").append(name).append(" -e\n");
    s.append("complete -c ").append(name).append(" -f\n\n");
    s.append(FUNCTIONS.replace("__NAME", fn)).append('\n');
    command(s, name, fn, root, List.of());
    return s.toString();
  }

  private static void command(StringBuilder s, String name, String fn, CommandSpec spec, List<String> path) {
    String using = quote(fn + "_using" + words(path));
    String at = quote(fn + "_at" + words(path));
    s.append("# ").append(spec.qualifiedName()).append('\n');
    for (Map.Entry<String, CommandLine> sub : HelpPages.visibleCommands(spec).entrySet()) {
      s.append("complete -c ").append(name).append(" -n ").append(at).append(" -a ").append(quote(sub.getKey()))
          .append(" -d ").append(quote(summary(sub.getValue().getCommandSpec().usageMessage().header()))).append('\n');
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden() && p.completionCandidates() != null) {
        s.append("complete -c ").append(name).append(" -n ").append(using).append(" -a ").append(quote(candidates(p.completionCandidates())))
            .append('\n');
      }
    }
    // A group's own options (the top level's --version) only before its command is named.
    String optionsWhen = HelpPages.visibleCommands(spec).isEmpty() ? using : at;
    for (OptionSpec o : HelpPages.visibleOptions(spec)) {
      s.append("complete -c ").append(name).append(" -n ").append(optionsWhen);
      for (String n : o.names()) {
        s.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
      }
      if (o.arity().max() > 0) {
        if (o.completionCandidates() != null && o.completionCandidates().iterator().hasNext()) {
          s.append(" -x -a ").append(quote(candidates(o.completionCandidates())));
        } else if (o.type() == Path.class || List.of("FILE", "DIR", "PATH").contains(o.paramLabel())) {
          s.append(" -r -F");
        } else {
          s.append(" -x");
        }
      }
      s.append(" -d ").append(quote(summary(o.description()))).append('\n');
    }
    s.append('\n');
    for (Map.Entry<String, CommandLine> sub : HelpPages.visibleCommands(spec).entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      command(s, name, fn, sub.getValue().getCommandSpec(), subPath);
    }
  }

  private static String words(List<String> path) {
    StringBuilder b = new StringBuilder();
    path.forEach(p -> b.append(' ').append(p));
    return b.toString();
  }

  private static String candidates(Iterable<String> values) {
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    return String.join(" ", all);
  }

  /** The first sentence of a description, as fish shows it beside the candidate. */
  static String summary(String[] description) {
    String text = String.join(" ", description).replace("%n", " ").replaceAll("\\s+", " ").strip();
    // The first sentence ends at a full stop before a capital letter ("e.g. 90s" goes on).
    text = text.split("\\.\\s+(?=[A-Z])", 2)[0].replaceFirst("\\.$", "");
    return text.length() > 90 ? text.substring(0, 89) + "…" : text;
  }

  /** {@code text} in fish's single quotes (a backslash and a quote escaped). */
  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
