package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ack-release completion bash|zsh|fish} (issue 23, item 3): each shell loads its script
 * and completes commands, options and the values help lists, in help's case. The shells run when
 * they are installed (scripts/test installs them); without one, its script is checked for the
 * lines that make it work.
 */
class CompletionTest {

  @TempDir Path tmp;

  static boolean installed(String shell) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, shell)));
  }

  Path script(String shell) throws IOException {
    CliRun run = Cli.run("completion", shell);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err(), run::toString);
    Path file = tmp.resolve("ack-release." + shell);
    Files.writeString(file, run.out());
    return file;
  }

  static ProcessResult shell(String... command) {
    return ProcessResult.run(List.of(command), null, Map.of(), 60);
  }

  @Test
  void bashLoadsItsScript() throws IOException {
    Path script = script("bash");
    String text = Files.readString(script);
    assertTrue(text.contains("(\"auto\" \"release\" \"stable\") # --mode values"), "--mode in help's case");
    assertFalse(text.contains("AUTO") || text.contains("generate-completion"), "no upper-case values, no hidden command");
    ProcessResult loaded = shell("bash", "-c", "source '" + script + "'; complete -p ack-release").assertOk();
    assertEquals("complete -o default -F _complete_ack-release ack-release", loaded.stdout().strip());
  }

  /**
   * bash completes each option's values with its own list, also where two options of a command
   * share a label (publish's --mode and --progress are both MODE: picocli names the arrays of
   * values by label, so one list overwrote the other, remkop/picocli#2501).
   */
  @Test
  void bashCompletesEachOptionsOwnValues() throws IOException {
    Path script = script("bash");
    assertEquals(List.of("auto", "tty", "plain", "none"), bashComplete(script, "publish", "--progress", ""));
    assertEquals(List.of("auto", "release", "stable"), bashComplete(script, "publish", "--mode", ""));
    assertEquals(List.of("auto", "tty", "plain", "none"), bashComplete(script, "plan", "--progress", ""));
    assertEquals(List.of("auto", "release", "stable"), bashComplete(script, "plan", "--mode", ""));
    assertEquals(List.of("text", "json"), bashComplete(script, "publish", "-o", ""));
    assertEquals(List.of("publish"), bashComplete(script, "pu"));
    assertEquals(List.of("bash", "zsh", "fish"), bashComplete(script, "completion", ""));
  }

  /** What bash's completion function offers for {@code ack-release WORDS...}, the last word being the one completed. */
  static List<String> bashComplete(Path script, String... words) {
    StringBuilder line = new StringBuilder("COMP_WORDS=(ack-release");
    for (String w : words) {
      line.append(" '").append(w).append('\'');
    }
    line.append("); COMP_CWORD=").append(words.length).append("; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE};")
        .append(" _complete_ack-release ack-release \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null;")
        .append(" printf '%s\\n' \"${COMPREPLY[@]}\"");
    ProcessResult r = shell("bash", "--norc", "-c", "source '" + script + "'; " + line).assertOk();
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  /** zsh runs bash's script through bashcompinit: the script loads it, and registers the function for ack-release. */
  @Test
  void zshLoadsTheSameScript() throws IOException {
    Path script = script("zsh");
    assertEquals(Files.readString(script("bash")), Files.readString(script));
    String text = Files.readString(script);
    assertTrue(text.contains("bashcompinit") && text.contains("$ZSH_VERSION"), "the script enables bash completion in zsh");
    if (installed("zsh")) {
      shell("zsh", "-n", script.toString()).assertOk();
      ProcessResult loaded = shell("zsh", "-f", "-c", "autoload -U +X compinit && compinit -u; source '" + script
          + "'; print -r -- ${_comps[ack-release]}").assertOk();
      assertTrue(loaded.stdout().contains("_complete_ack-release"), loaded.toString());
    }
  }

  @Test
  void fishCompletesCommandsOptionsAndValuesAsHelpShowsThem() throws IOException {
    Path script = script("fish");
    String text = Files.readString(script);
    assertTrue(text.contains("complete -c ack-release -n '__ack_release_at' -a 'publish' -d "), text);
    assertTrue(text.contains("complete -c ack-release -n '__ack_release_using publish' -l mode -x -a 'auto release stable' -d "),
        text);
    assertTrue(text.contains("complete -c ack-release -n '__ack_release_using tag' -s o -l output -x -a 'text json' -d "), text);
    assertTrue(text.contains("complete -c ack-release -n '__ack_release_at ci' -a 'prow' -d "), text);
    assertFalse(text.contains("generate-completion") || text.contains("using verify' -l version"), "nothing hidden");
    if (!installed("fish")) {
      return;
    }
    shell("fish", "-n", script.toString()).assertOk();
    assertEquals(List.of("publish"), complete(script, "ack-release pub"));
    assertEquals(List.of("auto", "release", "stable"), complete(script, "ack-release publish --mode "));
    assertEquals(List.of("json", "text"), complete(script, "ack-release tag v1.0.0 --output "));
    assertEquals(List.of("github-matrix", "json", "text"), complete(script, "ack-release plan -o "));
    assertEquals(List.of("prow"), complete(script, "ack-release ci "));
    assertEquals(List.of("--controllers"), complete(script, "ack-release ci prow --contr"));
    assertEquals(List.of("bash", "fish", "zsh"), complete(script, "ack-release completion "));
    assertEquals(List.of("exit-codes"), complete(script, "ack-release help exit"));
    // An option's value is not taken for a command: publish's options after --service s3.
    assertTrue(complete(script, "ack-release publish --service s3 --regi").containsAll(List.of("--registry", "--registry-ca")));
    assertEquals(List.of(), complete(script, "ack-release verify --versio"), "the deprecated --version is not offered");
  }

  /** What fish offers for {@code line}, the candidates without their descriptions. */
  static List<String> complete(Path script, String line) {
    ProcessResult r = shell("fish", "--no-config", "-c", "source '" + script + "'; complete -C '" + line + "'").assertOk();
    List<String> candidates = new ArrayList<>();
    r.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> candidates.add(l.split("\t")[0]));
    return candidates.stream().sorted().toList();
  }

  /** Each option's values, as completion offers them, are written in its help as they are offered. */
  @Test
  void everyOptionsValuesAreInItsHelpAsOffered() {
    for (var page : HelpTest.pages().entrySet()) {
      CommandSpec spec = HelpTest.spec(page.getKey());
      String out = HelpTest.help(100, page.getValue()).out();
      for (OptionSpec o : HelpPages.visibleOptions(spec)) {
        if (o.completionCandidates() != null && o.arity().max() > 0) {
          String entry = HelpTest.entry(out, o);
          o.completionCandidates().forEach(value -> assertTrue(entry.contains(value), page.getKey() + " " + o.longestName()
              + " offers " + value + ": " + entry));
        }
      }
    }
  }

  /** The old command still works, says it is deprecated on stderr, and prints bash's script. */
  @Test
  void generateCompletionIsADeprecatedAliasOfCompletionBash() {
    CliRun old = Cli.run("generate-completion");
    assertEquals(0, old.exitCode(), old::toString);
    assertEquals(Cli.run("completion", "bash").out(), old.out());
    assertEquals(List.of("warning: 'ack-release generate-completion' is deprecated: run 'ack-release completion bash' (or zsh,"
        + " fish)"), old.errLines());
  }
}
