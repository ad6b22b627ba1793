package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of a chart's {@code .helmignore}, read as Helm reads them (helm/pkg/ignore): one
 * glob per line, {@code #} comments, {@code !} negation, a trailing {@code /} for directories
 * only, a leading {@code /} or an inner {@code /} to match the whole path, else the base name;
 * {@code **} is not supported. Helm's default rule {@code templates/.?*} is always added.
 */
final class HelmIgnore {

  static final String FILE_NAME = ".helmignore";
  private static final String DEFAULT_RULE = "templates/.?*";

  private record Rule(String raw, Pattern glob, boolean negate, boolean dirOnly, boolean wholePath) {}

  private final List<Rule> rules;

  private HelmIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules of {@code chartDir/.helmignore} (none when absent) plus Helm's default. */
  static HelmIgnore of(Path chartDir) {
    List<String> lines = new ArrayList<>();
    Path file = chartDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      try {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw ReleaseException.invalidInput("cannot read " + file + " (" + e.getMessage() + "): fix its permissions");
      }
    }
    lines.add(DEFAULT_RULE);
    return parse(lines, file);
  }

  static HelmIgnore parse(List<String> lines, Path source) {
    List<Rule> rules = new ArrayList<>();
    for (String line : lines) {
      String rule = line.strip();
      if (rule.isEmpty() || rule.startsWith("#")) {
        continue;
      }
      if (rule.contains("**")) {
        throw ReleaseException.invalidInput(source + ": rule '" + rule + "' uses **, which Helm does not support: use single-level globs");
      }
      String raw = rule;
      boolean negate = rule.startsWith("!");
      if (negate) {
        rule = rule.substring(1);
      }
      boolean dirOnly = rule.endsWith("/");
      if (dirOnly) {
        rule = rule.substring(0, rule.length() - 1);
      }
      boolean wholePath = rule.contains("/");
      if (rule.startsWith("/")) {
        rule = rule.substring(1);
      }
      rules.add(new Rule(raw, GoGlob.compile(rule, raw, source), negate, dirOnly, wholePath));
    }
    return new HelmIgnore(rules);
  }

  /** Whether {@code path} (relative to the chart, with {@code /}) is ignored, as Helm decides. */
  boolean ignores(String path, boolean directory) {
    if (path.isEmpty() || path.equals(".") || path.equals("./")) {
      return false;
    }
    for (Rule rule : rules) {
      String subject = rule.wholePath() ? path : baseName(path);
      boolean matches = rule.glob().matcher(subject).matches();
      if (rule.negate()) {
        // Helm's negation: a non-matching path (or a file for a directory rule) is ignored.
        if ((rule.dirOnly() && !directory) || !matches) {
          return true;
        }
        continue;
      }
      if (rule.dirOnly() && !directory) {
        continue;
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** Go's {@code filepath.Match} syntax as a regular expression: *, ?, [class], [^class], \\ escapes. */
  static final class GoGlob {
    private GoGlob() {}

    static Pattern compile(String glob, String raw, Path source) {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char c = glob.charAt(i);
        switch (c) {
          case '*' -> re.append("[^/]*");
          case '?' -> re.append("[^/]");
          case '\\' -> {
            if (++i >= glob.length()) {
              throw bad(raw, source);
            }
            re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
          }
          case '[' -> i = characterClass(glob, i, re, raw, source);
          default -> re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      try {
        return Pattern.compile(re.toString());
      } catch (PatternSyntaxException e) {
        // A reversed range ([z-a]): Go's filepath.Match, and so Helm, refuses it too (ErrBadPattern).
        throw bad(raw, source);
      }
    }

    private static int characterClass(String glob, int start, StringBuilder re, String raw, Path source) {
      int i = start + 1;
      StringBuilder cls = new StringBuilder("[");
      if (i < glob.length() && glob.charAt(i) == '^') {
        cls.append('^');
        i++;
      }
      boolean any = false;
      for (; i < glob.length() && (glob.charAt(i) != ']' || !any); i++) {
        char c = glob.charAt(i);
        if (c == '\\') {
          if (++i >= glob.length()) {
            throw bad(raw, source);
          }
          c = glob.charAt(i);
        }
        if (c == '-' && any && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
          cls.append('-');
        } else {
          cls.append(c == '[' || c == ']' || c == '^' || c == '&' || c == '\\' || c == '-' ? "\\" + c : String.valueOf(c));
        }
        any = true;
      }
      if (i >= glob.length()) {
        throw bad(raw, source);
      }
      re.append(cls).append("&&[^/]]");
      return i;
    }

    private static ReleaseException bad(String raw, Path source) {
      return ReleaseException.invalidInput(source + ": rule '" + raw + "' is not a valid glob: fix the pattern");
    }
  }
}
