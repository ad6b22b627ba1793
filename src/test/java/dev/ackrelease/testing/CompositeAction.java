package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a composite GitHub Action ({@code action.yml}, {@code runs.using: composite}) as the
 * Actions runner does, for the parts an action of this repository uses: each step's {@code if:},
 * {@code env:} and {@code run:} with {@code ${{ }}} expressions over the {@code inputs},
 * {@code steps.<id>.outputs}, {@code github} and {@code runner} contexts; {@code run} with the
 * runner's bash ({@code bash --noprofile --norc -eo pipefail}); {@code GITHUB_OUTPUT},
 * {@code GITHUB_PATH} and {@code GITHUB_ENV} read back after each step; the action's outputs.
 * {@code actions/cache} is modelled by {@link Cache}: a restore by key before, a save after the
 * job when the key missed. Any other {@code uses:}, or an expression beyond a context path or a
 * comparison with a string, fails the test, so a change to the action that this model does not
 * cover is noticed rather than skipped.
 */
public final class CompositeAction {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)*");
  private static final Pattern COMPARISON = Pattern.compile("(\\S+)\\s*(==|!=)\\s*'([^']*)'");

  private final JsonNode action;

  public CompositeAction(Path file) throws IOException {
    this.action = YAML.readTree(file.toFile());
  }

  public JsonNode definition() {
    return action;
  }

  /** What actions/cache keeps between jobs: directories by key. */
  public static final class Cache {
    private final Path store;
    private final Map<String, Path> entries = new HashMap<>();

    public Cache(Path store) {
      this.store = store;
    }

    public boolean has(String key) {
      return entries.containsKey(key);
    }
  }

  /**
   * One job's run of the action: the step that failed (or -1), its stderr and exit code, every
   * step's output, the action's outputs and what it added to PATH.
   */
  public record Run(int failedStep, String failedStderr, int exitCode, List<String> stdout, Map<String, String> outputs,
      List<String> path) {
    public boolean ok() {
      return failedStep < 0;
    }
  }

  /**
   * Runs the action's steps in {@code runner} (its RUNNER_TEMP and RUNNER_TOOL_CACHE live there)
   * with {@code inputs} (defaults from action.yml), the {@code github} context values given, and
   * {@code env} as the job's environment (on top of {@link Hermetic#env}).
   */
  public Run run(Map<String, String> inputs, Map<String, String> github, Map<String, String> env, Path runner, Cache cache)
      throws IOException {
    Map<String, String> context = new HashMap<>();
    action.path("inputs").properties().forEach(i -> context.put("inputs." + i.getKey(), i.getValue().path("default").asText("")));
    inputs.forEach((k, v) -> {
      if (!action.path("inputs").has(k)) {
        throw new AssertionError("action.yml has no input " + k);
      }
      context.put("inputs." + k, v);
    });
    github.forEach((k, v) -> context.put("github." + k, v));
    context.put("runner.os", "Linux");
    Map<String, String> jobEnv = new HashMap<>(env);
    jobEnv.put("RUNNER_TEMP", Files.createDirectories(runner.resolve("temp")).toString());
    jobEnv.put("RUNNER_TOOL_CACHE", Files.createDirectories(runner.resolve("tool-cache")).toString());
    List<String> addedPath = new ArrayList<>();
    List<String> stdout = new ArrayList<>();
    Map<String, String> toSave = new LinkedHashMap<>();
    JsonNode steps = action.path("runs").path("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      if (step.has("if") && !condition(step.get("if").asText(), context)) {
        stdout.add("");
        continue;
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      if (step.has("uses")) {
        cacheStep(step, context, cache, outputs, toSave);
        stdout.add("");
      } else {
        Path files = Files.createTempDirectory(runner, "step");
        Map<String, String> stepEnv = new HashMap<>(jobEnv);
        step.path("env").properties().forEach(e -> stepEnv.put(e.getKey(), substitute(e.getValue().asText(), context)));
        for (String f : List.of("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV")) {
          stepEnv.put(f, Files.createFile(files.resolve(f)).toString());
        }
        List<String> path = new ArrayList<>(addedPath);
        path.add(Hermetic.env(stepEnv).get("PATH"));
        stepEnv.put("PATH", String.join(":", path));
        ProcessResult r = ProcessResult.runIsolated(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
            substitute(step.get("run").asText(), context)), runner.toFile(), Hermetic.env(stepEnv), 300);
        stdout.add(r.stdout());
        if (r.exitCode() != 0) {
          return new Run(i, r.stderr(), r.exitCode(), stdout, Map.of(), addedPath);
        }
        outputs.putAll(keyValues(Files.readAllLines(files.resolve("GITHUB_OUTPUT"))));
        jobEnv.putAll(keyValues(Files.readAllLines(files.resolve("GITHUB_ENV"))));
        Files.readAllLines(files.resolve("GITHUB_PATH")).stream().filter(l -> !l.isBlank()).forEach(l -> addedPath.add(0, l));
      }
      String id = step.path("id").asText("");
      if (!id.isEmpty()) {
        outputs.forEach((k, v) -> context.put("steps." + id + ".outputs." + k, v));
      }
    }
    for (Map.Entry<String, String> save : toSave.entrySet()) {
      Path dir = Path.of(save.getValue());
      if (Files.isDirectory(dir)) {
        Path copy = cache.store.resolve("entry-" + cache.entries.size());
        copyTree(dir, copy);
        cache.entries.put(save.getKey(), copy);
      }
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    action.path("outputs").properties().forEach(o -> outputs.put(o.getKey(), substitute(o.getValue().path("value").asText(), context)));
    return new Run(-1, "", 0, stdout, outputs, addedPath);
  }

  /** actions/cache: restores {@code path} when {@code key} is cached ({@code cache-hit: 'true'}), else saves it after the job. */
  private static void cacheStep(JsonNode step, Map<String, String> context, Cache cache, Map<String, String> outputs,
      Map<String, String> toSave) throws IOException {
    String uses = step.get("uses").asText();
    if (!uses.startsWith("actions/cache@")) {
      throw new AssertionError("no model of " + uses + " here: add one to CompositeAction");
    }
    String key = substitute(step.path("with").path("key").asText(), context);
    Path path = Path.of(substitute(step.path("with").path("path").asText(), context));
    if (cache.has(key)) {
      copyTree(cache.entries.get(key), path);
      outputs.put("cache-hit", "true");
    } else {
      outputs.put("cache-hit", "false");
      toSave.put(key, path.toString());
    }
  }

  static boolean condition(String expression, Map<String, String> context) {
    String e = expression.strip();
    Matcher wrapped = EXPRESSION.matcher(e);
    if (wrapped.matches()) {
      e = wrapped.group(1);
    }
    Matcher comparison = COMPARISON.matcher(e);
    if (comparison.matches()) {
      boolean equal = value(comparison.group(1), context).equals(comparison.group(3));
      return comparison.group(2).equals("==") == equal;
    }
    return !value(e, context).isEmpty();
  }

  static String substitute(String text, Map<String, String> context) {
    Matcher m = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), context)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(String path, Map<String, String> context) {
    if (!PATH.matcher(path).matches()) {
      throw new AssertionError("no model of the expression '" + path + "' here: add one to CompositeAction");
    }
    if (path.startsWith("inputs.") && !context.containsKey(path)) {
      throw new AssertionError("the action reads an input it does not declare: " + path);
    }
    return context.getOrDefault(path, "");
  }

  private static Map<String, String> keyValues(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (line.contains("<<")) {
        throw new AssertionError("no model of multi-line values here: " + line);
      }
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
