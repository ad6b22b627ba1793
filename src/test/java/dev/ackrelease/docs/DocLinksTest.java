package dev.ackrelease.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of README.md and docs/**.md names a file that exists, and its #anchor a
 * heading of that page as GitHub makes its anchors (lower case, punctuation dropped, spaces as
 * hyphens, a repeated heading with -1, -2, ...). Links in code are not links.
 */
class DocLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");

  @Test
  void everyRelativeLinkOfTheDocsResolves() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    List<Path> pages = pages(root);
    assertTrue(pages.size() > 5, "the docs: " + pages);
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      for (String target : links(Files.readString(page))) {
        links++;
        problem(page, target).ifPresent(p -> broken.add(root.relativize(page) + ": (" + target + ") " + p));
      }
    }
    assertTrue(links > 50, "links found: " + links);
    assertEquals(List.of(), broken);
  }

  @Test
  void aMissingFileOrHeadingIsBroken(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("a.md"), "# Page A\n\n## The `config` command: [ARGS...]\n\n## Twice\n\n## Twice\n\n```\n## Not a heading\n```\n");
    Path b = Files.writeString(tmp.resolve("b.md"), "x");
    assertEquals(Optional.empty(), problem(b, "a.md#the-config-command-args"));
    assertEquals(Optional.empty(), problem(b, "a.md#twice-1"));
    assertEquals(Optional.empty(), problem(b, "a.md"));
    assertTrue(problem(b, "a.md#twice-2").isPresent());
    assertTrue(problem(b, "a.md#not-a-heading").isPresent());
    assertTrue(problem(b, "c.md").isPresent());
    assertEquals(List.of("a.md#x", "../b"), links("[a](a.md#x) `[no](c.md)` [w](https://example.com) [b](../b)\n```\n[no](d.md)\n```\n"));
  }

  static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The relative link targets of a Markdown text, outside fenced blocks and inline code. */
  static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    for (String line : prose(markdown)) {
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("[a-z]+:.*")) {
          targets.add(target);
        }
      }
    }
    return targets;
  }

  /** What is wrong with {@code target} as a link of {@code page}, if anything. */
  static Optional<String> problem(Path page, String target) throws IOException {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!Files.exists(to)) {
      return Optional.of(to + " does not exist");
    }
    if (hash >= 0 && to.toString().endsWith(".md")) {
      Set<String> anchors = anchors(Files.readString(to));
      if (!anchors.contains(target.substring(hash + 1))) {
        return Optional.of("no heading #" + target.substring(hash + 1) + " in " + to.getFileName() + ": " + anchors);
      }
    }
    return Optional.empty();
  }

  /** The anchors GitHub gives the headings of a Markdown text. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(markdown)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String text = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  /** The lines of a Markdown text that are not in a fenced block. */
  static List<String> prose(String markdown) {
    List<String> lines = new ArrayList<>();
    String fence = null;
    for (String line : markdown.lines().toList()) {
      String stripped = line.stripLeading();
      if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
        fence = stripped.replaceAll("^(`{3,}|~{3,}).*", "$1");
      } else if (fence != null && stripped.startsWith(fence) && stripped.substring(fence.length()).isBlank()) {
        fence = null;
      } else if (fence == null) {
        lines.add(line);
      }
    }
    return lines;
  }
}
