package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Variables;
import dev.ackrelease.steps.settings.Settings;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An ACK_RELEASE_ variable nothing reads (a typo) is a warning, one line each, never its value, and the run goes on. */
class UnknownVariablesTest {

  static final String VALUE = "s3cr3t-value-of-the-typo";

  private static Set<String> known() {
    Set<String> known = new TreeSet<>(Variables.ALL);
    Main.allKeys().forEach(k -> known.add(Settings.variable(k)));
    return known;
  }

  @Test
  void aTypoIsOneWarningNamingTheVariableItWasMeantToBeWithoutItsValue() {
    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_REGSITRY", VALUE), "config");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of("warning: ACK_RELEASE_REGSITRY is set, but ack-release reads no such variable: it does nothing; did you"
        + " mean ACK_RELEASE_REGISTRY? rename it: export ACK_RELEASE_REGISTRY=\"$ACK_RELEASE_REGSITRY\"; unset"
        + " ACK_RELEASE_REGSITRY"), run.errLines());
    assertEquals(Cli.run("config").out(), run.out());

    CliRun two = Cli.runWith(Map.of("ACK_RELEASE_FOOBAR", VALUE, "ACK_RELEASE_registry", VALUE, "ACK_RELEASE_REGISTRY", "r/ack"),
        "tag");
    assertEquals(Cli.run("tag").exitCode(), two.exitCode(), "the exit code is the run's own: " + two);
    assertEquals(List.of("warning: ACK_RELEASE_FOOBAR is set, but ack-release reads no such variable: it does nothing; unset it"
            + " (unset ACK_RELEASE_FOOBAR), or see docs/settings.md for the variables",
        "warning: ACK_RELEASE_registry is set, but ack-release reads no such variable: it does nothing; did you mean"
            + " ACK_RELEASE_REGISTRY? rename it: export ACK_RELEASE_REGISTRY=\"$ACK_RELEASE_registry\"; unset ACK_RELEASE_registry"),
        two.errLines().subList(0, 2), two::toString);
    assertEquals(Cli.run("tag").err(), String.join("\n", two.errLines().subList(2, two.errLines().size())) + "\n",
        "then what the run says without them");
    assertFalse(two.err().contains(VALUE) || two.out().contains(VALUE), two::toString);
  }

  /** Every variable something reads, an option's of any command (tag has no --registry) or another, is no warning. */
  @Test
  void theVariablesOfEveryCommandsOptionsAndTheOthersAreKnown() {
    Map<String, String> env = new HashMap<>();
    known().forEach(v -> env.put(v, ""));
    for (String[] args : List.of(new String[] {"tag"}, new String[] {"config", "await"}, new String[] {"ci", "prow"})) {
      CliRun run = Cli.runWith(env, args);
      assertFalse(run.err().contains("warning:"), run::toString);
    }
  }

  /** --help, --version and help read no settings: they say nothing of the variables (and read no file of the models). */
  @Test
  void helpAndVersionSayNothingOfThem() {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"--help"}, new String[] {"tag", "--help"},
        new String[] {"help", "tag"})) {
      CliRun run = Cli.runWith(Map.of("ACK_RELEASE_REGSITRY", VALUE), args);
      assertEquals(0, run.exitCode(), run::toString);
      assertFalse(run.err().contains("warning:"), run::toString);
    }
  }

  @Test
  void theKeysTheModelsFileHoldsAreEveryCommandsOptionsKeys() {
    assertEquals(new TreeSet<>(Main.modelKeys()), new TreeSet<>(CommandModels.optionKeys()));
  }

  /** The names the sources quote, and those the launcher and the scripts read, are all known: one place says which. */
  @Test
  void everyVariableTheSourcesTheLauncherAndTheScriptsNameIsKnown() throws IOException {
    Set<String> named = SettingsDocsTest.quotedInTheSources();
    // A script reads a variable as ${NAME...} or $NAME; a bash array of its own (declare -A) is none.
    Pattern read = Pattern.compile("\\$\\{?(ACK_RELEASE_[A-Z0-9_]*[A-Z0-9])\\b(?!\\[)");
    try (Stream<Path> files = Files.walk(Path.of("scripts"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Matcher m = read.matcher(Files.readString(f));
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    }
    assertTrue(named.containsAll(Set.of("ACK_RELEASE_REGISTRY_PASSWORD", "ACK_RELEASE_JAVA_OPTS", "ACK_RELEASE_ROOT")), named::toString);
    named.removeAll(known());
    assertEquals(Set.of(), named, "name them in dev.ackrelease.steps.Variables");
  }

  /** The rename the warning gives works when pasted: the value moves to the variable meant, and the typo is gone. */
  @Test
  void theRenameWorksWhenPasted() {
    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_PLATFROMS", VALUE), "tag");
    String fix = run.errLines().get(0).substring(run.errLines().get(0).indexOf("rename it: ") + "rename it: ".length());
    ProcessResult r = ProcessResult.runIsolated(List.of("/bin/bash", "-c", fix + "; printf '%s|%s' \"$ACK_RELEASE_PLATFORMS\""
        + " \"${ACK_RELEASE_PLATFROMS-unset}\""), null, Map.of("ACK_RELEASE_PLATFROMS", VALUE), 30);
    assertEquals(VALUE + "|unset", r.stdout(), fix + ": " + r);
  }
}
