package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules of a chart's {@code .helmignore}, read and applied as Helm does (helm/helm
 * pkg/ignore/rules.go {@code Parse}, {@code parseRule}, {@code Ignore}): the file's bytes split
 * into lines as Go's bufio.Scanner splits them (at {@code \n}, one {@code \r} before it dropped,
 * a line of 64 KiB or more refused), a byte-order mark dropped from the first, each trimmed as
 * Go's strings.TrimSpace trims; {@code #} comments, {@code !} negation, a trailing {@code /} for
 * directories only, a leading or an inner {@code /} to match the whole path, else the base name;
 * {@code **} refused, and any rule Go's filepath.Match calls malformed. Patterns are matched by
 * {@link GoGlob}. Helm's default rule {@code templates/.?*} is always added. Read once per chart:
 * the rules a commit's export applied ({@link CommittedChart#export}) are the ones its packaging
 * applies ({@link ChartPackager.Request#ignore}); other packages only hand them on.
 */
public final class HelmIgnore {

  static final String FILE_NAME = ".helmignore";
  private static final String DEFAULT_RULE = "templates/.?*";
  /** Go's bufio.MaxScanTokenSize: Helm's Scanner refuses a line this long ("bufio.Scanner: token too long"). */
  private static final int MAX_LINE = 64 * 1024;
  private static final byte[] ABC = {'a', 'b', 'c'};

  private record Rule(String raw, byte[] pattern, boolean negate, boolean dirOnly, boolean wholePath) {}

  private final List<Rule> rules;

  private HelmIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules of {@code chartDir/.helmignore} (none when absent) plus Helm's default. */
  static HelmIgnore of(Path chartDir) {
    Path file = chartDir.resolve(FILE_NAME);
    if (Files.isDirectory(file)) {
      throw ReleaseException.invalidInput("cannot read " + file + ": it is a directory (helm package fails on it too); remove it");
    }
    if (!Files.isRegularFile(file)) {
      return parse(new byte[0], file.toString());
    }
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " (" + e.getMessage() + "): fix its permissions");
    }
  }

  /** The rules in {@code data}, the bytes of a .helmignore ({@code source} names it in errors), plus Helm's default. */
  static HelmIgnore parse(byte[] data, String source) {
    List<Rule> rules = new ArrayList<>();
    int start = 0;
    for (int number = 1; start < data.length; number++) {
      int newline = indexOf(data, start, (byte) '\n');
      int end = newline < 0 ? data.length : newline;
      if (end - start >= MAX_LINE) {
        throw ReleaseException.invalidInput(source + ": line " + number + " is 64 KiB or longer, which Helm cannot read"
            + " (bufio.Scanner: token too long): shorten it");
      }
      int lineEnd = end > start && data[end - 1] == '\r' ? end - 1 : end;
      int lineStart = number == 1 && startsWithBom(data, start, lineEnd) ? start + 3 : start;
      parseRule(Arrays.copyOfRange(data, lineStart, lineEnd), source, rules);
      start = newline < 0 ? data.length : newline + 1;
    }
    parseRule(DEFAULT_RULE.getBytes(StandardCharsets.UTF_8), source, rules);
    return new HelmIgnore(rules);
  }

  private static void parseRule(byte[] line, String source, List<Rule> rules) {
    byte[] rule = trimSpace(line);
    if (rule.length == 0 || rule[0] == '#') {
      return;
    }
    String raw = new String(rule, StandardCharsets.UTF_8);
    if (raw.contains("**")) {
      throw ReleaseException.invalidInput(source + ": rule '" + raw + "' uses **, which Helm does not support: use single-level globs");
    }
    try {
      GoGlob.match(rule, ABC); // Helm checks the whole rule, before taking ! and / off it
    } catch (GoGlob.BadPatternException e) {
      throw ReleaseException.invalidInput(source + ": rule '" + raw + "' is not a valid glob: fix the pattern");
    }
    int from = 0;
    int to = rule.length;
    boolean negate = rule[0] == '!';
    if (negate) {
      from++;
    }
    boolean dirOnly = to > from && rule[to - 1] == '/';
    if (dirOnly) {
      to--;
    }
    boolean rooted = to > from && rule[from] == '/';
    byte[] pattern = Arrays.copyOfRange(rule, rooted ? from + 1 : from, to);
    rules.add(new Rule(raw, pattern, negate, dirOnly, rooted || indexOf(pattern, 0, (byte) '/') >= 0));
  }

  /** Whether {@code path} (relative to the chart, with {@code /}) is ignored, as Helm decides. */
  boolean ignores(String path, boolean directory) {
    if (path.isEmpty() || path.equals(".") || path.equals("./")) {
      return false;
    }
    byte[] whole = path.getBytes(StandardCharsets.UTF_8);
    int slash = lastIndexOf(whole, (byte) '/');
    byte[] base = slash < 0 ? whole : Arrays.copyOfRange(whole, slash + 1, whole.length);
    for (Rule rule : rules) {
      if (rule.negate()) {
        // Helm's negation: a non-matching path (or a file for a directory rule) is ignored.
        if ((rule.dirOnly() && !directory) || !matches(rule, rule.wholePath() ? whole : base)) {
          return true;
        }
        continue;
      }
      if (rule.dirOnly() && !directory) {
        continue;
      }
      if (matches(rule, rule.wholePath() ? whole : base)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Rule rule, byte[] subject) {
    try {
      return GoGlob.match(rule.pattern(), subject);
    } catch (GoGlob.BadPatternException e) {
      return false; // Helm logs "failed to compile" and matches nothing (a rule like x\/ once its / is taken off)
    }
  }

  /** Go's strings.TrimSpace: white space runes (Unicode's White_Space, as unicode.IsSpace) off both ends. */
  private static byte[] trimSpace(byte[] s) {
    int from = 0;
    int to = s.length;
    while (from < to) {
      int decoded = GoGlob.decodeRune(s, from, to);
      if (!isSpace(decoded & 0x1FFFFF)) {
        break;
      }
      from += decoded >>> 24;
    }
    while (to > from) {
      int start = to - 1;
      while (start > from && to - start < 4 && (s[start] & 0xC0) == 0x80) {
        start--;
      }
      int decoded = GoGlob.decodeRune(s, start, to);
      if (start + (decoded >>> 24) != to || !isSpace(decoded & 0x1FFFFF)) {
        break;
      }
      to = start;
    }
    return Arrays.copyOfRange(s, from, to);
  }

  /** Go's unicode.IsSpace. */
  private static boolean isSpace(int r) {
    return switch (r) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
      default -> r >= 0x2000 && r <= 0x200A;
    };
  }

  private static boolean startsWithBom(byte[] data, int from, int to) {
    return to - from >= 3 && (data[from] & 0xFF) == 0xEF && (data[from + 1] & 0xFF) == 0xBB && (data[from + 2] & 0xFF) == 0xBF;
  }

  private static int indexOf(byte[] data, int from, byte b) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] data, byte b) {
    for (int i = data.length - 1; i >= 0; i--) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
