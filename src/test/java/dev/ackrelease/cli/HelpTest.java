package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.testing.CliRun;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help that fits (issue 23, item 2): every help page, at 60 and at 200 columns, keeps each line
 * within the width (but for an example, or a word longer than a line, which stands alone), breaks
 * no URL, host:port, path or other word of its text; the exit codes are one page and every other
 * page points to it; each option shows its variable and default; each command has examples.
 */
class HelpTest {

  /** Every help page, as typed after ack-release: the top level's, each command's (groups too), the exit codes'. */
  static Map<String, List<String>> pages() {
    Map<String, List<String>> pages = new LinkedHashMap<>();
    pages.put("ack-release", List.of("--help"));
    pages.put("help exit-codes", List.of("help", HelpPages.EXIT_CODES));
    walk(root(), new ArrayList<>(), pages);
    return pages;
  }

  private static void walk(CommandLine cli, List<String> path, Map<String, List<String>> pages) {
    cli.getSubcommands().forEach((name, sub) -> {
      List<String> here = new ArrayList<>(path);
      here.add(name);
      List<String> args = new ArrayList<>(here);
      args.add("--help");
      pages.put(String.join(" ", here), args);
      walk(sub, here, pages);
    });
  }

  static CommandLine root() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return Main.commandLine(none, none);
  }

  static CommandSpec spec(String command) {
    CommandLine c = root();
    if (!command.equals("ack-release")) {
      for (String name : command.split(" ")) {
        c = c.getSubcommands().getOrDefault(name, c); // help exit-codes: help's
      }
    }
    return c.getCommandSpec();
  }

  static CliRun help(int columns, List<String> args) {
    CliRun run = Cli.runWith(Map.of("COLUMNS", Integer.toString(columns)), args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), () -> args + ": " + run);
    assertEquals("", run.err(), () -> args + ": " + run);
    return run;
  }

  /** The words of a page's own text that would show a break: those with a slash, a colon or a dot inside, or long ones. */
  static List<String> words(CommandSpec spec) {
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (OptionSpec o : HelpPages.visibleOptions(spec)) {
      texts.add(HelpPages.optionText(o));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      texts.addAll(List.of(p.description()));
    }
    List<String> words = new ArrayList<>();
    for (String text : texts) {
      for (String w : text.replace("%n", " ").replace('\u00a0', ' ').split("\\s+")) {
        if (w.matches(".*[/:.].*\\w.*") || w.length() >= 16) {
          words.add(w);
        }
      }
    }
    return words;
  }

  @Test
  void everyPageFitsSixtyAndTwoHundredColumnsAndBreaksNoWord() {
    Map<String, List<String>> pages = pages();
    assertTrue(pages.keySet().containsAll(List.of("publish", "ci", "ci prow", "completion", "help", "generate-completion")),
        pages::toString);
    for (int width : List.of(60, 200)) {
      for (Map.Entry<String, List<String>> page : pages.entrySet()) {
        String out = help(width, page.getValue()).out();
        String shown = page.getKey() + " at " + width + " columns:\n" + out;
        boolean example = false;
        for (String line : out.split("\n")) {
          example = line.isEmpty() ? false : example || line.equals("Examples:") || line.equals("The release, in order:");
          // Past the width: an example, printed as written, or one word too long for any line, alone after the indent.
          assertTrue(line.length() <= width || example || !line.strip().contains(" "), () -> "a line of "
              + line.length() + ": '" + line + "' in " + shown);
        }
        if (!page.getKey().equals("help exit-codes")) {
          for (String word : words(spec(page.getKey()))) {
            assertTrue(out.lines().anyMatch(l -> l.contains(word)), () -> "'" + word + "' is broken in " + shown);
          }
        }
      }
    }
  }

  /** The words issue 23 found broken at 80 columns, whole on one line at 60 (and of course at 200). */
  @Test
  void urlsHostsAndPortsAndKeyReferencesAreWhole() {
    for (int width : List.of(60, 80, 200)) {
      String publish = help(width, List.of("publish", "--help")).out();
      for (String word : List.of("public.ecr.aws/aws-controllers-k8s)", "127.0.0.1:5000/ack", "awskms:///<key-id|alias/name|arn>",
          "https://api.github.com;", "https://HOST/api/v3)", "public.ecr.aws/eks-distro-build-tooling,",
          "eks-distro-minimal-base-nonroot", "2026-08-18-1787079689.2023;")) {
        assertTrue(publish.lines().anyMatch(l -> l.contains(word)), () -> word + " at " + width + ":\n" + publish);
      }
      String verify = help(width, List.of("verify", "--help")).out();
      // Whole as a shell reads it: a long example goes on after a backslash, never cut.
      assertTrue(verify.replace(" \\\n      ", " ").contains("ack-release verify v0.1.0 --service s3 --registry"
          + " 127.0.0.1:5000/ack --insecure-registry 127.0.0.1:5000\n"), "the example whole: " + verify);
    }
    // The width is the one asked for: a paragraph fills 200 columns, not 80.
    String wide = help(200, List.of("publish", "--help")).out();
    assertTrue(wide.lines().anyMatch(l -> l.length() > 150 && !l.startsWith("  ack-release")), wide);
    String narrow = help(60, List.of("publish", "--help")).out();
    String beforeExamples = narrow.substring(0, narrow.indexOf("\nExamples:\n")); // examples are printed as written
    assertTrue(beforeExamples.lines().allMatch(l -> l.length() <= 60 || !l.strip().contains(" ")),
        narrow);
  }

  @Test
  void withoutColumnsTheWidthIsEighty() {
    CliRun run = Cli.run("publish", "--help");
    assertTrue(run.out().lines().filter(l -> !l.startsWith("  ack-release")).allMatch(l -> l.length() <= 80 || !l.strip().contains(" ")),
        run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.length() > 70 && !l.startsWith("  ack-release")), run.out());
    assertEquals(HelpPages.DEFAULT_WIDTH, HelpPages.width(null));
  }

  /**
   * At 80 columns (no COLUMNS, no terminal) no line of any page is wider, its examples and defaults
   * included, with no exception for an unbreakable word: an example's comment stands on its own
   * line, a long example goes on after a backslash (pasted whole, as a shell reads it), and
   * --base-image's default (a 99-character reference) is shown in parts, whole in ack-release config.
   */
  @Test
  void noLineOfAnyPageIsWiderThanEightyColumns() {
    for (Map.Entry<String, List<String>> page : pages().entrySet()) {
      CliRun run = Cli.run(page.getValue().toArray(String[]::new));
      assertEquals(0, run.exitCode(), () -> page.getKey() + ": " + run);
      List<String> lines = run.out().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        assertTrue(line.length() <= HelpPages.DEFAULT_WIDTH, "a line of " + line.length() + " in " + page.getKey() + ": " + line);
        if (line.startsWith("  ") && line.endsWith(" \\")) {
          assertTrue(lines.get(i + 1).startsWith("      "), page.getKey() + ": the example goes on after " + line);
        }
      }
    }
    String config = Cli.run("config", "publish").out();
    assertTrue(config.contains(BaseImage.ACK_DEFAULT_REF), config);
  }

  /** The exit codes, once: their own page lists each; every other page has the pointer and not the table. */
  @Test
  void theExitCodesAreOnePageAndEveryOtherPagePointsToIt() {
    String codes = help(80, List.of("help", HelpPages.EXIT_CODES)).out();
    ExitCodes.helpList().forEach((code, meaning) -> {
      Matcher row = Pattern.compile("\n  " + Pattern.quote(code) + " +" + Pattern.quote(meaning.split(" ")[0])).matcher(codes);
      assertTrue(row.find(), code + " in " + codes);
    });
    for (Map.Entry<String, List<String>> page : pages().entrySet()) {
      if (page.getKey().equals("help exit-codes")) {
        continue;
      }
      String out = help(80, page.getValue()).out();
      assertTrue(out.endsWith("\n" + HelpPages.EXIT_CODES_POINTER + "\n"), page.getKey() + ":\n" + out);
      assertFalse(out.contains("build failed") || out.contains("130/143") || out.contains("\nExit codes:\n"),
          page.getKey() + " repeats the table:\n" + out);
    }
  }

  /**
   * An option's values are its command's: only plan's --output offers github-matrix (tag and prepare listed it), and a
   * value it does not take is refused naming those values (publish named github-matrix, then refused it as plan's).
   */
  @Test
  void eachCommandListsOnlyTheValuesItTakes() {
    for (Map.Entry<String, List<String>> page : pages().entrySet()) {
      String out = help(80, page.getValue()).out();
      assertEquals(page.getKey().equals("plan"), out.contains("github-matrix"), page.getKey() + ":\n" + out);
      OptionSpec output = spec(page.getKey()).findOption("--output");
      if (output != null) {
        List<String> values = new ArrayList<>();
        output.completionCandidates().forEach(values::add);
        assertEquals(page.getKey().equals("plan") ? List.of("text", "json", "github-matrix") : List.of("text", "json"), values);
        List<String> args = new ArrayList<>(List.of(page.getKey().split(" ")));
        args.addAll(List.of("--output", "yaml"));
        String refused = Cli.run(args.toArray(String[]::new)).err();
        String named = String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
        assertTrue(refused.contains(": 'yaml' is not " + named + " (see"), page.getKey() + ": " + refused);
      }
    }
  }

  /** Each option's entry names its default (its declared one, in its own words or added), and the variables issue 23 missed. */
  @Test
  void everyOptionShowsItsDefault() {
    for (Map.Entry<String, List<String>> page : pages().entrySet()) {
      CommandSpec spec = spec(page.getKey());
      String out = help(100, page.getValue()).out();
      for (OptionSpec o : HelpPages.visibleOptions(spec)) {
        if (o.arity().max() > 0 && o.defaultValue() != null) {
          String entry = entry(out, o);
          assertTrue(entry.replaceAll("\\s+", " ").contains(o.defaultValue()), page.getKey() + " " + o.longestName() + ": " + entry);
        }
      }
    }
    String publish = help(100, List.of("publish", "--help")).out();
    for (String shown : List.of("[env: ACK_RELEASE_INSECURE_REGISTRY]", "[env: ACK_RELEASE_BASE_IMAGE]", "awskms://",
        "[env: ACK_RELEASE_SIGN_KEY]")) {
      assertTrue(publish.contains(shown), shown + " in " + publish);
    }
    String await = help(100, List.of("await", "--help")).out();
    assertTrue(entry(await, spec("await").findOption("--service")).contains("[required]"), await);
  }

  /** The text of option {@code o}'s entry in a help page. */
  static String entry(String out, OptionSpec o) {
    Matcher names = Pattern.compile("\n  " + Pattern.quote(HelpPages.names(o)) + "[ \n]").matcher(out);
    assertTrue(names.find(), o.longestName() + " in " + out);
    int end = out.indexOf("\n  -", names.start() + 1);
    return out.substring(names.start(), end < 0 ? out.indexOf("\n\n", names.start()) : end);
  }

  /** Every command, a group too, shows how it is run: at least one example that runs it. */
  @Test
  void everyCommandHasExamples() {
    for (Map.Entry<String, List<String>> page : pages().entrySet()) {
      if (List.of("ack-release", "help exit-codes", "generate-completion").contains(page.getKey())) {
        continue;
      }
      String out = help(80, page.getValue()).out();
      int at = out.indexOf("\nExamples:\n");
      assertTrue(at >= 0, page.getKey() + ":\n" + out);
      String examples = out.substring(at);
      assertTrue(examples.contains("\n  ack-release " + page.getKey() + " ") || examples.contains("(ack-release " + page.getKey() + " "),
          page.getKey() + ":\n" + out);
    }
  }

  /** The deprecated and hidden: generate-completion is not listed, and neither is build-artifacts', verify's or await's --version. */
  @Test
  void helpListsNoDeprecatedForm() {
    String top = help(80, List.of("--help")).out();
    assertFalse(top.contains("generate-completion"), top);
    assertTrue(top.contains("\n  completion "), top);
    for (String command : List.of("build-artifacts", "verify", "await")) {
      String out = help(80, List.of(command, "--help")).out();
      assertFalse(out.contains("--version"), command + ":\n" + out);
      assertTrue(out.contains("\nArguments:\n  VERSION "), command + ":\n" + out);
      assertTrue(out.lines().findFirst().orElseThrow().contains(" VERSION") || out.lines().findFirst().orElseThrow().contains("[VERSION]"),
          command + ":\n" + out);
    }
  }
}
