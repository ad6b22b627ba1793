package dev.ackrelease.steps.ghrelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What ack-release owns in a release body, and the CRD stream and checksums it attaches. */
class ReleaseBodyTest {

  static final String OURS = ReleaseBody.BEGIN + "\nnew\n" + ReleaseBody.END;

  @Test
  void aRerunReplacesOnlyItsOwnPartAndKeepsAMaintainersText() {
    String existing = "Highlights: S3 Express buckets.\n\n" + ReleaseBody.BEGIN + "\nold\n" + ReleaseBody.END + "\n\nThanks!";
    assertEquals("Highlights: S3 Express buckets.\n\n" + OURS + "\n\nThanks!", ReleaseBody.merge(existing, OURS));
  }

  @Test
  void generatedNotesWithoutTheMarkersStayAboveAndAnEmptyBodyIsOursAlone() {
    assertEquals("## What's Changed\n* x by @a\n\n" + OURS, ReleaseBody.merge("## What's Changed\r\n* x by @a\r\n", OURS));
    assertEquals(OURS, ReleaseBody.merge("", OURS));
    assertEquals(OURS, ReleaseBody.merge(OURS, OURS), "merging twice is merging once");
  }

  @Test
  void aBodyOverGitHubsLimitIsCut() {
    String merged = ReleaseBody.merge("", ReleaseBody.BEGIN + "x".repeat(200_000) + ReleaseBody.END);
    assertTrue(merged.length() <= ReleaseBody.MAX, "at most " + ReleaseBody.MAX + ": " + merged.length());
    assertTrue(merged.endsWith(ReleaseBody.END));
  }

  /** The CRD stream as helm template writes documents: {@code ---}, a {@code # Source:} line, each file once (a leading {@code ---} dropped). */
  @Test
  void theCrdsAreOneYamlStreamInNameOrder() {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("b.yaml", "---\nkind: B\n".getBytes(StandardCharsets.UTF_8));
    files.put("a.yaml", "kind: A".getBytes(StandardCharsets.UTF_8));
    assertEquals("---\n# Source: helm/crds/a.yaml\nkind: A\n---\n# Source: helm/crds/b.yaml\nkind: B\n",
        new String(ReleaseAssets.crds(files), StandardCharsets.UTF_8));
  }

  /** GNU coreutils sha256sum's check format: the hex digest, two spaces (text mode), the name. */
  @Test
  void theChecksumsAreSha256sumsFormat() {
    byte[] sums = ReleaseAssets.checksums(List.of(new ReleaseAssets.Asset("x.txt", "text/plain", "hello\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  x.txt\n", new String(sums, StandardCharsets.UTF_8));
  }
}
