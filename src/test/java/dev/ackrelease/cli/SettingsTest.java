package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.settings.Settings;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings in the repo and the environment (issue 21, item 1): every option of every command is
 * read from the command line, else its variable ACK_RELEASE_<OPTION>, else its key in
 * .ack-release.yaml, else its default; a value from outside is checked as a flag's is, and its
 * error names where it came from.
 */
class SettingsTest {

  @TempDir Path tmp;

  /** Each command's arguments besides its options: where it finds its files, and its positional parameters. */
  static final Map<String, List<String>> LINES = new LinkedHashMap<>();

  static {
    LINES.put("build-artifacts", List.of("--controller-dir", "{dir}"));
    LINES.put("prepare", List.of("--controller-dir", "{dir}", "--", "v1.0.0"));
    LINES.put("tag", List.of("--controller-dir", "{dir}", "--", "v1.0.0"));
    LINES.put("publish", List.of("--controller-dir", "{dir}"));
    LINES.put("plan", List.of("--controller-dir", "{dir}"));
    LINES.put("verify", List.of("--controller-dir", "{dir}"));
    LINES.put("umbrella", List.of("--chart-dir", "{dir}", "--workspace", "{dir}"));
    LINES.put("ci prow", List.of("--workspace", "{dir}"));
    LINES.put("notes", List.of("--controller-dir", "{dir}", "--", "v1.0.0"));
    LINES.put("release-pr", List.of("--controller-dir", "{dir}"));
    LINES.put("github-release", List.of("--controller-dir", "{dir}", "--", "v1.0.0"));
  }

  /** The commands that run something, as typed after ack-release (await finds no directory: JarIT-style runs cover it). */
  static List<String> commands() {
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    return InputSweepTest.leaves(cli, "");
  }

  static CommandSpec spec(String command) {
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    return InputSweepTest.command(cli, command).getCommandSpec();
  }

  /** The options a file or variable may set for {@code command}: all but help and the ones that locate the files. */
  static List<OptionSpec> settable(String command) {
    return spec(command).options().stream().filter(SettingsProvider::settable)
        .filter(o -> !SettingsProvider.LOCATING.contains(SettingsProvider.key(o))).toList();
  }

  /** A valid value of {@code option}, the n-th of three (a file's, a variable's, a flag's), as the option's converter takes it. */
  static String value(OptionSpec option, int n) {
    Class<?> type = option.type();
    if (option.arity().max() == 0) {
      return "true";
    }
    if (type == Integer.class || type == int.class) {
      return Integer.toString(3 + n);
    }
    if (option.completionCandidates() != null) {
      List<String> candidates = new ArrayList<>();
      option.completionCandidates().forEach(candidates::add);
      return candidates.get(n % candidates.size()).toLowerCase(Locale.ROOT);
    }
    return List.of("from-file", "from-env", "from-flag").get(n);
  }

  /** {@code ack-release config --output json COMMAND ...} in process, with {@code env}; its rows by key. */
  static Map<String, JsonNode> config(String command, Path dir, Map<String, String> env, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("config", "--output", "json"));
    args.addAll(List.of(command.split(" ")));
    List<String> line = LINES.getOrDefault(command, List.of()).stream().map(a -> a.replace("{dir}", dir.toString())).toList();
    int end = line.indexOf("--");
    args.addAll(end < 0 ? line : line.subList(0, end));
    args.addAll(extra);
    if (end >= 0) {
      args.addAll(line.subList(end, line.size()));
    }
    CliRun run = Cli.runWith(env, args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), () -> String.join(" ", args) + "\n" + run);
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    run.json().get("settings").forEach(r -> rows.put(r.get("key").asText(), r));
    return rows;
  }

  @Test
  void everyOptionOfEveryCommandIsReadFromTheFlagElseItsVariableElseTheFileElseItsDefault() throws IOException {
    assertEquals(new TreeSet<>(commands()), new TreeSet<>(List.of("build-artifacts", "prepare", "tag",
        "publish", "plan", "verify", "await", "umbrella", "ci prow", "config", "notes", "release-pr", "github-release")),
        "every command is checked here or below");
    for (String command : LINES.keySet()) {
      Path dir = Files.createDirectories(tmp.resolve(command.replace(' ', '-')).resolve("s3-controller"));
      List<OptionSpec> options = settable(command);
      StringBuilder file = new StringBuilder("# " + command + "\n");
      Map<String, String> env = new LinkedHashMap<>();
      List<String> flags = new ArrayList<>();
      for (OptionSpec o : options) {
        String key = SettingsProvider.key(o);
        file.append(key).append(": \"").append(value(o, 0)).append("\"\n");
        env.put(Settings.variable(key), value(o, 1));
        flags.add(o.longestName() + "=" + value(o, 2));
      }
      Path settings = Files.writeString(dir.resolve(".ack-release.yaml"), file);

      Map<String, JsonNode> fromFile = config(command, dir, Map.of(), List.of());
      Map<String, JsonNode> fromEnv = config(command, dir, env, List.of());
      Map<String, JsonNode> fromFlags = config(command, dir, env, flags);
      for (int i = 0; i < options.size(); i++) {
        OptionSpec o = options.get(i);
        String key = SettingsProvider.key(o);
        String where = command + " " + key;
        boolean path = o.type() == Path.class || key.equals("sign-key"); // a key file, unless an awskms:// reference
        assertEquals("file", fromFile.get(key).get("origin").asText(), where);
        assertEquals(settings.toString(), fromFile.get(key).get("file").asText(), where);
        assertEquals(i + 2, fromFile.get(key).get("line").asInt(), where);
        assertEquals(path ? dir.resolve(value(o, 0)).toString() : value(o, 0), fromFile.get(key).get("value").asText(),
            where + ": a relative path in a file is relative to the file");
        assertEquals("env", fromEnv.get(key).get("origin").asText(), where);
        assertEquals(value(o, 1), fromEnv.get(key).get("value").asText(), where);
        assertEquals("flag", fromFlags.get(key).get("origin").asText(), where);
        assertEquals(value(o, 2), fromFlags.get(key).get("value").asText(), where);
      }
      List<String> required = options.stream().filter(OptionSpec::required).map(o -> o.longestName() + "=" + value(o, 2)).toList();
      Map<String, JsonNode> defaults = config(command, tmp.resolve("none/s3-controller"), Map.of(), required);
      options.stream().filter(o -> !o.required())
          .forEach(o -> assertEquals("default", defaults.get(SettingsProvider.key(o)).get("origin").asText(), command + " " + o));
    }
  }

  @Test
  void awaitAndConfigTakeTheirVariablesToo() {
    Map<String, String> env = new LinkedHashMap<>();
    for (OptionSpec o : settable("await")) {
      env.put(Settings.variable(SettingsProvider.key(o)), value(o, 1));
    }
    Map<String, JsonNode> rows = config("await", tmp, env, List.of());
    env.forEach((variable, v) -> {
      JsonNode row = rows.values().stream().filter(r -> r.get("variable").asText().equals(variable)).findFirst().orElseThrow();
      assertEquals("env", row.get("origin").asText(), variable);
      assertEquals(v, row.get("value").asText(), variable);
    });
    assertEquals(List.of("output", "quiet", "stacktrace", "verbose", "no-color", "schema"), settable("config").stream().map(SettingsProvider::key).toList());
    CliRun json = Cli.runWith(Map.of("ACK_RELEASE_OUTPUT", "json", "ACK_RELEASE_QUIET", "true"), "config", "tag", "--", "v1");
    assertEquals("tag", json.json().get("settingsOf").asText(), json::toString);
    CliRun schema = Cli.runWith(Map.of("ACK_RELEASE_SCHEMA", "true", "ACK_RELEASE_STACKTRACE", "false"), "config");
    assertEquals(SettingsSchema.DRAFT, schema.schema().get("$schema").asText(), schema::toString);
    // config takes settings, so config shows its own: ACK_RELEASE_SCHEMA is one of them.
    Map<String, JsonNode> own = config("config", tmp, Map.of("ACK_RELEASE_SCHEMA", "false"), List.of());
    assertEquals(List.of("output", "quiet", "stacktrace", "verbose", "no-color", "schema"), List.copyOf(own.keySet()));
    assertEquals("env", own.get("schema").get("origin").asText(), own::toString);
  }

  @Test
  void theVariablesOfTheOptionsThatLocateTheFilesLocateThem() throws IOException {
    Path ws = Files.createDirectories(tmp.resolve("ws/s3-controller")).getParent();
    Files.writeString(ws.resolve(".ack-release.yaml"), "platforms: linux/amd64\n");
    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_CONTROLLER_DIR", ws.resolve("s3-controller").toString()), "config", "--output",
        "json", "verify");
    JsonNode platforms = run.json().get("settings").findParents("key").stream()
        .filter(r -> r.get("key").asText().equals("platforms")).findFirst().orElseThrow();
    assertEquals(ws.resolve(".ack-release.yaml").toString(), platforms.path("file").asText(), run.out());
  }

  @Test
  void aValueFromAVariableOrAFileIsCheckedAsAFlagsIsAndItsErrorNamesWhereItCameFrom() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Path file = dir.resolve(".ack-release.yaml");
    String[] verify = {"verify", "--service", "s3", "v1.0.0", "--controller-dir", dir.toString(), "--registry",
        "127.0.0.1:1/ack", "--no-source-check"};

    expect(2, "error: ACK_RELEASE_PLATFORMS: unsupported platform 'linux/x': use linux/amd64, linux/arm64 or both",
        Cli.runWith(Map.of("ACK_RELEASE_PLATFORMS", "linux/x"), verify));
    expect(2, "error: ACK_RELEASE_ECR_PUBLIC_ENDPOINT: --ecr-public-endpoint 'ftp://example.com' is not an http(s) URL",
        Cli.runWith(Map.of("ACK_RELEASE_ECR_PUBLIC_ENDPOINT", "ftp://example.com"), verify));
    Files.writeString(file, "# settings\nplatforms: linux/x\n");
    expect(2, "error: " + file + ":2: platforms: unsupported platform 'linux/x'", Cli.runWith(Map.of(), verify));
    Files.writeString(file, "parallel: 4.0\n");
    expect(2, "error: " + file + ":1: parallel: Invalid value for option '--parallel': '4.0' is not a whole number",
        Cli.runWith(Map.of(), verify));
    Files.writeString(file, "parallel: 99999999999\n");
    expect(2, "error: " + file + ":1: parallel: --parallel 99999999999 is not from 1 to 64: pass e.g. --parallel 4",
        Cli.runWith(Map.of(), verify));
    Files.writeString(file, "strict: maybe\n");
    expect(2, "error: " + file + ":1: strict: Invalid value for option '--strict': 'maybe' is not a boolean: use true or false",
        Cli.runWith(Map.of(), verify));
    expect(2, "error: ACK_RELEASE_STRICT: Invalid value for option '--strict': 'yes' is not a boolean: use true or false",
        Cli.runWith(Map.of("ACK_RELEASE_STRICT", "yes"), verify));
    List<String> yes = new ArrayList<>(List.of(verify));
    yes.add("--strict=yes");
    expect(2, "error: Invalid value for option '--strict': 'yes' is not a boolean: use true or false",
        Cli.runWith(Map.of(), yes.toArray(String[]::new)));
    Files.writeString(file, "remote: [a, b]\n");
    expect(2, "error: " + file + ":1: remote takes one value, not a list: write remote: VALUE",
        Cli.run("tag", "v1.0.0", "--controller-dir", dir.toString()));
    Files.delete(file);
    // A flag's error is its own, whatever comes from elsewhere.
    List<String> badFlag = new ArrayList<>(List.of(verify));
    badFlag.addAll(List.of("--platforms", "linux/y"));
    expect(2, "error: unsupported platform 'linux/y'", Cli.runWith(Map.of("ACK_RELEASE_REGISTRY_CA", "/nowhere"),
        badFlag.toArray(String[]::new)));
    // A valid value from a variable goes as far as a flag's: here, to the unreachable registry.
    CliRun reached = Cli.runWith(Map.of("ACK_RELEASE_PLATFORMS", "linux/amd64", "ACK_RELEASE_RETRY_ATTEMPTS", "1"), verify);
    assertEquals(4, reached.exitCode(), reached::toString);
  }

  /**
   * A mistyped flag is the command line's: its suggestion names an option a variable or the file
   * sets, but neither gave the flag (found by a new-user trial: "../.ack-release.yaml:2: registry:
   * unknown option '--regsitry'", which sent the user to a file that was right).
   */
  @Test
  void aMistypedFlagIsTheCommandLinesEvenWhereASettingHasTheNameItSuggests() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Files.writeString(dir.resolve(".ack-release.yaml"), "registry: 127.0.0.1:1/ack\nplatforms: linux/amd64\n");
    String[] mistyped = {"publish", "--controller-dir", dir.toString(), "--regsitry", "x"};
    expect(2, "error: unknown option '--regsitry': did you mean '--registry'? (see 'ack-release publish --help')",
        Cli.runWith(Map.of(), mistyped));
    expect(2, "error: unknown option '--regsitry': did you mean '--registry'? (see 'ack-release publish --help')",
        Cli.runWith(Map.of("ACK_RELEASE_REGISTRY", "127.0.0.1:2/ack"), mistyped));
    expect(2, "error: unknown option '--platfrom': did you mean '--platforms'? (see 'ack-release publish --help')",
        Cli.runWith(Map.of(), "publish", "--controller-dir", dir.toString(), "--platfrom", "linux/amd64"));
    // A flag typed without its value is the command line's too, though the file and a variable set it (a hostile-input audit).
    String[] noValue = {"publish", "--controller-dir", dir.toString(), "--registry"};
    expect(2, "error: Missing required parameter for option '--registry'", Cli.runWith(Map.of(), noValue));
    expect(2, "error: Missing required parameter for option '--registry'", Cli.runWith(Map.of("ACK_RELEASE_REGISTRY", "127.0.0.1:2/ack"),
        noValue));
  }

  static void expect(int code, String start, CliRun run) {
    assertEquals(code, run.exitCode(), run::toString);
    assertTrue(run.errorLine().startsWith(start), () -> "expected a line starting " + start + "\n" + run);
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
  }

  @Test
  void aKeyThatIsNoOptionOfAnyCommandStopsEveryCommandAndOneOfAnotherCommandIsFine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Path file = dir.resolve(".ack-release.yaml");
    // image-repository and sign-key are options of other commands than tag: fine in tag's clone.
    Files.writeString(file, "image-repository: 127.0.0.1:1/ack/s3-controller\nsign-key: keys/release.pem\n");
    assertEquals(0, Cli.run("config", "tag", "--controller-dir", dir.toString(), "--", "v1.0.0").exitCode());
    Files.writeString(file, "registry: 127.0.0.1:1/ack\nplatfroms: linux/amd64\n");
    for (String command : LINES.keySet()) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.addAll(LINES.get(command).stream().map(a -> a.replace("{dir}", dir.toString())).toList());
      expect(2, "error: " + file + ":2: unknown key 'platfroms': rename it to platforms or remove it",
          Cli.run(args.toArray(String[]::new)));
    }
    // Help is the options' own text: it reads no settings, so a broken file does not stop it.
    CliRun help = Cli.run("tag", "--controller-dir", dir.toString(), "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("ACK_RELEASE_ALLOW_MAJOR"), help.out());
  }

  /** A file that is no settings file stops every command before it starts, exit 2 naming the file (its line when it has one). */
  @Test
  void aMalformedFileIsExit2ForEveryCommandNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Path file = tmp.resolve("ws/.ack-release.yaml");
    List<byte[]> files = new ArrayList<>();
    for (String text : List.of("- platforms\n", "platforms:\n  os: linux\n", "registry:\n", "registry: a\nregistry: b\n",
        "a: [b\n", "sign-key: \"-----BEGIN PRIVATE KEY-----\"\n", "registry: ''\n", "x: 1\n---\ny: 2\n", "platforms: [[a]]\n",
        "\u0000: \u0000\n", "a: \"\u001b[31m\"\nunknown" + "\u202e".repeat(5) + ": 1\n", "# " + "x".repeat(70_000) + "\n")) {
      files.add(text.getBytes(StandardCharsets.UTF_8));
    }
    files.add(new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    for (byte[] bytes : files) {
      for (String command : LINES.keySet()) {
        // A run over a workspace reads the workspace's own file; the others, the clone's workspace root's.
        Path where = command.equals("ci prow") ? dir.resolve(".ack-release.yaml") : file;
        Files.write(where, bytes);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(LINES.get(command).stream().map(a -> a.replace("{dir}", dir.toString())).toList());
        CliRun run = Cli.run(args.toArray(String[]::new));
        Files.delete(where);
        assertEquals(2, run.exitCode(), () -> args + "\n" + run);
        assertTrue(run.errorLine().startsWith("error: " + where), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
      }
    }
    Files.createDirectories(file);
    expect(2, "error: " + file + " is not a regular file", Cli.run("tag", "--controller-dir", dir.toString(), "v1.0.0"));
  }

  @Test
  void aValueKeepsItsDollarSigns() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    Files.writeString(dir.resolve(".ack-release.yaml"), "image-user: \"${env:HOME}$${x}$\"\n");
    assertEquals("${env:HOME}$${x}$", config("publish", dir, Map.of(), List.of()).get("image-user").get("value").asText());
    assertEquals("${sys:user.home}", config("publish", dir, Map.of("ACK_RELEASE_IMAGE_USER", "${sys:user.home}"), List.of())
        .get("image-user").get("value").asText());
  }

  @Test
  void theClonesFileWinsOverTheWorkspaceRootsAndConfigSaysWhichFilesItRead() throws IOException {
    Path ws = tmp.resolve("ws");
    Path dir = Files.createDirectories(ws.resolve("s3-controller"));
    Files.writeString(ws.resolve(".ack-release.yaml"), "registry: 127.0.0.1:5000/ack\nplatforms: linux/amd64,linux/arm64\n");
    Files.writeString(dir.resolve(".ack-release.yaml"), "platforms: [linux/amd64]\n");
    CliRun run = Cli.run("config", "plan", "--controller-dir", dir.toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals("Settings of ack-release plan (a flag wins over env, env over a file, a file over the default):", lines.get(0));
    assertTrue(lines.get(1).matches("ORIGIN +KEY +VALUE"), lines.get(1));
    assertTrue(lines.contains(row("file:" + dir.resolve(".ack-release.yaml") + ":1", "platforms", "linux/amd64", lines)), run.out());
    assertTrue(lines.contains(row("file:" + ws.resolve(".ack-release.yaml") + ":1", "registry", "127.0.0.1:5000/ack", lines)),
        run.out());
    assertTrue(lines.contains(row("default", "mode", "auto", lines)), run.out());
    assertTrue(lines.contains(row("flag", "controller-dir", dir.toString(), lines)), run.out());
    assertTrue(lines.contains(row("default", "sign-key", "-", lines)), run.out());
    assertTrue(lines.contains(row("default", "cache-dir", "($XDG_CACHE_HOME/ack-release or ~/.cache/ack-release)", lines)),
        run.out());
    assertEquals("Files, the first winning: " + dir.resolve(".ack-release.yaml") + " (1 key), " + ws.resolve(".ack-release.yaml")
        + " (2 keys).", lines.get(lines.size() - 1));
  }

  /** The table row {@code origin key value}, aligned as the table's other rows. */
  static String row(String origin, String key, String value, List<String> lines) {
    int keyAt = lines.get(1).indexOf("KEY");
    int valueAt = lines.get(1).indexOf("VALUE");
    return String.format("%-" + keyAt + "s%-" + (valueAt - keyAt) + "s%s", origin, key, value);
  }

  @Test
  void buildArtifactsAndPrepareWriteTheImageRepositoryOfTheRegistryPublishPushesTo() throws IOException {
    GitFixture repo = SampleController.create(tmp.resolve("ws"), "s3");
    String dir = repo.dir().toString();
    CliRun dflt = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", dir, "v1.0.0", "--dry-run",
        "--output", "json");
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller", dflt.json().get("imageRepository").asText(), dflt::toString);
    CliRun env = Cli.runWith(Map.of("ACK_RELEASE_REGISTRY", "127.0.0.1:5000/ack"), "build-artifacts", "--service", "s3",
        "--controller-dir", dir, "v1.0.0", "--dry-run", "--output", "json");
    assertEquals("127.0.0.1:5000/ack/s3-controller", env.json().get("imageRepository").asText(), env::toString);
    Files.writeString(tmp.resolve("ws/.ack-release.yaml"), "registry: 127.0.0.1:5001/ack\nservice: s3\n");
    CliRun prepare = Cli.run("prepare", "v1.0.0", "--controller-dir", dir, "--output", "json");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    assertEquals("127.0.0.1:5001/ack/s3-controller", prepare.json().get("imageRepository").asText());
    assertTrue(repo.git("show", "release-v1.0.0:helm/values.yaml").contains("repository: 127.0.0.1:5001/ack/s3-controller"));
    CliRun flag = Cli.run("build-artifacts", "--controller-dir", dir, "v1.0.1", "--dry-run", "--output", "json",
        "--image-repository", "example.com/s3");
    assertEquals("example.com/s3", flag.json().get("imageRepository").asText(), "--image-repository wins: " + flag);
    // A malformed registry setting is refused even where --image-repository leaves it unused.
    Files.writeString(tmp.resolve("ws/.ack-release.yaml"), "registry: \"-bad-/ack\"\nservice: s3\n");
    expect(2, "error: " + tmp.resolve("ws/.ack-release.yaml") + ":1: registry: registry host '-bad-'", Cli.run("build-artifacts",
        "--controller-dir", dir, "v1.0.1", "--dry-run", "--image-repository", "example.com/s3"));
  }

  /**
   * Each help's hint 'ack-release config COMMAND' works pasted as it is: config shows the settings
   * without the arguments the command requires (tag's VERSION, await's --service, ...), and config's
   * own help has no hint (config config is no command line).
   */
  @Test
  void theConfigLineEachHelpSuggestsWorksPasted() {
    Pattern hint = Pattern.compile("'ack-release (config [^']*)' shows each value");
    for (String command : commands()) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add("--help");
      String help = Cli.run(args.toArray(String[]::new)).out().replaceAll("\\s+", " ");
      Matcher m = hint.matcher(help);
      if (command.equals("config")) {
        assertFalse(m.find(), help);
        continue;
      }
      assertTrue(m.find(), command + ": " + help);
      CliRun config = Cli.run(m.group(1).split(" "));
      assertEquals(0, config.exitCode(), () -> m.group(1) + ": " + config);
      assertTrue(config.out().startsWith("Settings of ack-release " + command + " "), config::toString);
    }
    CliRun extra = Cli.run("config", "tag", "v1.0.0", "v1.0.1");
    assertEquals(2, extra.exitCode(), extra::toString);
    assertTrue(extra.errorLine().contains("'v1.0.1'"), extra::toString);
  }

  @Test
  void everyCommandsHelpListsItsVariables() {
    for (String command : commands()) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add("--help");
      CliRun help = Cli.run(args.toArray(String[]::new));
      assertEquals(0, help.exitCode(), help::toString);
      assertTrue(help.out().contains("\nSettings:\n"), help.out());
      for (OptionSpec o : spec(command).options()) {
        if (SettingsProvider.settable(o) && !o.hidden()) {
          // The option's entry: from its names to the next entry; its variable on one line there.
          String out = help.out();
          Matcher names = Pattern.compile("\n  " + Pattern.quote(HelpPages.names(o))
              + "[ \n]").matcher(out);
          assertTrue(names.find(), command + ": " + o.longestName() + " in " + out);
          int start = names.start();
          int end = out.indexOf("\n  -", start + 1);
          String entry = out.substring(start, end < 0 ? out.indexOf("\n\n", start) : end);
          assertTrue(entry.contains("[env: " + Settings.variable(SettingsProvider.key(o)) + "]"), command + ": " + entry);
        }
      }
    }
  }

  @Test
  void aRunOverSeveralServicesRefusesACloneWhoseOwnSettingsWouldReleaseItOtherwise() throws IOException {
    Path ws = tmp.resolve("ws");
    SampleController.create(ws, "s3").tag("v1.0.0");
    SampleController.create(ws, "sns").tag("v1.0.0");
    Files.writeString(ws.resolve("s3-controller/.ack-release.yaml"), "platforms: linux/amd64\n");
    Map<String, String> env = Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1");
    String[] plan = {"plan", "--workspace", ws.toString(), "--registry", "127.0.0.1:1/ack"};
    expect(2, "error: " + ws.resolve("s3-controller/.ack-release.yaml") + ":1: platforms is linux/amd64 for s3, but this run"
        + " over several services takes the default: set it in the workspace root's settings", Cli.runWith(env, plan));
    expect(2, "error: " + ws.resolve("s3-controller/.ack-release.yaml") + ":1: platforms is linux/amd64 for s3",
        Cli.runWith(env, "verify", "--workspace", ws.toString(), "--registry", "127.0.0.1:1/ack"));
    // The same value from the root, or from the command line, for every service: each service's run starts (and finds
    // the clone has no release artifacts).
    String started = "error: 2 of 2 services failed: s3 (exit 2: helm/Chart.yaml is missing in " + ws.resolve("s3-controller");
    Files.writeString(ws.resolve(".ack-release.yaml"), "platforms: linux/amd64\n");
    expect(2, started, Cli.runWith(env, plan));
    Files.delete(ws.resolve(".ack-release.yaml"));
    List<String> withFlag = new ArrayList<>(List.of(plan));
    withFlag.addAll(List.of("--platforms", "linux/arm64"));
    expect(2, started, Cli.runWith(env, withFlag.toArray(String[]::new)));
    expect(2, started, Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1", "ACK_RELEASE_PLATFORMS", "linux/arm64"), plan));
  }

  @Test
  void verifyInTheControllersCloneVerifiesTheReleaseAtHead() {
    GitFixture repo = SampleController.create(tmp.resolve("ws"), "s3");
    Map<String, String> env = Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1");
    expect(2, "error: no release tag at HEAD of " + repo.dir(), Cli.runWith(env, "verify", "--controller-dir",
        repo.dir().toString(), "--registry", "127.0.0.1:1/ack"));
    repo.tag("v1.0.0");
    CliRun run = Cli.runWith(env, "verify", "--controller-dir", repo.dir().toString(), "--registry", "127.0.0.1:1/ack");
    assertEquals(4, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("127.0.0.1:1/ack/s3-"), "it reads s3's release: " + run);
    expect(2, "error: verify needs --service S and VERSION", Cli.runWith(env, "verify", "--registry", "127.0.0.1:1/ack"));
  }
}
