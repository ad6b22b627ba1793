package dev.ackrelease.cli;

import static dev.ackrelease.cli.SettingsTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of .ack-release.yaml that are refused: one no option has, and one that is no setting (config's --schema). */
class SettingsFileKeysTest {

  @TempDir Path tmp;

  /**
   * schema is config's --schema, what config prints: a file setting it made every config of that clone print the JSON
   * Schema instead of its settings, exit 0, and every other command ignore it. It is exit 2 for every command, naming
   * file:line; its flag and its variable still work.
   */
  @Test
  void schemaInAFileIsRefusedByEveryCommandAndItsFlagAndVariableStillWork() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Path file = dir.resolve(".ack-release.yaml");
    Files.writeString(file, "# settings\nschema: true\n");
    String line = "error: " + file + ":2: schema is no setting: it is config's --schema, which prints this file's JSON Schema"
        + " instead of the settings: remove the line (the schema: ack-release config --schema)";
    expect(2, line, Cli.run("config", "tag", "--controller-dir", dir.toString(), "--", "v1.0.0"));
    for (Map.Entry<String, List<String>> command : SettingsTest.LINES.entrySet()) {
      List<String> args = new ArrayList<>(List.of(command.getKey().split(" ")));
      args.addAll(command.getValue().stream().map(a -> a.replace("{dir}", dir.toString())).toList());
      expect(2, line, Cli.run(args.toArray(String[]::new)));
    }
    Files.delete(file);
    CliRun flag = Cli.run("config", "--schema");
    assertEquals(0, flag.exitCode(), flag::toString);
    assertEquals(flag.out(), Cli.runWith(Map.of("ACK_RELEASE_SCHEMA", "true"), "config").out());
    assertFalse(flag.out().contains("\"schema\""), "the file's schema has no key schema: " + flag.out());
  }

  /** A key near none: the keys a file may set, not a far-fetched rename (zzzz was "rename it to base"). */
  @Test
  void aKeyNearNoneNamesTheKeys() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Path file = dir.resolve(".ack-release.yaml");
    Files.writeString(file, "registry: 127.0.0.1:1/ack\nzzzz: 1\n");
    CliRun run = Cli.run("config", "tag", "--controller-dir", dir.toString(), "--", "v1.0.0");
    expect(2, "error: " + file + ":2: unknown key 'zzzz': remove it; the keys (each the long option it sets, without --):"
        + " allow-major, ", run);
    String keys = run.errorLine().substring(run.errorLine().indexOf("--): ") + 5).replaceFirst(" \\(see .*", "");
    List<String> fileKeys = new ArrayList<>(Main.allKeys());
    fileKeys.removeAll(SettingsProvider.LOCATING);
    fileKeys.removeAll(SettingsProvider.ACTIONS.keySet());
    assertEquals(fileKeys.stream().sorted().toList(), List.of(keys.split(", ")));
    assertTrue(run.errorLine().length() < 1500, run.errorLine());
  }
}
