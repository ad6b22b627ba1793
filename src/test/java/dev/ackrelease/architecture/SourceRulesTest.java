package dev.ackrelease.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The codebase's rules on its sources: no class in {@code release-steps/} or {@code cli/} over 300
 * lines unless its Javadoc says why ({@value #SIZE_REASON} and the reason); no fully qualified class name in code
 * (imports are for that; Javadoc, comments and strings may name them); no {@code Object} casts; no JGit
 * command that reaches a remote made but by {@code RemoteCommands} (which sets its credentials and time-out).
 */
class SourceRulesTest {

  static final int MAX_LINES = 300;
  static final String SIZE_REASON = "Over 300 lines because";

  /** A package name (of the JDK, a library or ours) followed by a class name. */
  private static final Pattern QUALIFIED = Pattern.compile(
      "(?<![\\w.])((?:java|javax|jdk|sun|com|org|net|io|dev|software)(?:\\.[a-z][a-z0-9_]*)+|picocli(?:\\.[a-z][a-z0-9_]*)*)"
          + "\\.([A-Z]\\w*)");
  private static final Pattern OBJECT_CAST = Pattern.compile("\\(\\s*Object\\s*\\)");
  /** A JGit command that reaches a remote: {@code repo.git().push()}, {@code git.fetch()}, {@code Git.cloneRepository()}. */
  private static final Pattern REMOTE_COMMAND = Pattern.compile(
      "\\b(?:git\\(\\)|git|Git)\\s*\\.\\s*(lsRemote|fetch|push|lsRemoteRepository|cloneRepository)\\s*\\(");
  private static final String REMOTE_COMMANDS = "RemoteCommands.java";
  private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("^\\s*(import|package)\\s");

  @Test
  void noReleaseStepsOrCliClassIsOver300LinesWithoutAReason() throws IOException {
    List<String> over = new ArrayList<>();
    for (String root : List.of("release-steps", "cli")) {
      for (Path file : sources(root)) {
        String source = Files.readString(file);
        long lines = source.lines().count();
        if (lines > MAX_LINES && !source.contains(SIZE_REASON)) {
          over.add(file + " (" + lines + " lines)");
        }
      }
    }
    assertEquals(List.of(), over, "split these by concern, or say in the class's Javadoc: " + SIZE_REASON + " ...");
  }

  @Test
  void noFullyQualifiedClassNamesInCode() throws IOException {
    assertEquals(List.of(), everywhere(SourceRulesTest::qualifiedNames), "import these classes instead");
  }

  @Test
  void noObjectCasts() throws IOException {
    assertEquals(List.of(), everywhere(SourceRulesTest::objectCasts), "type these values instead of casting through Object");
  }

  @Test
  void everyGitCommandThatReachesARemoteIsMadeByRemoteCommands() throws IOException {
    List<String> found = new ArrayList<>();
    for (String root : List.of("release-steps", "cli")) {
      for (Path file : sources(root)) {
        if (!file.endsWith(REMOTE_COMMANDS)) {
          remoteCommands(Files.readString(file)).forEach(f -> found.add(file + ":" + f));
        }
      }
    }
    assertEquals(List.of(), found, "make these with RemoteCommands, so they carry the credentials and the time-out");
  }

  /** What {@code check} finds in the sources of release-steps/, cli/ and the tests, as {@code file:line: finding}. */
  private static List<String> everywhere(Function<String, List<String>> check) throws IOException {
    List<String> found = new ArrayList<>();
    for (String root : List.of("release-steps", "cli", "src/test/java")) {
      for (Path file : sources(root)) {
        check.apply(Files.readString(file)).forEach(f -> found.add(file + ":" + f));
      }
    }
    return found;
  }

  @Test
  void theChecksSeeWhatTheyForbidAndOnlyThat() {
    assertEquals(List.of("3: java.util.TreeMap"), qualifiedNames("package a.b;\n\nvar m = new java.util.TreeMap<>();\n"));
    assertEquals(List.of("1: dev.ackrelease.steps.umbrella.PublishUmbrella"),
        qualifiedNames("x(new dev.ackrelease.steps.umbrella.PublishUmbrella.Request(dir));"));
    assertEquals(List.of("1: java.nio.file.Files", "2: org.eclipse.jgit.lib.Ref"),
        qualifiedNames("if (java.nio.file.Files.exists(p)) {\n  for (org.eclipse.jgit.lib.Ref r : refs) {}\n}"));
    assertEquals(List.of("1: picocli.CommandLine"), qualifiedNames("throw new picocli.CommandLine.ParameterException(c, m);"),
        "picocli's classes are in a package of one name");
    assertEquals(List.of(), qualifiedNames("""
        package dev.ackrelease.steps.git;

        import java.util.List;
import java.util.function.Function;
        import static org.junit.jupiter.api.Assertions.assertEquals;
        /** Reads {@link dev.ackrelease.steps.git.GitRepo} and {@link java.util.List}. */
        class A {
          // a java.util.Map would do
          String s = "dev.ackrelease.steps.Log and java.util.Map";
          String t = \"""
              java.util.Set
              \""";
          char c = '"';
          String u = "\\" java.util.Set";
          Object o = List.of().toString().length();
          int n = request.size.MAX;
        }
        """));
    assertEquals(List.of("1: push", "2: lsRemote", "4: fetch", "5: cloneRepository"), remoteCommands(
        "repo.git().push().setRemote(r);\nrepo.git()\n    .lsRemote();\ngit.fetch();\nGit.cloneRepository().call();\n"
            + "if (r.push() && request.fetch()) {}\ncommands.push(); // repo.git().push()\nString s = \"git().fetch()\";\n"));
    assertEquals(List.of("2: (Object)"), objectCasts("class A {\n  Object o = (Object) x;\n  // (Object) y\n  String s = \"(Object)\";\n}"));
  }

  /** The fully qualified names in the code of {@code source}, as {@code line: name}. */
  static List<String> qualifiedNames(String source) {
    List<String> found = new ArrayList<>();
    String code = code(source);
    String[] lines = code.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (IMPORT_OR_PACKAGE.matcher(lines[i]).find()) {
        continue;
      }
      Matcher m = QUALIFIED.matcher(lines[i]);
      while (m.find()) {
        found.add((i + 1) + ": " + m.group(1) + "." + m.group(2));
      }
    }
    return found;
  }

  /** The JGit commands that reach a remote made in the code of {@code source}, as {@code line: command}. */
  static List<String> remoteCommands(String source) {
    List<String> found = new ArrayList<>();
    String code = code(source);
    Matcher m = REMOTE_COMMAND.matcher(code);
    while (m.find()) {
      found.add((code.substring(0, m.start()).split("\n", -1).length) + ": " + m.group(1));
    }
    return found;
  }

  static List<String> objectCasts(String source) {
    List<String> found = new ArrayList<>();
    String[] lines = code(source).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = OBJECT_CAST.matcher(lines[i]);
      while (m.find()) {
        found.add((i + 1) + ": " + m.group());
      }
    }
    return found;
  }

  /**
   * {@code source} with its comments, string, text block and character literals blanked (line
   * breaks kept, so line numbers stay): what is left is code.
   */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source);
    int i = 0;
    int n = source.length();
    while (i < n) {
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, i + 3, "\"\"\"");
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = closing(source, i + 1, String.valueOf(source.charAt(i)));
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (out.charAt(k) != '\n') {
          out.setCharAt(k, ' ');
        }
      }
      i = end;
    }
    return out.toString();
  }

  /** The index after the {@code quote} that closes a literal whose content starts at {@code from}. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(quote, i)) {
        return i + quote.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static List<Path> sources(String root) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(root))) {
      List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      assertFalse(sources.isEmpty(), "no sources under " + root);
      assertTrue(sources.size() > 5, root + ": " + sources);
      return sources;
    }
  }
}
