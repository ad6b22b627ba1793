package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tables that fit 120 columns (issue 23, item 4; a signed release's table reached 200+): short
 * digests (the full ones are in --output json), refs relative to the registry the heading names,
 * and the widest column cut when that is not enough.
 */
class TableLayoutTest {

  static final String INDEX = "sha256:7a8f5f3e08e8de78edb3960778d0d721797f72708da4814dabc32323d3729202";
  static final String REGISTRY = "public.ecr.aws/aws-controllers-k8s";

  static PublishedArtifact row(String kind, String ref, String digest) {
    return new PublishedArtifact(kind, ref, digest, Action.PUSHED, 150_994_944L, Duration.ofMillis(12_300), "detail", 0);
  }

  /** A signed release of the service with ACK's longest name, as publish prints it. */
  static String signedRelease() {
    String repo = REGISTRY + "/applicationautoscaling-controller";
    String tag = "sha256-" + INDEX.substring(7);
    List<PublishedArtifact> rows = List.of(
        row("image", repo + ":1.8.2", INDEX),
        row("chart", REGISTRY + "/applicationautoscaling-chart:1.8.2", INDEX.replace('7', '8')),
        row("sbom", repo + ":" + tag + ".sbom", INDEX.replace('a', 'b').replace("shb256", "sha256")),
        row("signature", repo + ":" + tag + ".sig", INDEX.replace('a', 'c').replace("shc256", "sha256")),
        row("provenance", repo + ":" + tag + ".att", INDEX.replace('a', 'd').replace("shd256", "sha256")),
        row("github-release", "https://github.com/aws-controllers-k8s/applicationautoscaling-controller/releases/tag/v1.8.2",
            INDEX.replace('a', 'e').replace("she256", "sha256")));
    PublishSummary summary = new PublishSummary("applicationautoscaling", "release", "v1.8.2", REGISTRY, false, rows, List.of(),
        true, null, Map.of(), 0, List.of());
    StringWriter out = new StringWriter();
    SummaryTable.print(new Printer(new PrintWriter(out), new PrintWriter(new StringWriter()), new GlobalOptions(), "publish",
        ProgressOptions.Mode.none, Map.of()), summary);
    return out.toString();
  }

  @Test
  void aSignedReleaseFitsAHundredAndTwentyColumns() {
    String out = signedRelease();
    for (String line : out.split("\n")) {
      assertTrue(line.length() <= TableLayout.WIDTH, () -> line.length() + ": " + line + "\n" + out);
    }
    assertTrue(out.contains("\nimage           applicationautoscaling-controller:1.8.2 "), out);
    assertTrue(out.contains(" sha256:7a8f5f3e08e8… "), "a short digest: " + out);
    assertFalse(out.contains(INDEX.substring(7, 40)), "no whole digest: " + out);
    // The GitHub release's URL is the widest ref: the refs are cut in the middle, keeping their ends.
    assertTrue(out.contains("\nsignature       applicationaut…"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("signature ") && l.contains("….sig ")), out);
    assertTrue(out.contains("Published applicationautoscaling v1.8.2 (release) to " + REGISTRY + ":"), out);
  }

  @Test
  void aTableStillTooWideIsCutInItsWidestColumn() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ARTIFACT", "REF", "ACTION", "WHY"});
    rows.add(new String[] {"image", "r/" + "x".repeat(100) + ":1.0.0", "push", "y".repeat(80)});
    List<String> lines = TableLayout.lines(rows);
    lines.forEach(l -> assertTrue(l.length() <= TableLayout.WIDTH, l));
    assertTrue(lines.get(1).matches("image +r/x+…x+:1\\.0\\.0 +push +y+…"), "a ref keeps its end, prose its start: " + lines);
    assertEquals("ARTIFACT  REF", lines.get(0).substring(0, 13));
    // config's table is copied from: whole, however wide.
    assertEquals(rows.get(1)[1], TableLayout.whole(rows).get(1).split(" +")[1]);
    // A narrow table is left as it is.
    List<String[]> narrow = List.of(new String[] {"ASSET", "DIGEST"}, new String[] {"a.yaml", "sha256:abc"});
    assertEquals(List.of("ASSET   DIGEST", "a.yaml  sha256:abc"), TableLayout.lines(narrow));
  }
}
