package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.steps.settings.Closest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forgiving of typos (issue 23, item 3): a mistyped command, option, help topic or shell is one
 * error line, exit 2, naming what was probably meant; a bare ack-release lists the commands.
 */
class SuggestionsTest {

  static void expect(String line, CliRun run) {
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(List.of(line), run.errLines(), run::toString);
    assertEquals("", run.out(), run::toString);
  }

  @Test
  void aMistypedCommandSaysWhichOneWasMeant() {
    expect("error: unknown command 'pubish': did you mean 'publish'? (see 'ack-release --help')", Cli.run("pubish"));
    expect("error: unknown command 'verfy': did you mean 'verify'? (see 'ack-release --help')", Cli.run("verfy", "--service", "s3"));
    expect("error: unknown command 'PLAN': did you mean 'plan'? (see 'ack-release --help')", Cli.run("PLAN"));
    expect("error: unknown command 'prw': did you mean 'prow'? (see 'ack-release ci --help')", Cli.run("ci", "prw"));
    expect("error: unknown command 'deploy': run 'ack-release --help' to list them", Cli.run("deploy"));
  }

  /** kubectl and helm have a version command: ack-release's version is the option, and the error says so. */
  @Test
  void theVersionCommandOfOtherCLIsPointsAtTheOption() {
    expect("error: unknown command 'version': the version is an option: run 'ack-release --version' (see 'ack-release --help')",
        Cli.run("version"));
    expect("error: unknown command 'Version': the version is an option: run 'ack-release --version' (see 'ack-release --help')",
        Cli.run("Version", "--short"));
    // A command without a --version of its own is not pointed at one.
    expect("error: unknown command 'version': run 'ack-release ci --help' to list them", Cli.run("ci", "version"));
  }

  @Test
  void aMistypedOptionSaysWhichOneWasMeant() {
    expect("error: unknown option '--regsitry': did you mean '--registry'? (see 'ack-release publish --help')",
        Cli.run("publish", "--regsitry", "x"));
    expect("error: unknown option '--platfroms': did you mean '--platforms'? (see 'ack-release verify --help')",
        Cli.run("verify", "v1.0.0", "--platfroms=linux/amd64"));
    expect("error: unknown option '--dryrun': did you mean '--dry-run'? (see 'ack-release tag --help')",
        Cli.run("tag", "v1.0.0", "--dryrun"));
    // The deprecated --version is hidden: a typo of it is not pointed there.
    expect("error: unknown option '--verison': run 'ack-release verify --help' to list them", Cli.run("verify", "--verison", "v1"));
    expect("error: unknown option '--frobnicate': run 'ack-release tag --help' to list them", Cli.run("tag", "v1.0.0", "--frobnicate"));
  }

  /** A format a command does not print is refused naming the ones it does: plan's github-matrix is plan's alone. */
  @Test
  void anUnknownOutputFormatNamesTheCommandsFormats() {
    expect("error: Invalid value for option '--output': 'yaml' is not text or json (see 'ack-release publish --help')",
        Cli.run("publish", "--output", "yaml"));
    expect("error: Invalid value for option '--output': 'yaml' is not text, json or github-matrix (see 'ack-release plan --help')",
        Cli.run("plan", "--output", "yaml"));
    expect("error: --output github-matrix is plan's format: use --output json or text with publish (see 'ack-release publish"
        + " --help')", Cli.run("publish", "--output", "github-matrix"));
  }

  @Test
  void aMissingRequiredArgumentSaysWhatToPassWithAnExampleToPaste() {
    // From the option's description ("e.g. s3").
    expect("error: Missing required option: '--service=S': pass --service S, e.g. --service s3 (see 'ack-release await --help')",
        Cli.run("await", "v1.0.0"));
    // From the command's first example naming every missing option, when a description has none.
    expect("error: Missing required options: '--chart-dir=DIR', '--workspace=DIR': pass --chart-dir DIR --workspace DIR, e.g."
        + " ack-release umbrella --chart-dir ack-chart --workspace ~/ack (see 'ack-release umbrella --help')",
        Cli.run("umbrella"));
    // A positional: the whole command line.
    expect("error: Missing required parameter: 'VERSION': pass VERSION, e.g. ack-release tag v1.8.2 (see 'ack-release tag --help')",
        Cli.run("tag"));
  }

  @Test
  void aMistypedTopicOrShellToo() {
    expect("error: unknown topic 'pubish': did you mean 'publish'? (see 'ack-release help --help')", Cli.run("help", "pubish"));
    expect("error: unknown topic 'exit-code': did you mean 'exit-codes'? (see 'ack-release help --help')",
        Cli.run("help", "exit-code"));
    expect("error: unknown shell 'fsh': did you mean 'zsh' or 'fish'? (see 'ack-release completion --help')",
        Cli.run("completion", "fsh"));
    // A command of a command: the list to look at is that command's, not the top-level one.
    expect("error: unknown topic 'nosuch': run 'ack-release help ci' to list them",
        Cli.run("help", "ci", "nosuch"));
    expect("error: unknown topic 'nosuch': run 'ack-release help' to list them",
        Cli.run("help", "nosuch"));
  }

  /** help takes one topic (a command, a command of a command, exit-codes) and no option: neither is read as a topic. */
  @Test
  void helpTakesOneTopicAndNoOption() {
    expect("error: help takes one topic ('tag'), not 'tag extra': run ack-release help tag", Cli.run("help", "tag", "extra"));
    expect("error: help takes one topic ('tag'), not 'tag a b': run ack-release help tag", Cli.run("help", "tag", "a", "b"));
    expect("error: help takes one topic ('ci prow'), not 'ci prow x': run ack-release help ci prow",
        Cli.run("help", "ci", "prow", "x"));
    expect("error: help takes one topic ('exit-codes'), not 'exit-codes x': run ack-release help exit-codes",
        Cli.run("help", "exit-codes", "x"));
    expect("error: help takes no option '-o': name one topic, e.g. ack-release help tag", Cli.run("help", "-o", "json", "nosuch"));
    expect("error: help takes no option '--output': name one topic, e.g. ack-release help tag",
        Cli.run("help", "tag", "--output", "json"));
    assertEquals(0, Cli.run("help", "ci", "prow").exitCode());
  }

  /** As git (whose bare command line is an error, exit 1: ours is 2, a usage error), not kubectl (exit 0). */
  @Test
  void aBareCommandLineListsTheCommands() {
    CliRun run = Cli.run();
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("", run.out(), run::toString);
    for (String command : Main.visibleCommandNames()) {
      assertTrue(run.err().contains("\n  " + command + " ") || run.err().contains("\n  " + command + "\n"), command + " in " + run);
    }
    assertEquals("error: missing command: name one of the commands above, e.g. ack-release help publish",
        run.errorLine());
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
  }

  @Test
  void theNearestNamesByEditDistance() {
    List<String> commands = Main.visibleCommandNames();
    assertEquals(List.of("publish"), Suggestions.closest("pubish", commands));
    assertEquals(List.of("publish"), Suggestions.closest("pub", commands), "a prefix");
    assertEquals(List.of("tag"), Suggestions.closest("tga", commands), "a swap of neighbours is one edit");
    assertEquals(List.of(), Suggestions.closest("x", commands));
    assertEquals(List.of(), Suggestions.closest("deploy", commands));
    assertEquals(List.of("--registry", "--registry-ca"), Suggestions.closest("--regist", List.of("--registry", "--registry-ca", "--remote")));
    assertEquals(1, Closest.distance("regsitry", "registry"), "a swap of neighbours is one edit");
    assertEquals(3, Closest.distance("kitten", "sitting"));
  }
}
