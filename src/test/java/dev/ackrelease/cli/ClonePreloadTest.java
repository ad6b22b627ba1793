package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Git's configuration is read beside the parsing on the command lines of the commands that open
 * a clone, and on no help, version or completion line (GitConfigPreloadTest shows the read is reused).
 */
class ClonePreloadTest {

  @Test
  void theCommandsThatOpenACloneStartIt() {
    for (String command : List.of("build-artifacts", "prepare", "tag", "publish", "plan", "verify", "umbrella", "notes",
        "release-pr", "github-release")) {
      assertTrue(ClonePreload.startsFor(new String[] {command, "--service", "s3"}), command);
    }
    // An option first or a command added later: read, at worst on a core otherwise idle.
    assertTrue(ClonePreload.startsFor(new String[] {"--stacktrace", "tag"}));
  }

  @Test
  void helpVersionCompletionAndTheCommandsWithoutACloneDoNot() {
    for (String first : List.of("--help", "-h", "--version", "-V", "help", "completion", "generate-completion", "await",
        "ci", "config")) {
      assertFalse(ClonePreload.startsFor(new String[] {first}), first);
    }
    assertFalse(ClonePreload.startsFor(new String[0]), "no command: the list of them");
    assertFalse(ClonePreload.startsFor(new String[] {"tag", "--help"}), "a command's help page");
    assertFalse(ClonePreload.startsFor(new String[] {"publish", "-h"}), "a command's help page");
    // build-artifacts opens the clone only to find a version it was not given.
    assertFalse(ClonePreload.startsFor(new String[] {"build-artifacts", "v1.2.3", "--service", "s3"}));
    assertTrue(ClonePreload.startsFor(new String[] {"build-artifacts", "--service", "s3"}));
    assertTrue(ClonePreload.startsFor(new String[] {"tag", "v1.2.3"}), "tag opens the clone whatever the version");
    // Every command it names is one of the commands.
    List<String> known = new ArrayList<>(Main.visibleCommandNames());
    known.add("generate-completion");
    assertEquals(List.of(), ClonePreload.NO_CLONE.stream().filter(n -> !known.contains(n)).toList());
    assertFalse(Main.visibleCommandNames().contains("generate-completion"), "the hidden command is not listed");
  }
}
