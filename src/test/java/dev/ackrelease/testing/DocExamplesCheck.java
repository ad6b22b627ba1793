package dev.ackrelease.testing;

import dev.ackrelease.testing.DocExamples.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@code scripts/doc-examples} does with the docs as running their examples makes them
 * ({@link DocExamples#generate}): writes those that differ, or with {@code --check} writes nothing
 * and, when a block differs, says which (each doc and its blocks) in one line on stderr with the
 * command that rewrites them, exit 5: a verification that failed, not a bug.
 */
public final class DocExamplesCheck {

  /** The exit code of a check that found a block that differs: ack-release's "verification failed". */
  static final int STALE = 5;

  private DocExamplesCheck() {}

  /** Writes or checks {@code generated} (each doc under {@code root} as it should read); returns the exit code. */
  public static int finish(boolean check, Path root, Map<Path, String> generated, PrintStream out, PrintStream err)
      throws IOException {
    Map<Path, List<String>> stale = stale(root, generated);
    if (check) {
      if (stale.isEmpty()) {
        out.println("the examples are current");
        return 0;
      }
      err.println(line(stale));
      return STALE;
    }
    for (Path doc : stale.keySet()) {
      Files.writeString(root.resolve(doc), generated.get(root.resolve(doc)));
    }
    out.println(stale.isEmpty() ? "the examples are current" : "rewrote: " + List.copyOf(stale.keySet()));
    return 0;
  }

  /** The docs (relative to {@code root}) that differ from {@code generated}, each with its blocks that differ. */
  static Map<Path, List<String>> stale(Path root, Map<Path, String> generated) throws IOException {
    Map<Path, List<String>> stale = new LinkedHashMap<>();
    for (Map.Entry<Path, String> e : generated.entrySet()) {
      String checkedIn = Files.readString(e.getKey());
      if (checkedIn.equals(e.getValue())) {
        continue;
      }
      List<Block> now = DocExamples.blocks(e.getKey(), checkedIn);
      List<Block> run = DocExamples.blocks(e.getKey(), e.getValue());
      List<String> names = new ArrayList<>();
      for (int i = 0; i < Math.max(now.size(), run.size()); i++) {
        Block a = i < now.size() ? now.get(i) : null;
        Block b = i < run.size() ? run.get(i) : null;
        if (a == null || b == null || !a.name().equals(b.name()) || !Objects.equals(a.body(), b.body())) {
          names.add(a != null ? a.name() : b.name());
        }
      }
      stale.put(root.relativize(e.getKey()), names);
    }
    return stale;
  }

  /** The one line of a check that found {@code stale}: each doc with its blocks, and the command that rewrites them. */
  static String line(Map<Path, List<String>> stale) {
    String where = stale.entrySet().stream().map(e -> e.getKey() + (e.getValue().isEmpty() ? "" : e.getValue().stream()
        .map(n -> "'" + n + "'").collect(Collectors.joining(", ", e.getValue().size() == 1 ? " (example " : " (examples ", ")"))))
        .collect(Collectors.joining(", "));
    return "error: the docs' examples differ from what running them prints: " + where + ": rewrite them with: scripts/doc-examples";
  }
}
