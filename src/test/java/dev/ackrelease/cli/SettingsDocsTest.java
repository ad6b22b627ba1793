package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.ackrelease.steps.settings.Settings;
import dev.ackrelease.testing.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What documents the settings: the JSON Schema of .ack-release.yaml in docs/, and the tables of variables of docs/settings.md. */
class SettingsDocsTest {

  static final Path SCHEMA = Path.of("docs/ack-release.schema.json");
  /** The page that lists every variable. */
  static final Path PAGE = Path.of("docs/settings.md");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theSchemaInDocsIsTheOneTheOptionsMake() throws IOException {
    CliRun run = Cli.run("config", "--schema");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(run.out(), Files.readString(SCHEMA), SCHEMA + " is stale: run scripts/ack-release config --schema > " + SCHEMA);
  }

  @Test
  void theSchemaTakesEveryKeyAFileMaySetAndNothingElse() throws IOException {
    JsonSchema schema;
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<String> keys = new TreeSet<>(Main.allKeys());
    keys.removeAll(SettingsProvider.LOCATING);
    keys.removeAll(SettingsProvider.ACTIONS.keySet());
    Set<String> properties = new TreeSet<>();
    new ObjectMapper().readTree(SCHEMA.toFile()).get("properties").fieldNames().forEachRemaining(properties::add);
    assertEquals(keys, properties);
    assertEquals(Set.of(), schema.validate(YAML.readTree("registry: 127.0.0.1:5000/ack\nplatforms: [linux/amd64]\n"
        + "insecure-registry: 127.0.0.1:5000\nsbom: true\nparallel: 4\nmode: release\noutput: json\nbuild-config: ../b.yaml\n")));
    for (String bad : List.of("platfrom: linux/amd64\n", "sbom: sometimes\n", "parallel: four\n", "platforms: []\n",
        "mode: later\n", "controller-dir: ../s3-controller\n", "registry: [a, b]\n", "schema: true\n")) {
      assertFalse(schema.validate(YAML.readTree(bad)).isEmpty(), bad);
    }
  }

  /** The rows of the settings page's table of every option's variable: variable, option (and key), commands. */
  static List<String> optionRows() {
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    Map<String, List<String>> commands = new TreeMap<>();
    for (String command : InputSweepTest.leaves(cli, "")) {
      CommandSpec spec = InputSweepTest.command(cli, command).getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (SettingsProvider.settable(o)) {
          commands.computeIfAbsent(SettingsProvider.key(o), k -> new ArrayList<>()).add(command);
        }
      }
    }
    List<String> rows = new ArrayList<>();
    commands.forEach((key, in) -> rows.add("| `" + Settings.variable(key) + "` | `--" + key + "`"
        + (SettingsProvider.LOCATING.contains(key) ? " (no key: it says which files are read)" : "") + " | "
        + (in.size() == InputSweepTest.leaves(cli, "").size() ? "all" : String.join(", ", in)) + " |"));
    return rows;
  }

  @Test
  void theSettingsPageListsEveryOptionsVariable() throws IOException {
    String page = Files.readString(PAGE);
    List<String> missing = optionRows().stream().filter(r -> !page.contains("\n" + r + "\n")).toList();
    assertTrue(missing.isEmpty(), () -> PAGE + "'s table of the options' variables misses " + missing + "; its rows are:\n"
        + String.join("\n", optionRows()) + "\n");
    String table = section(page, "## Every option's variable");
    Set<String> listed = names(table);
    Set<String> options = new TreeSet<>();
    Main.allKeys().forEach(k -> options.add(Settings.variable(k)));
    assertEquals(options, listed, "the table lists the options' variables, no other");
  }

  /** Every ACK_RELEASE_ name quoted in the Java sources of cli/ and release-steps/. */
  static Set<String> quotedInTheSources() throws IOException {
    Set<String> named = new TreeSet<>();
    Pattern quoted = Pattern.compile("\"(ACK_RELEASE_[A-Z0-9_]*[A-Z0-9])\"");
    for (String dir : List.of("cli", "release-steps")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = quoted.matcher(Files.readString(f));
          while (m.find()) {
            named.add(m.group(1));
          }
        }
      }
    }
    return named;
  }

  /**
   * Every ACK_RELEASE_ name the sources quote or the launcher reads that is no option's variable
   * is in the settings page's table of the other variables, and that table lists no other.
   */
  @Test
  void theSettingsPageListsTheVariablesThatAreNotOptions() throws IOException {
    Set<String> options = new TreeSet<>();
    Main.allKeys().forEach(k -> options.add(Settings.variable(k)));
    Set<String> others = quotedInTheSources();
    Matcher launcher = Pattern.compile("\\b(ACK_RELEASE_[A-Z0-9_]*[A-Z0-9])\\b").matcher(Files.readString(Path.of("scripts/ack-release")));
    while (launcher.find()) {
      others.add(launcher.group(1));
    }
    assertTrue(others.contains("ACK_RELEASE_REGISTRY_PASSWORD"), others::toString);
    others.removeAll(options);
    String table = section(Files.readString(PAGE), "## Variables that are not options");
    assertEquals(others, names(table), PAGE + "'s table of the variables that are not options");
  }

  /** The text of the page's section under {@code heading}, to the next heading. */
  static String section(String page, String heading) {
    int start = page.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, PAGE + " has a section " + heading);
    int end = page.indexOf("\n#", start + heading.length() + 2);
    return page.substring(start, end < 0 ? page.length() : end);
  }

  /** The variables a table's rows start with. */
  static Set<String> names(String table) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `(ACK_RELEASE_[A-Z0-9_]+)`(?:, `(ACK_RELEASE_[A-Z0-9_]+)`)?").matcher(table);
    while (m.find()) {
      names.add(m.group(1));
      if (m.group(2) != null) {
        names.add(m.group(2));
      }
    }
    return names;
  }

  @Test
  void theTablesReadTheirRowsAsTheyAreWritten() {
    assertEquals(Set.of("ACK_RELEASE_A", "ACK_RELEASE_B", "ACK_RELEASE_C"),
        names("\n| variable | x |\n|---|---|\n| `ACK_RELEASE_A` | a |\n| `ACK_RELEASE_B`, `ACK_RELEASE_C` | b |\n"));
  }
}
