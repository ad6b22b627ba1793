package dev.ackrelease.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: no two packages of ack-release reach each other through their
 * imports (or fully qualified names), and the library never reaches the command line.
 */
class PackageCyclesTest {

  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.ackrelease(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

  @Test
  void noPackageCycles() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue(uses.size() > 10, "found the packages: " + uses.keySet());
    List<List<String>> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (from.compareTo(to) < 0 && reaches(uses, to, from)) {
          cycles.add(List.of(from, to));
        }
      }
    }
    assertEquals(List.of(), cycles, "packages that depend on each other (directly or through others)");
  }

  @Test
  void theLibraryNeverUsesTheCommandLine() throws IOException {
    dependencies().forEach((from, to) -> {
      if (from.startsWith("dev.ackrelease.steps")) {
        assertTrue(to.stream().noneMatch(p -> p.startsWith("dev.ackrelease.cli")), from + " uses the cli: " + to);
      }
    });
  }

  @Test
  void theRegistryLayerKnowsNoCredentialSourceAbove() throws IOException {
    // ECR Public plugs in as a credentials source through auth/; registry/ is the one way to a
    // registry and sits below it.
    Set<String> registry = dependencies().get("dev.ackrelease.steps.registry");
    assertTrue(registry.stream().noneMatch(p -> p.startsWith("dev.ackrelease.steps.ecr") || p.startsWith("dev.ackrelease.steps.auth")
        || p.startsWith("dev.ackrelease.steps.publish")), "registry uses " + registry);
  }

  @Test
  void theGraphRunnerKnowsNoStepAndTheBuildingBlocksKnowNoComposer() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    // graph/ runs any steps: it knows none of them.
    assertEquals(Set.of(), uses.getOrDefault("dev.ackrelease.steps.graph", Set.of()).stream()
        .filter(p -> p.startsWith("dev.ackrelease")).collect(Collectors.toSet()));
    // The kinds compose the building blocks, publish/ composes the kinds: never the other way.
    for (String block : List.of("image", "chart", "supply", "registry", "kinds")) {
      Set<String> to = uses.getOrDefault("dev.ackrelease.steps." + block, Set.of());
      assertTrue(to.stream().noneMatch(p -> p.equals("dev.ackrelease.steps.publish") || p.equals("dev.ackrelease.steps.fleet")),
          block + " uses " + to);
      if (!block.equals("kinds")) {
        assertTrue(!to.contains("dev.ackrelease.steps.kinds"), block + " uses kinds: " + to);
      }
    }
  }

  @Test
  void theCheckSeesACycle() {
    Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertTrue(reaches(uses, "b", "a"));
    assertTrue(!reaches(uses, "a", "d"));
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      String p = todo.remove(todo.size() - 1);
      if (p.equals(target)) {
        return true;
      }
      if (seen.add(p)) {
        todo.addAll(uses.getOrDefault(p, Set.of()));
      }
    }
    return false;
  }

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (String root : List.of("release-steps", "cli")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          Matcher pkg = Pattern.compile("(?m)^package ([a-z0-9.]+);").matcher(source);
          if (!pkg.find()) {
            continue;
          }
          String from = pkg.group(1);
          Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
          Matcher m = REFERENCE.matcher(source.substring(pkg.end()));
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              to.add(m.group(1));
            }
          }
        }
      }
    }
    return uses;
  }
}
