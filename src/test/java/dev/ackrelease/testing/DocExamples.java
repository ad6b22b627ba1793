package dev.ackrelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The examples in the docs, produced by running them. A {@code ```console} block right under
 * {@code <!-- example: NAME -->} in README.md or docs/*.md holds command lines ({@code $ ...},
 * optionally ending in {@code # exit N}, the exit code it must have) and their output; a fenced
 * block under {@code <!-- example-file: PATH -->} is a file the examples read (PATH relative to
 * the sample clone). This runs every example, in {@link #ORDER}, against a local registry
 * ({@code scripts/registry} on {@value #REGISTRY}) and the sample controller s3 in a workspace
 * {@code ~/ack}: the files are written from the docs, the clone is committed at fixed times, each
 * command runs with the built jar in the clone, and its stdout (and the error line of a failing
 * command) replaces the block's output, normalised: the workspace is {@code ~/ack}, durations
 * {@value #SECONDS}. The registry's address is in the release artifacts, so it is fixed too: with
 * the commit times, the image and the chart have the same digests on every run (one run at a time
 * on a machine: they take a lock).
 * {@code scripts/doc-examples} writes the result; {@code DocExamplesIT} fails when it differs.
 */
public final class DocExamples {

  /** The examples, in the order they run: each one's state is what those before it left. */
  public static final List<String> ORDER = List.of("config", "tag", "tag-refused", "build-artifacts-check", "plan", "publish-dry-run", "publish",
      "publish-json", "verify", "await", "verify-missing", "json-error");

  /** The registry the examples publish to. */
  static final String REGISTRY = "127.0.0.1:5000";
  static final int PORT = 5000;
  /** Every duration the docs show. */
  static final String SECONDS = "0.5";
  /** The commit times of the sample: fixed, so a run builds the same bytes as the last. */
  static final List<String> TIMES = List.of("2025-01-06T10:00:00Z", "2025-01-07T10:00:00Z");

  /** A mark: alone on its line. */
  static final Pattern MARK = Pattern.compile("(?m)^<!-- example(-file)?: ([^ ]+) -->$");

  /** One marked block: where it is, its name (or file path), and the text between its fences. */
  record Block(Path doc, String name, boolean file, int start, int end, String body) {}

  private DocExamples() {}

  /**
   * {@code DocExamples [--check]}: rewrites the examples in the docs under the working directory, or only says which
   * differ ({@link DocExamplesCheck}).
   */
  public static void main(String[] args) throws Exception {
    boolean check = args.length > 0 && args[0].equals("--check");
    Path root = Path.of("").toAbsolutePath();
    if (System.getProperty("ack.release.jar") == null) {
      System.setProperty("ack.release.jar", root.resolve("target/ack-release.jar").toString()); // the commands run in the clone
    }
    System.exit(DocExamplesCheck.finish(check, root, generate(root), System.out, System.err));
  }

  /** Every doc with examples, as it reads with the output of running them now. */
  public static Map<Path, String> generate(Path root) throws IOException {
    List<Block> blocks = blocks(root);
    Map<String, Block> examples = new LinkedHashMap<>();
    List<Block> files = new ArrayList<>();
    for (Block b : blocks) {
      if (b.file()) {
        files.add(b);
      } else if (!ORDER.contains(b.name())) {
        throw new IllegalStateException(b.doc() + ": example '" + b.name() + "' is not in DocExamples.ORDER: add it there");
      } else if (examples.put(b.name(), b) != null) {
        throw new IllegalStateException(b.doc() + ": example '" + b.name() + "' is marked twice");
      }
    }
    List<String> missing = ORDER.stream().filter(n -> !examples.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("DocExamples.ORDER names examples no doc marks: " + missing);
    }
    Map<Block, String> bodies = new LinkedHashMap<>();
    Path tmp = Files.createTempDirectory("ack-release-doc-examples");
    try (FileChannel lockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "ack-release-doc-examples.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lockFile.lock(); // released when the channel closes: one run at a time holds 127.0.0.1:5000
      try (RegistryServer registry = RegistryServer.plain(tmp.resolve("registry"), PORT)) {
        Sample sample = new Sample(tmp, root);
        sample.create(files);
        for (String name : ORDER) {
          Block b = examples.get(name);
          long start = System.nanoTime();
          bodies.put(b, sample.run(b));
          System.err.printf("example %s (%s): %.1f s%n", name, root.relativize(b.doc()), (System.nanoTime() - start) / 1e9);
        }
      }
    } finally {
      Trees.delete(tmp);
    }
    Map<Path, String> docs = new TreeMap<>();
    for (Block b : blocks) {
      docs.computeIfAbsent(b.doc(), DocExamples::read);
    }
    // Replace from the end of each doc so the offsets of the blocks before stay right.
    List<Block> replaced = new ArrayList<>(bodies.keySet());
    replaced.sort((a, b) -> Integer.compare(b.start(), a.start()));
    for (Block b : replaced) {
      String text = docs.get(b.doc());
      docs.put(b.doc(), text.substring(0, b.start()) + bodies.get(b) + text.substring(b.end()));
    }
    return docs;
  }

  /** The marked blocks of README.md and docs/**.md. */
  static List<Block> blocks(Path root) throws IOException {
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path doc : docs) {
      blocks.addAll(blocks(doc, read(doc)));
    }
    return blocks;
  }

  /** The marked blocks of {@code text}, the doc {@code doc}. */
  static List<Block> blocks(Path doc, String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = MARK.matcher(text);
    while (m.find()) {
      int open = m.end() + 1;
      int bodyStart = text.indexOf('\n', open) + 1;
      String fence = text.substring(open, bodyStart - 1);
      if (!fence.startsWith("```") || (m.group(1) == null && !fence.equals("```console"))) {
        throw new IllegalStateException(doc + ": " + m.group() + " must be followed by a fenced block"
            + (m.group(1) == null ? " ```console" : ""));
      }
      int bodyEnd = text.indexOf("\n```\n", bodyStart - 1) + 1;
      if (bodyEnd <= 0) {
        throw new IllegalStateException(doc + ": the block of " + m.group() + " is not closed");
      }
      blocks.add(new Block(doc, m.group(2), m.group(1) != null, bodyStart, bodyEnd, text.substring(bodyStart, bodyEnd)));
    }
    return blocks;
  }

  static String read(Path doc) {
    try {
      return Files.readString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The workspace ~/ack with the sample s3 controller, released against one registry. */
  static final class Sample {
    private final Path ws;
    private final Path clone;
    private final Path home;
    private final Path goCache;

    Sample(Path tmp, Path root) throws IOException {
      this.ws = tmp.resolve("ack");
      this.clone = ws.resolve("s3-controller");
      this.home = Files.createDirectories(tmp.resolve("home"));
      // Go's build cache outlives the run and is the one the unit tests fill building the same sample (Go's
      // cache is safe to share): in a full build, and on a second generation, nothing is compiled again.
      this.goCache = Files.createDirectories(root.resolve("target/test-caches/go/go-build"));
    }

    /** The sample, its settings files from the docs, committed at fixed times, with the v0.1.0 release artifacts. */
    void create(List<Block> files) throws IOException {
      SampleController.copyModule(clone, "s3");
      GitFixture.init(clone).close();
      for (Block f : files) {
        Path to = clone.resolve(f.name()).normalize();
        if (!to.startsWith(ws)) {
          throw new IllegalStateException(f.doc() + ": example-file " + f.name() + " is outside the workspace");
        }
        Files.writeString(to, f.body());
      }
      commit("Initial commit", TIMES.get(0));
      CliRun artifacts = ackRelease(List.of("build-artifacts", "v0.1.0", "--service", "s3", "--quiet"));
      if (artifacts.exitCode() != 0) {
        throw new IllegalStateException("build-artifacts failed: " + artifacts);
      }
      commit("Release artifacts for release v0.1.0", TIMES.get(1));
    }

    private void commit(String message, String time) {
      Map<String, String> env = Map.of("GIT_AUTHOR_DATE", time, "GIT_COMMITTER_DATE", time, "GIT_CONFIG_NOSYSTEM", "1",
          "HOME", home.toString());
      ProcessResult.run(List.of("git", "add", "-A"), clone.toFile(), env, 60).assertOk();
      ProcessResult.run(List.of("git", "commit", "-q", "-m", message), clone.toFile(), env, 60).assertOk();
    }

    /** Runs the block's commands; returns its new text. */
    String run(Block b) {
      StringBuilder out = new StringBuilder();
      for (String line : b.body().lines().toList()) {
        if (!line.startsWith("$ ")) {
          continue;
        }
        if (out.length() > 0) {
          out.append('\n');
        }
        String command = line.substring(2);
        Matcher exit = Pattern.compile("\\s+# exit (\\d+)$").matcher(command);
        int want = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
        String bare = exit.reset().replaceFirst("");
        CliRun run;
        if (bare.startsWith("ack-release ")) {
          run = ackRelease(words(denormalise(bare.substring("ack-release ".length()))));
        } else {
          ProcessResult r = ProcessResult.run(List.of("bash", "-c", denormalise(bare)), clone.toFile(),
              Map.of("HOME", home.toString()), 60);
          run = new CliRun(r.exitCode(), r.stdout(), r.stderr());
        }
        if (run.exitCode() != want) {
          throw new IllegalStateException(b.doc() + ": example '" + b.name() + "': " + bare + " exited " + run.exitCode()
              + ", not " + want + ": " + run);
        }
        out.append(line).append('\n').append(normalise(run.out()));
        if (want != 0) {
          out.append(normalise(run.errorLine())); // one line, ended by normalise
        }
      }
      return out.toString();
    }

    /**
     * ack-release run as the launcher {@code scripts/ack-release} runs it ({@link Jar#command}), in
     * the clone, with the hermetic environment of the tests, Go's build cache kept and no module proxy.
     */
    private CliRun ackRelease(List<String> args) {
      List<String> cmd = Jar.command(home, args.toArray(String[]::new));
      Map<String, String> env = Hermetic.env(Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1",
          "GOCACHE", goCache.toString(), "GOPROXY", "off"));
      ProcessResult r = ProcessResult.runIsolated(cmd, clone.toFile(), env, 300);
      return new CliRun(r.exitCode(), r.stdout(), r.stderr());
    }

    /** What varies from run to run, as the docs show it; tables are aligned again for the values they then show. */
    String normalise(String text) {
      return Tables.realign(text, this::normaliseValue);
    }

    private String normaliseValue(String heading, String text) {
      if ("SECONDS".equals(heading)) {
        return SECONDS;
      }
      return text.replace(ws.toString(), "~/ack")
          .replace(home.toString(), "~")
          .replaceAll("(\"seconds\" : )[0-9.]+", "$1" + SECONDS);
    }

    /** The docs' text as run here: the real workspace. */
    String denormalise(String text) {
      return text.replace("~/ack", ws.toString());
    }
  }

  /** The words of a command line, as the shell splits it (single and double quotes; no expansion). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
