package dev.ackrelease.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.cli.Main;
import dev.ackrelease.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test fixtures: controller repos copied from src/test/resources/fixtures, whole-tree byte comparisons, git and CLI runs. */
public final class Fixtures {

  /** The files of s3-controller as ACK's release commit for v1.0.5 left them (real files). */
  public static final String REAL_AFTER = "s3-controller-v1.0.5";
  /** The same controller at the previous release, v1.0.4. */
  public static final String REAL_BEFORE = "s3-controller-v1.0.4";
  /** An ACK-shaped controller with quoted values, trailing comments and no final newline, at v1.8.1. */
  public static final String QUOTED_BEFORE = "s3-quoted-v1.8.1";
  /** The expected files of {@link #QUOTED_BEFORE} after the release of v1.8.2. */
  public static final String QUOTED_AFTER = "s3-quoted-v1.8.2";

  private Fixtures() {}

  public static Path fixture(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies fixture {@code name} to {@code parent/s3-controller} and returns that dir. */
  public static Path copy(String name, Path parent) {
    return copyTo(fixture(name), parent.resolve("s3-controller"));
  }

  public static Path copyTo(Path from, Path to) {
    tree(from).forEach((file, bytes) -> write(to.resolve(file), bytes));
    return to;
  }

  /** Every file under {@code root} (relative path → bytes), excluding .git. */
  public static Map<String, byte[]> tree(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!rel.startsWith(".git/")) {
          files.put(rel, Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Asserts both trees hold the same files with the same bytes (shown as text on failure). */
  public static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "files in the tree");
    expected.forEach((file, bytes) -> {
      assertEquals(new String(bytes, StandardCharsets.UTF_8), new String(actual.get(file), StandardCharsets.UTF_8), file);
      assertArrayEquals(bytes, actual.get(file), file);
    });
  }

  public static void assertSameTree(Path expected, Path actual) {
    assertSameTree(tree(expected), tree(actual));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces exactly one occurrence of {@code from} in a file, failing when it is not there once. */
  public static void replaceOnce(Path file, String from, String to) {
    String text = read(file);
    assertEquals(1, text.split(Pattern.quote(from), -1).length - 1, "occurrences of " + from + " in " + file);
    write(file, text.replace(from, to));
  }

  /** Runs the git CLI in {@code dir}; returns its stdout, failing on a non-zero exit. */
  public static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, null, 60).assertOk().stdout();
  }

  /** A git repo at {@code dir} with its files committed by a fixed identity; returns the commit. */
  public static String gitInitAndCommit(Path dir) {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "config", "user.name", "Release Bot");
    git(dir, "config", "user.email", "release-bot@example.com");
    git(dir, "config", "commit.gpgsign", "false");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "Initial commit");
    return git(dir, "rev-parse", "HEAD").strip();
  }

  /** The exit code and output of one in-process CLI run. */
  public record Run(int exitCode, String out, String err) {
    /** stdout as a document, checked against the published schema (as {@code CliRun#json} does). */
    public JsonNode json() {
      return new CliRun(exitCode, out, err).json();
    }
  }

  public static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}
