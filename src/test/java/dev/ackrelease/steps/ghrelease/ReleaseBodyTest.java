package dev.ackrelease.steps.ghrelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.notes.Change;
import dev.ackrelease.steps.notes.Group;
import dev.ackrelease.steps.notes.ReleaseNotes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What ack-release owns in a release body, and the CRD stream and checksums it attaches. */
class ReleaseBodyTest {

  static final String SECTIONS = "### Published\n\n| artifact | reference | digest |\n\n### Install\n\nhelm install\n\n### Verify\n\ncosign"
      + " verify\n";
  static final ReleaseBody.Ours NEW = new ReleaseBody.Ours(notes(List.of()), SECTIONS);
  static final String OURS = NEW.text(ReleaseBody.MAX);

  static ReleaseNotes notes(List<Change> changes) {
    return new ReleaseNotes("s3", "v0.2.0", Optional.of("v0.1.0"), "c".repeat(40), true, true, changes.size(), changes,
        Optional.of("https://github.com/aws-controllers-k8s/s3-controller/compare/v0.1.0...v0.2.0"));
  }

  /** {@code n} merged pull requests, each title with an emoji (a surrogate pair) so a cut by length can split one. */
  static ReleaseNotes huge(int n) {
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      changes.add(new Change(Optional.of(i), "Support the bucket setting number " + i + " \uD83D\uDE80 " + "x".repeat(i % 7), "alice",
          true, List.of("kind/feature"), "a".repeat(40), Group.FEATURES));
    }
    return notes(changes);
  }

  @Test
  void aRerunReplacesOnlyItsOwnPartAndKeepsAMaintainersText() {
    String existing = "Highlights: S3 Express buckets.\n\n" + ReleaseBody.BEGIN + "\nold\n" + ReleaseBody.END + "\n\nThanks!";
    assertEquals("Highlights: S3 Express buckets.\n\n" + OURS + "\n\nThanks!", ReleaseBody.merge(existing, NEW));
  }

  @Test
  void generatedNotesWithoutTheMarkersStayAboveAndAnEmptyBodyIsOursAlone() {
    assertEquals("## What's Changed\n* x by @a\n\n" + OURS, ReleaseBody.merge("## What's Changed\r\n* x by @a\r\n", NEW));
    assertEquals(OURS, ReleaseBody.merge("", NEW));
    assertEquals(OURS, ReleaseBody.merge(OURS, NEW), "merging twice is merging once");
  }

  /**
   * Notes longer than GitHub takes give way, whole lines, to the sections that always stay: the
   * body is within the limit, ends with Install and Verify, splits no surrogate pair, says how many
   * changes were left out, and a re-run over it (or around a maintainer's text) writes the same.
   */
  @Test
  void hugeNotesGiveWayToTheInstallAndVerifySections() {
    ReleaseBody.Ours ours = new ReleaseBody.Ours(huge(4000), SECTIONS);
    assertTrue(ours.notes().markdown().length() > ReleaseBody.MAX, "the notes alone are over the limit");
    for (String existing : List.of("", "Highlights: S3 Express buckets.\n", "a".repeat(60_000))) {
      String merged = ReleaseBody.merge(existing, ours);
      assertTrue(merged.length() <= ReleaseBody.MAX, "at most " + ReleaseBody.MAX + ": " + merged.length());
      assertTrue(merged.startsWith(existing.strip()), "the text above stays");
      assertTrue(merged.endsWith("\n" + SECTIONS + ReleaseBody.END), "the fixed sections stay whole");
      assertTrue(merged.contains("more changes not shown, to stay within GitHub's limit: `ack-release notes v0.2.0`"), merged);
      assertTrue(merged.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE), "no lone surrogate (half an emoji)");
      assertEquals(merged, ReleaseBody.merge(merged, ours), "a re-run writes the same body");
    }
  }

  @Test
  void textAroundThatLeavesNoRoomForTheSectionsIsRefused() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ReleaseBody.merge("a".repeat(124_990), NEW));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("shorten that text on GitHub") && !e.getMessage().contains("\n"), e.getMessage());
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
