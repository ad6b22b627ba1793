package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.settings.Settings;
import dev.ackrelease.steps.umbrella.ChartLock;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.NoNetwork;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Exit 1 only for bugs (issue 19, item 4). Every option and positional parameter of every command,
 * read from picocli's model (a new option is swept without a line here), and every environment
 * variable the sources read, is fed generated malformed values: lengths 0 to 100k, a NUL, what
 * the JVM makes of invalid UTF-8 (U+FFFD), control and bidi characters, full-width digits, spaces
 * around a value, numbers past int and long, and the command's own good value so mangled. Each
 * command also runs on clones whose refs are odd (tags on a tree or a blob, a tag past int, a
 * branch of 250 characters, full-width digits in a tag). Every run is in process, from a command
 * line that is otherwise valid and gets as far as it can without a network (the read-only
 * commands stop at the unreachable 127.0.0.1:1); it must not exit 1, print no stack trace, say
 * what is wrong in one bounded line naming a fix, and a refused run changes no file. Nothing may
 * reach the network ({@link NoNetwork}: a valid host name among the values is stopped, not
 * contacted).
 */
class InputSweepTest {

  /**
   * Where the clones live: in memory when the machine has /dev/shm (thousands of runs write, and
   * restore a clone after each that succeeded; on a disk that is most of the sweep's time).
   */
  static Path root;
  static Path template;
  static Map<String, String> before;
  static NoNetwork guard;

  /** The registry every command line names: nothing listens on port 1. */
  static final String REGISTRY = "127.0.0.1:1/ack";

  /** The clones of a world, by placeholder: a workspace with s3-controller, its next commit, ACK's umbrella chart. */
  static final List<String> CLONES = List.of("ws", "next", "chart");

  /** Each command's otherwise valid command line; {placeholders} are the case's clones and directory. */
  static final Map<String, Baseline> BASELINES = new LinkedHashMap<>();

  static {
    baseline("build-artifacts", List.of("ws"), List.of("v1.0.1"), "--service", "s3", "--controller-dir", "{ws}/s3-controller",
        "--image-repository", REGISTRY + "/s3-controller");
    baseline("prepare", List.of("ws"), List.of("v1.0.1"), "--service", "s3", "--controller-dir", "{ws}/s3-controller",
        "--image-repository", REGISTRY + "/s3-controller", "--branch", "release-v1.0.1");
    baseline("tag", List.of("next"), List.of("v1.0.1"), "--controller-dir", "{next}/s3-controller", "--dry-run", null,
        "--remote", "origin");
    baseline("publish", List.of(), List.of(), "--controller-dir", "{ws}/s3-controller", "--registry", REGISTRY, "--cache-dir",
        "{cache}", "--base-image", "scratch", "--platforms", "linux/amd64,linux/arm64", "--image-user", "1000",
        "--main-package", "./cmd/controller", "--mode", "release", "--retry-timeout", "5s", "--request-timeout", "5s");
    baseline("plan", List.of(), List.of(), "--controller-dir", "{ws}/s3-controller", "--registry", REGISTRY, "--cache-dir",
        "{cache}", "--base-image", "scratch", "--platforms", "linux/amd64", "--image-user", "1000", "--mode", "auto");
    baseline("verify", List.of(), List.of("v1.0.0"), "--service", "s3", "--registry", REGISTRY,
        "--controller-dir", "{ws}/s3-controller", "--platforms", "linux/amd64,linux/arm64", "--retry-timeout", "5s");
    baseline("await", List.of(), List.of("v1.0.0"), "--service", "s3", "--registry", REGISTRY, "--timeout", "1s",
        "--platforms", "linux/amd64");
    baseline("umbrella", List.of("chart"), List.of(), "--chart-dir", "{chart}", "--workspace", "{ws}", "--registry", REGISTRY,
        "--await-timeout", "1s", "--remote", "origin");
    baseline("ci prow", List.of(), List.of(), "--controllers", "s3,sns", "--image-version", "1.2.3");
    baseline("notes", List.of(), List.of("v1.0.0"), "--controller-dir", "{ws}/s3-controller", "--service", "s3", "--no-github",
        null);
    baseline("github-release", List.of(), List.of("v1.0.0"), "--controller-dir", "{ws}/s3-controller", "--service", "s3",
        "--registry", REGISTRY, "--github-api-url", "http://127.0.0.1:1", "--github-repo", "aws-controllers-k8s/s3-controller",
        "--platforms", "linux/amd64", "--retry-timeout", "5s");
    baseline("release-pr", List.of("next"), List.of(), "--service", "s3", "--controller-dir", "{next}/s3-controller", "--bump",
        "patch", "--github-api-url", "http://127.0.0.1:1", "--github-repo", "aws-controllers-k8s/s3-controller",
        "--image-repository", REGISTRY + "/s3-controller");
    baseline("config", List.of(), List.of("publish", "--controller-dir", "{ws}/s3-controller", "--registry", REGISTRY));
  }

  /** The environment of every run: no retries, Go kept off the network. */
  static final Map<String, String> ENV = Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1", "ACK_RELEASE_RETRY_DELAY_MS", "1",
      "GOPROXY", "off", "GOTOOLCHAIN", "local", "GOFLAGS", "-mod=mod", "GITHUB_TOKEN", "ghp_sweepTokenNotReal0000000000000000");

  /** Variables that name paths: their values go under the case's directory, never the working directory. */
  static final List<String> PATH_VARIABLES = List.of("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "GITHUB_STEP_SUMMARY",
      "DOCKER_CONFIG", "GOCACHE", "GOPATH", "GOENV", "GOROOT");

  /**
   * The template world: s3-controller released at v1.0.0 (its artifacts on 127.0.0.1:1/ack), a
   * clone one commit ahead carrying v1.0.1 (for tag), and ACK's umbrella chart.
   */
  @BeforeAll
  static void worlds() throws IOException {
    Path shm = Path.of("/dev/shm");
    root = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
        : Path.of(System.getProperty("java.io.tmpdir")), "input-sweep").toRealPath();
    template = root.resolve("template");
    GitFixture repo = SampleController.create(template.resolve("ws"), "s3");
    ok(Cli.run("prepare", "v1.0.0", "--service", "s3", "--controller-dir", repo.dir().toString(),
        "--image-repository", REGISTRY + "/s3-controller", "-q"));
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-v1.0.0");
    repo.git("branch", "-D", "release-v1.0.0");
    ok(Cli.run("tag", "v1.0.0", "--controller-dir", repo.dir().toString(), "-q"));
    Path next = Trees.copy(repo.dir(), template.resolve("next/s3-controller"), true);
    ok(Cli.run("build-artifacts", "--service", "s3", "--controller-dir", next.toString(), "v1.0.1",
        "--image-repository", REGISTRY + "/s3-controller", "-q"));
    git(next, "-c", "user.name=Release Bot", "-c", "user.email=bot@example.com", "commit", "-q", "-a", "-m",
        "Release artifacts for release v1.0.1");
    // release-pr pushes its branch: to a bare remote outside the template, which the runs may change.
    Path remote = root.resolve("remote/s3-controller.git");
    git(root, "init", "-q", "--bare", remote.toString());
    git(next, "remote", "add", "origin", remote.toString());
    GitFixture chart = GitFixture.init(template.resolve("chart"));
    for (String f : List.of("Chart.yaml", "Chart.lock", "values.yaml")) {
      Files.writeString(chart.dir().resolve(f), Files.readString(Path.of("src/test/resources/ack-chart").resolve(f))
          .replace("oci://public.ecr.aws/aws-controllers-k8s", "oci://" + REGISTRY));
    }
    // s3-chart below the world's s3 v1.0.0 (ACK's is at 1.10.0, which umbrella would keep: it never downgrades), so
    // umbrella has an update to make and gets as far as the registry; the lock as helm dependency update leaves it.
    Path chartYaml = chart.dir().resolve("Chart.yaml");
    String yaml = Files.readString(chartYaml);
    String s3 = "  - name: s3-chart\n    alias: s3\n    version: 1.10.0\n";
    assertTrue(yaml.contains(s3), "the fixture's s3-chart");
    Files.writeString(chartYaml, yaml.replace(s3, s3.replace("1.10.0", "0.9.0")));
    Files.write(chart.dir().resolve("Chart.lock"), ChartLock.write(Files.readAllBytes(chartYaml),
        Instant.parse("2026-08-21T19:16:32.288354066Z")));
    chart.commit("ack-chart");
    before = snapshot(template);
    guard = NoNetwork.install();
  }

  /**
   * The template is as it was: the commands that share it wrote nothing there, and no run changed
   * a git object in place (the copies link the template's objects, see {@link Trees#copy}).
   */
  @AfterAll
  static void unchanged() throws IOException {
    if (guard != null) {
      guard.close();
      System.out.println("hosts the sweep's values named and the guard kept it from: " + guard.refused());
    }
    Secrets.clear();
    try {
      assertEquals(before, snapshot(template), "the runs that share the template world left it as it was");
    } finally {
      Trees.delete(root);
    }
  }

  static void ok(CliRun run) {
    assertEquals(0, run.exitCode(), run::toString);
  }

  static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, Hermetic.env(Map.of()), 60).assertOk().stdout().strip();
  }

  // ---------------------------------------------------------------- the values

  /** A generated value: what it is, and its text. */
  record Value(String label, String text) {}

  /** Malformed values for any option, argument or variable. */
  static List<Value> generic() {
    return List.of(
        new Value("empty", ""),
        new Value("1 char", "x"),
        new Value("255 chars", "a".repeat(255)),
        new Value("256 chars", "a".repeat(256)),
        new Value("4096 chars", "b".repeat(4096)),
        new Value("100k chars", "c".repeat(100_000)),
        new Value("NUL", "a\0b"),
        new Value("invalid UTF-8 as the JVM decodes it", "\uFFFD\uFFFD"),
        new Value("control characters", "\u001b[31mred\u0007\r\u007f"),
        new Value("newline", "line\nbreak"),
        new Value("RTL override", "\u202Ev1.0.1"),
        new Value("RTL mark", "\u200F"),
        new Value("full-width digit", "１"),
        new Value("blank", "  "),
        new Value("a dash", "-"),
        new Value("int + 1", "2147483648"),
        new Value("long + 1", "9223372036854775808"),
        new Value("20 nines", "99999999999999999999"),
        new Value("minus one", "-1"),
        new Value("zero", "0"));
  }

  /** The command's own good value, mangled. */
  static List<Value> mangled(String good) {
    if (good == null || good.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Value("leading space", " " + good),
        new Value("trailing space", good + " "),
        new Value("trailing NUL", good + "\0"),
        new Value("full-width digits", good.chars().collect(StringBuilder::new,
            (b, c) -> b.append(c >= '0' && c <= '9' ? (char) ('０' + c - '0') : (char) c), StringBuilder::append).toString()),
        new Value("RTL mark inside", good.substring(0, good.length() / 2) + "\u200F" + good.substring(good.length() / 2)),
        new Value("4096 more", good + "d".repeat(4096)),
        new Value("upper case", good.toUpperCase(Locale.ROOT)));
  }

  // ---------------------------------------------------------------- the sweeps

  @TestFactory
  Stream<DynamicTest> everyOptionAndArgumentOfEveryCommand() {
    List<DynamicTest> tests = new ArrayList<>();
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertEquals(new TreeSet<>(BASELINES.keySet()), new TreeSet<>(leaves(cli, "")), "every command has a command line here");
    for (Baseline base : BASELINES.values()) {
      CommandSpec spec = command(cli, base.command()).getCommandSpec();
      for (OptionSpec option : spec.options()) {
        String name = option.longestName();
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        if (option.arity().max() == 0) {
          tests.add(sweep(base, name + " given", base.with(name, null), template));
          for (Value v : List.of(new Value("a value", "x"), new Value("full-width", "１"), new Value("empty", ""))) {
            tests.add(sweep(base, name + "=" + v.label(), base.without(name).plus(name + "=" + v.text()), template));
          }
          continue;
        }
        List<Value> values = new ArrayList<>(generic());
        values.addAll(mangled(base.options().get(name)));
        for (Value v : values) {
          // A path goes under the case's directory: a relative one would land in the working directory.
          String text = option.type() == Path.class ? "{case}/" + v.text() : v.text();
          tests.add(sweep(base, name + " " + v.label(), base.with(name, text), template));
        }
      }
      for (PositionalParamSpec positional : spec.positionalParameters()) {
        int index = positional.index().min();
        List<Value> values = new ArrayList<>(generic());
        values.addAll(mangled(base.positionals().get(index)));
        for (Value v : values) {
          tests.add(sweep(base, positional.paramLabel() + " " + v.label(), base.withPositional(index, v.text()), template));
        }
      }
    }
    return tests.stream();
  }

  /** Sharp values for the commands other than publish, which takes every variable with every value. */
  static final List<String> SHARP = List.of("empty", "100k chars", "NUL", "full-width digit");

  @TestFactory
  Stream<DynamicTest> everyVariableTheSourcesRead() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String variable : variables()) {
      for (Baseline base : BASELINES.values()) {
        for (Value v : generic()) {
          if (base.command().equals("publish") || SHARP.contains(v.label())) {
            String text = PATH_VARIABLES.contains(variable) ? "{case}/" + v.text() : v.text();
            tests.add(sweep(base, variable + " " + v.label(), base.args().env(variable, text), template));
          }
        }
      }
    }
    return tests.stream();
  }

  /**
   * Every option of every command from its variable ACK_RELEASE_<OPTION>, and from its key in
   * .ack-release.yaml, instead of the command line (issue 21): a value from outside is checked as
   * a flag's is, so the same malformed values end the same way (never exit 1). The file is tried
   * where the command line names the clone it works on (await and ci prow read the working
   * directory's, the repository's own: SettingsTest and SettingsIT cover them).
   */
  @TestFactory
  Stream<DynamicTest> everyOptionFromItsVariableAndFromTheFile() {
    List<DynamicTest> tests = new ArrayList<>();
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (Baseline base : BASELINES.values()) {
      boolean located = base.args().argv().stream().anyMatch(a -> a.startsWith("--controller-dir=") || a.startsWith("--chart-dir="));
      for (OptionSpec option : command(cli, base.command()).getCommandSpec().options()) {
        if (!SettingsProvider.settable(option)) {
          continue;
        }
        String name = option.longestName();
        String key = SettingsProvider.key(option);
        List<Value> values = new ArrayList<>(generic().stream().filter(v -> SHARP.contains(v.label())).toList());
        // A flag set true: but stacktrace true asks for the trace the sweep's rules forbid (the option sweep gives it too).
        values.addAll(option.arity().max() > 0 ? mangled(base.options().get(name)) : key.equals("stacktrace")
            ? List.of(new Value("a word", "x")) : List.of(new Value("true", "true"), new Value("a word", "x")));
        for (Value v : values) {
          String text = option.type() == Path.class ? "{case}/" + v.text() : v.text();
          tests.add(sweep(base, Settings.variable(key) + " " + v.label(), base.without(name).env(Settings.variable(key), text),
              template));
          if (located && !SettingsProvider.LOCATING.contains(key)) {
            tests.add(sweep(base, key + " in .ack-release.yaml " + v.label(),
                base.without(name).settings("# swept\n" + key + ": " + yamlQuoted(text) + "\n"), template));
          }
        }
      }
    }
    return tests.stream();
  }

  /**
   * Every option that names a file or directory, of every command, refuses a name the JVM could
   * not decode (U+FFFD: RawBytesIT makes it from real bytes) with exit 2, saying so, before
   * anything runs: not written back as another name (PathConverter, registered for every Path
   * option; a new one is checked without a line here).
   */
  @TestFactory
  Stream<DynamicTest> everyPathOptionRefusesANameTheJvmCouldNotDecode() {
    List<DynamicTest> tests = new ArrayList<>();
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (Baseline base : BASELINES.values()) {
      for (OptionSpec option : command(cli, base.command()).getCommandSpec().options()) {
        if (option.type() != Path.class) {
          continue;
        }
        String name = option.longestName();
        tests.add(DynamicTest.dynamicTest(base.command() + " " + name, () -> {
          Path caseDir = Files.createDirectories(root.resolve("undecoded"));
          try {
            Args args = base.with(name, "{case}/\uFFFD.x").resolve(base.clones(template), caseDir);
            StringWriter err = new StringWriter();
            int code = Main.run(args.argv().toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), Hermetic.env(ENV));
            assertEquals(2, code, err::toString);
            assertTrue(err.toString().startsWith("error: Invalid value for option '" + name + "': '" + caseDir + "/\uFFFD.x'"
                + " is not valid "), err::toString);
            try (Stream<Path> made = Files.list(caseDir)) {
              assertEquals(List.of(), made.toList(), "nothing was made");
            }
          } finally {
            Trees.delete(caseDir);
          }
        }));
      }
    }
    assertTrue(tests.size() >= 10, "the Path options found: " + tests.size());
    return tests.stream();
  }

  /** The sweep's file is where each command line reads it: a bad value there stops the run, naming the file. */
  @Test
  void theSweptSettingsFileIsTheOneEachCommandReads() throws IOException {
    for (Baseline base : BASELINES.values()) {
      Args args = base.without("--stacktrace").settings("stacktrace: sometimes\n");
      if (args.argv().stream().noneMatch(a -> a.startsWith("--controller-dir=") || a.startsWith("--chart-dir="))) {
        continue;
      }
      Path caseDir = Files.createDirectories(root.resolve("settings-read"));
      Args resolved = args.resolve(base.clones(template), caseDir);
      Path file = settingsFile(resolved.argv());
      Files.writeString(file, resolved.settings());
      StringWriter err = new StringWriter();
      int code;
      try {
        code = Main.run(resolved.argv().toArray(String[]::new), new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true), Hermetic.env(ENV));
      } finally {
        Files.delete(file);
      }
      assertEquals(2, code, base.command() + ": " + err);
      assertTrue(err.toString().startsWith("error: " + file + ":1: stacktrace: Invalid value for option '--stacktrace'"),
          base.command() + ": " + err);
    }
  }

  /** Each command on clones whose refs git allows but no release makes. */
  @TestFactory
  Stream<DynamicTest> everyCommandOnOddRefs() throws IOException {
    Map<String, List<String>> odd = new LinkedHashMap<>();
    odd.put("a release tag on a tree", List.of("tag v1.0.5 HEAD^{tree}"));
    odd.put("a release tag on a blob", List.of("tag v1.0.6 HEAD:Chart.yaml", "tag v1.0.6 HEAD:go.mod"));
    odd.put("an annotated tag on a tag on a tree", List.of("tag v1.0.5 HEAD^{tree}", "tag -a -m x v1.0.7 v1.0.5"));
    odd.put("a release tag past int", List.of("tag v1.0.2147483648 HEAD"));
    odd.put("a release tag past long", List.of("tag v1.99999999999999999999.0 HEAD"));
    odd.put("a tag of full-width digits", List.of("tag v１.０.２ HEAD"));
    odd.put("a tag with a RTL override", List.of("tag v1.0.1\u202E HEAD"));
    odd.put("a branch of 250 characters", List.of("branch " + "b".repeat(250) + " HEAD"));
    odd.put("a branch named like a release tag", List.of("branch v1.0.1 HEAD"));
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : odd.entrySet()) {
      Path world = Trees.copy(template, root.resolve("odd").resolve(Integer.toString(tests.size())), true);
      for (Path clone : List.of(world.resolve("ws/s3-controller"), world.resolve("next/s3-controller"), world.resolve("chart"))) {
        for (String command : e.getValue()) {
          // A blob of the clone: Chart.yaml in the umbrella chart, go.mod in a controller.
          if (!command.contains(":") || Files.exists(clone.resolve(command.substring(command.indexOf(':') + 1)))) {
            List<String> args = new ArrayList<>(List.of("-c", "user.name=Bot", "-c", "user.email=bot@example.com"));
            args.addAll(List.of(command.split(" ")));
            git(clone, args.toArray(String[]::new));
          }
        }
      }
      for (Baseline base : BASELINES.values()) {
        tests.add(sweep(base, "on " + e.getKey(), base.args(), world));
      }
    }
    return tests.stream();
  }

  /** The guard this sweep relies on: a name look-up or connection beyond loopback is stopped, loopback is not. */
  @Test
  void theGuardKeepsEveryRunOffTheNetwork() throws IOException {
    SecurityException e = assertThrows(SecurityException.class,
        () -> InetAddress.getByName("registry.example.com"));
    assertTrue(e.getMessage().startsWith(NoNetwork.MARK), e.getMessage());
    assertThrows(SecurityException.class,
        () -> new Socket().connect(new InetSocketAddress("192.0.2.1", 443), 1000));
    try (Socket loopback = new Socket()) {
      assertThrows(ConnectException.class,
          () -> loopback.connect(new InetSocketAddress("127.0.0.1", 1), 1000));
    }
    CliRun run = Cli.run("verify", "--service", "s3", "v1.0.0", "--registry", "registry.example.com/ack");
    assertTrue(run.exitCode() != 0, run::toString);
    assertTrue(run.errorLine().contains(NoNetwork.MARK + "registry.example.com"), run::toString);
  }

  @Test
  void theTopLevelTakesNoMalformedCommandOrOption() {
    for (Value v : generic()) {
      check("command " + v.label(), List.of(v.text()), Map.of(), root);
      check("option " + v.label(), List.of("--" + v.text()), Map.of(), root);
      check("--version=" + v.label(), List.of("--version=" + v.text()), Map.of(), root);
    }
  }

  /**
   * Each command line, unchanged, gets as far as it can without a network: the ones that read
   * the registry to 127.0.0.1:1, the others to success. So a swept value that is accepted has
   * passed every check before that point (a sweep from a line that failed early would test nothing).
   */
  @Test
  void everyCommandLineGetsAsFarAsItCan() throws IOException {
    Map<String, Integer> exits = new LinkedHashMap<>();
    for (Baseline base : BASELINES.values()) {
      Path caseDir = Files.createDirectories(root.resolve("baseline").resolve(base.command()));
      Args args = base.args().resolve(base.clones(template), caseDir);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(args.argv().toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true),
          Hermetic.env(ENV));
      for (String clone : base.writes()) {
        restore(template, base.command(), clone);
      }
      exits.put(base.command(), code);
      if (code == 4) {
        assertTrue(err.toString().contains("error: cannot connect to 127.0.0.1:1 during look-up of 127.0.0.1:1/ack/s3-")
            || err.toString().contains("on http://127.0.0.1:1 failed (ConnectException)"), base.command() + ": " + err);
      }
    }
    Map<String, Integer> expected = new TreeMap<>(Map.of("build-artifacts", 0, "prepare", 0, "tag", 0, "publish", 4,
        "plan", 4, "verify", 4, "await", 4, "umbrella", 4));
    expected.putAll(Map.of("ci prow", 0, "notes", 0, "github-release", 4, "release-pr", 4, "config", 0));
    assertEquals(expected, new TreeMap<>(exits));
  }

  /** The environment variables the sources read: every ACK_RELEASE_* name, and every name passed to a get. */
  static TreeSet<String> variables() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    Pattern ack = Pattern.compile("\"(ACK_RELEASE_[A-Z0-9_]*[A-Z0-9])\"");
    Pattern read = Pattern.compile("(?:get|getOrDefault|containsKey)\\(\"([A-Z][A-Z0-9_]+)\"");
    for (String dir : List.of("cli", "release-steps")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String source = Files.readString(f);
          for (Pattern p : List.of(ack, read)) {
            Matcher m = p.matcher(source);
            while (m.find()) {
              names.add(m.group(1));
            }
          }
        }
      }
    }
    names.remove("PATH"); // the harness's own: without it there is no git or go to run
    assertTrue(names.containsAll(List.of("ACK_RELEASE_REGISTRY", "ACK_RELEASE_RETRY_ATTEMPTS", "GITHUB_STEP_SUMMARY", "HOME")),
        names::toString);
    return names;
  }

  /** The commands that run something ({@code ci prow}, not {@code ci}), as typed after ack-release. */
  static List<String> leaves(CommandLine cli, String prefix) {
    List<String> leaves = new ArrayList<>();
    cli.getSubcommands().forEach((name, sub) -> {
      if (Main.ABOUT_COMMANDS.contains(name)) {
        return;
      }
      String path = prefix.isEmpty() ? name : prefix + " " + name;
      if (sub.getSubcommands().isEmpty()) {
        leaves.add(path);
      } else {
        leaves.addAll(leaves(sub, path));
      }
    });
    return leaves;
  }

  static CommandLine command(CommandLine cli, String path) {
    CommandLine c = cli;
    for (String name : path.split(" ")) {
      c = c.getSubcommands().get(name);
    }
    return c;
  }

  // ---------------------------------------------------------------- running one case

  /** A command line: its options (null: a flag), positional parameters, and the clones it may change. */
  record Baseline(String command, Map<String, String> options, List<String> positionals, List<String> writes) {

    Args args() {
      return build(options, positionals);
    }

    /** With option {@code name} set to {@code value} (null: given as a flag). */
    Args with(String name, String value) {
      Map<String, String> o = new LinkedHashMap<>(options);
      o.remove(name);
      o.put(name, value);
      return build(o, positionals);
    }

    Args without(String name) {
      Map<String, String> o = new LinkedHashMap<>(options);
      o.remove(name);
      return build(o, positionals);
    }

    Args withPositional(int index, String value) {
      List<String> p = new ArrayList<>(positionals);
      p.set(index, value);
      return build(options, p);
    }

    private Args build(Map<String, String> o, List<String> p) {
      List<String> argv = new ArrayList<>(List.of(command.split(" ")));
      o.forEach((name, value) -> argv.add(value == null ? name : name + "=" + value));
      if (!p.isEmpty()) {
        argv.add("--");
        argv.addAll(p);
      }
      return new Args(argv, Map.of(), null);
    }

    /** The clones of {@code world} for a run: the command's own copy of each one it may change ({@link #copy}). */
    Map<String, Path> clones(Path world) throws IOException {
      Map<String, Path> clones = new LinkedHashMap<>();
      for (String clone : CLONES) {
        clones.put(clone, writes.contains(clone) ? copy(world, command, clone) : world.resolve(clone));
      }
      return clones;
    }
  }

  static void baseline(String command, List<String> writes, List<String> positionals, String... options) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    BASELINES.put(command, new Baseline(command, map, positionals, writes));
  }

  /** Arguments, extra environment and .ack-release.yaml's text (null: no file), with {placeholders}. */
  record Args(List<String> argv, Map<String, String> env, String settings) {

    /** With {@code token} added before the positional parameters. */
    Args plus(String token) {
      List<String> a = new ArrayList<>(argv);
      int end = a.indexOf("--");
      a.add(end < 0 ? a.size() : end, token);
      return new Args(a, env, settings);
    }

    Args env(String name, String value) {
      Map<String, String> e = new LinkedHashMap<>(env);
      e.put(name, value);
      return new Args(argv, e, settings);
    }

    /** With .ack-release.yaml holding {@code text}, in the workspace root of the clone the command works on. */
    Args settings(String text) {
      return new Args(argv, env, text);
    }

    /** With the placeholders replaced: a clone's name by its directory, {case} by the case's directory, {cache} by the shared cache. */
    Args resolve(Map<String, Path> clones, Path caseDir) {
      Map<String, String> e = new LinkedHashMap<>();
      env.forEach((k, v) -> e.put(k, place(v, clones, caseDir)));
      return new Args(argv.stream().map(a -> place(a, clones, caseDir)).toList(), e,
          settings == null ? null : place(settings, clones, caseDir));
    }

    private static String place(String text, Map<String, Path> clones, Path caseDir) {
      if (text.indexOf('{') < 0) {
        return text; // no placeholder: most values, the 100k-character ones too
      }
      String t = text.replace("{case}", caseDir.toString()).replace("{cache}", root.resolve("cache").toString());
      for (Map.Entry<String, Path> c : clones.entrySet()) {
        t = t.replace("{" + c.getKey() + "}", c.getValue().toString());
      }
      return t;
    }
  }

  static DynamicTest sweep(Baseline base, String label, Args args, Path world) {
    return DynamicTest.dynamicTest(base.command() + " " + Echo.value(label), () -> {
      Path caseDir = Files.createDirectories(root.resolve("case"));
      Map<String, Path> clones = base.clones(world);
      Args resolved = args.resolve(clones, caseDir);
      List<String> changed = new ArrayList<>();
      int code;
      Path settings = resolved.settings() == null ? null : settingsFile(resolved.argv());
      try {
        if (settings != null) {
          Files.writeString(settings, resolved.settings());
        }
        code = check(base.command() + " " + label, resolved.argv(), resolved.env(), caseDir);
      } finally {
        if (settings != null) {
          Files.deleteIfExists(settings);
        }
        for (String clone : base.writes()) {
          if (!snapshot(clones.get(clone)).equals(PRISTINE.get(clones.get(clone)))) {
            changed.add(clone);
            restore(world, base.command(), clone);
          }
        }
        Trees.delete(caseDir);
      }
      assertTrue(code == 0 || changed.isEmpty(), () -> base.command() + " " + Echo.value(label) + ": exit " + code
          + ", yet it changed " + changed + ": a refused run changes no file");
    });
  }

  /**
   * Where a command line's settings file goes: the workspace root of the clone it works on (the
   * parent of --controller-dir or --chart-dir), outside the clone, so the clone and its tree stay as they were.
   */
  static Path settingsFile(List<String> argv) {
    for (String a : argv) {
      for (String option : List.of("--controller-dir=", "--chart-dir=")) {
        if (a.startsWith(option)) {
          return Path.of(a.substring(option.length())).getParent().resolve(".ack-release.yaml");
        }
      }
    }
    throw new IllegalStateException("no directory in " + argv);
  }

  /** {@code text} as a YAML double-quoted scalar: what YAML would not take as it is, escaped. */
  static String yamlQuoted(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The copies of clones that commands may change, and what each holds untouched. */
  static final Map<Path, Map<String, String>> PRISTINE = new LinkedHashMap<>();

  /**
   * {@code command}'s own copy of {@code clone} in {@code world}, made once: a run that leaves it
   * as it was (every refused one) costs no copy; one that changed it is followed by {@link #restore}.
   */
  static Path copy(Path world, String command, String clone) throws IOException {
    Path dir = root.resolve("work").resolve(root.relativize(world).toString().replace('/', '-')).resolve(command).resolve(clone);
    if (!PRISTINE.containsKey(dir)) {
      Trees.copy(world.resolve(clone), dir, true);
      PRISTINE.put(dir, snapshot(dir));
    }
    return dir;
  }

  static void restore(Path world, String command, String clone) throws IOException {
    Path dir = copy(world, command, clone);
    Trees.delete(dir);
    PRISTINE.remove(dir);
    copy(world, command, clone);
  }

  /** Runs one command line in process and checks the rules every run keeps; returns its exit code. */
  static int check(String name, List<String> argv, Map<String, String> extraEnv, Path caseDir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new LinkedHashMap<>(ENV);
    env.putAll(extraEnv);
    int code;
    try {
      code = Main.run(argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), Hermetic.env(env));
    } finally {
      Secrets.clear(); // a value given as a secret is not one in the next case
    }
    CliRun run = new CliRun(code, out.toString(), err.toString());
    String shown = Echo.value(name) + ": " + Echo.cut(run.toString(), 6000);
    List<String> errors = run.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
    // A value that is a valid host name gets as far as a connection: the guard stops it there.
    boolean network = errors.size() == 1 && errors.get(0).contains(NoNetwork.MARK);
    if (code == 1 && !network) {
      fail("exit 1 (a bug: no input may cause it): " + shown);
    }
    for (String line : run.errLines()) {
      assertTrue(line.length() <= Echo.LINE_MAX, () -> "a line of " + line.length() + " characters: " + shown);
    }
    if (argv.contains("--stacktrace")) {
      return code; // asked for: the trace follows the error line
    }
    assertTrue(!run.err().contains("\tat ") && !QUALIFIED_EXCEPTION.matcher(network ? "" : run.err()).find(),
        () -> "a stack trace or an exception's class: " + shown);
    if (code != 0) {
      assertEquals(1, errors.size(), () -> "exactly one error line: " + shown);
      assertEquals(errors.get(0), run.errorLine(), () -> "the error is the last line: " + shown);
      assertTrue(errors.get(0).matches("error: .+: .+"), () -> "the line names the problem, then the fix: " + shown);
    }
    return code;
  }

  static final Pattern QUALIFIED_EXCEPTION = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b");

  // ---------------------------------------------------------------- files

  /** Every file and directory under {@code dir} with its size and modification time. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        } else {
          files.put(dir.relativize(p) + "/", "");
        }
      }
    }
    return files;
  }
}
