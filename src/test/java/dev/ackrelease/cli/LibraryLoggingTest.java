package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log manager is left alone only on command lines whose libraries do not log through
 * java.util.logging; every command that reaches a registry, AWS or Jib has it silenced (StartupIT
 * checks that --help and tag do not load it).
 */
class LibraryLoggingTest {

  @Test
  void theCommandsThatReachRegistriesAwsOrJibAreSilenced() {
    for (String command : List.of("publish", "plan", "verify", "await", "umbrella", "notes", "release-pr",
        "github-release", "ci")) {
      assertTrue(LibraryLogging.librariesMayLog(new String[] {command, "--help"}), command);
    }
    // A typo or an option first: the whole command line is not known, so it is silenced.
    assertTrue(LibraryLogging.librariesMayLog(new String[] {"pubish"}));
    assertTrue(LibraryLogging.librariesMayLog(new String[] {"--stacktrace", "tag"}));
  }

  @Test
  void helpVersionCompletionAndTheCloneOnlyCommandsAreNot() {
    for (String first : List.of("--help", "-h", "--version", "-V", "help", "completion", "generate-completion", "tag",
        "build-artifacts", "prepare", "config")) {
      assertFalse(LibraryLogging.librariesMayLog(new String[] {first}), first);
    }
    assertFalse(LibraryLogging.librariesMayLog(new String[0]), "no command: the list of them");
    // Every command it leaves alone is one of the commands.
    List<String> known = new ArrayList<>(Main.visibleCommandNames());
    known.add("generate-completion");
    assertEquals(List.of(), LibraryLogging.COMMANDS.stream().filter(n -> !known.contains(n)).toList());
  }
}
