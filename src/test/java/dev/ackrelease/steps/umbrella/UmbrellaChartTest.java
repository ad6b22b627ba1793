package dev.ackrelease.steps.umbrella;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The update rules of test-infra's update-chart.sh on the real ack-chart ({@code ../shared/fixtures/ack-chart},
 * copied to {@code src/test/resources/ack-chart}): only the lines yq changes change, the version
 * bump follows the largest change, and Chart.lock's digest is Helm's.
 */
class UmbrellaChartTest {

  static final Path FIXTURE = Path.of("src/test/resources/ack-chart");
  static final String REPO = "oci://public.ecr.aws/aws-controllers-k8s";

  static UmbrellaChart fixture() throws IOException {
    return UmbrellaChart.parse(Files.readAllBytes(FIXTURE.resolve("Chart.yaml")), Files.readAllBytes(FIXTURE.resolve("values.yaml")));
  }

  static List<String> lines(byte[] bytes) {
    return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
  }

  @Test
  void theFixturesLockDigestIsHelmsHashOfItsDependencies() throws IOException {
    byte[] chart = Files.readAllBytes(FIXTURE.resolve("Chart.yaml"));
    assertEquals(ChartLock.recordedDigest(Files.readAllBytes(FIXTURE.resolve("Chart.lock"))), ChartLock.digest(chart));
    // And the whole lock as helm dependency update wrote it, given its time.
    byte[] lock = Files.readAllBytes(FIXTURE.resolve("Chart.lock"));
    assertEquals(new String(lock, StandardCharsets.UTF_8),
        new String(ChartLock.write(chart, Instant.parse("2026-08-21T19:16:32.288354066Z")), StandardCharsets.UTF_8));
  }

  @Test
  void aPatchUpgradeChangesTheDependencysVersionLineAndBumpsThePatch() throws IOException {
    UmbrellaChart chart = fixture();
    List<String> expected = new ArrayList<>(lines(chart.chartYaml()));
    List<UmbrellaChart.Edit> edits = chart.apply(List.of(new UmbrellaChart.Wanted("s3", "s3-chart", "1.10.1"),
        new UmbrellaChart.Wanted("sns", "sns-chart", chart.dependency("sns-chart").orElseThrow().version())), REPO);

    assertEquals(List.of("s3-chart 1.10.0 -> 1.10.1"), edits.stream().map(UmbrellaChart.Edit::describe).toList());
    assertEquals("46.158.2", chart.newVersion());
    // Byte for byte what yq's run leaves: the version line and s3-chart's version line, nothing else.
    expected.set(expected.indexOf("version: 46.158.1"), "version: 46.158.2");
    int s3 = expected.indexOf("  - name: s3-chart");
    assertEquals("    version: 1.10.0", expected.get(s3 + 2));
    expected.set(s3 + 2, "    version: 1.10.1");
    assertEquals(String.join("\n", expected), new String(chart.chartYaml(), StandardCharsets.UTF_8));
    assertEquals(Files.readString(FIXTURE.resolve("values.yaml")), new String(chart.valuesYaml(), StandardCharsets.UTF_8),
        "values.yaml untouched");
  }

  @Test
  void aNewDependencyIsInsertedByNameWithItsValuesAndBumpsTheMinor() throws IOException {
    UmbrellaChart chart = fixture();
    List<String> expected = new ArrayList<>(lines(chart.chartYaml()));
    List<String> expectedValues = new ArrayList<>(lines(chart.valuesYaml()));
    List<UmbrellaChart.Edit> edits = chart.apply(List.of(new UmbrellaChart.Wanted("cognitoidp", "cognitoidp-chart", "1.0.0")), REPO);

    assertEquals(List.of("cognitoidp-chart 1.0.0 (new)"), edits.stream().map(UmbrellaChart.Edit::describe).toList());
    assertEquals("46.159.0", chart.newVersion());
    expected.set(expected.indexOf("version: 46.158.1"), "version: 46.159.0");
    // sort_by(.name) puts it before the first name after it (cognitoidp-chart < documentdb-chart, after cloudwatchlogs-chart...).
    int before = -1;
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).startsWith("  - name: ") && expected.get(i).substring(10).compareTo("cognitoidp-chart") > 0) {
        before = i;
        break;
      }
    }
    expected.addAll(before, List.of("  - name: cognitoidp-chart", "    alias: cognitoidp", "    version: 1.0.0",
        "    repository: " + REPO, "    condition: cognitoidp.enabled"));
    assertEquals(String.join("\n", expected), new String(chart.chartYaml(), StandardCharsets.UTF_8));
    int key = -1;
    for (int i = 0; i < expectedValues.size(); i++) {
      if (!expectedValues.get(i).startsWith(" ") && !expectedValues.get(i).isEmpty()
          && expectedValues.get(i).compareTo("cognitoidp:") > 0) {
        key = i;
        break;
      }
    }
    expectedValues.addAll(key, List.of("cognitoidp:", "  enabled: false"));
    assertEquals(String.join("\n", expectedValues), new String(chart.valuesYaml(), StandardCharsets.UTF_8));
    String text = new String(chart.chartYaml(), StandardCharsets.UTF_8);
    assertEquals(sorted(dependencyOrder(text)), dependencyOrder(text), "dependencies stay sorted by name");
    String values = new String(chart.valuesYaml(), StandardCharsets.UTF_8);
    assertEquals(sorted(topKeys(values)), topKeys(values), "values keys stay sorted");
  }

  @Test
  void theLargestChangeDecidesTheBumpAndNothingChangedTouchesNothing() throws IOException {
    UmbrellaChart major = fixture();
    major.apply(List.of(new UmbrellaChart.Wanted("s3", "s3-chart", "1.10.1"),
        new UmbrellaChart.Wanted("ec2", "ec2-chart", "2.0.0")), REPO);
    assertEquals("47.0.0", major.newVersion());

    UmbrellaChart same = fixture();
    byte[] before = same.chartYaml();
    assertEquals(List.of(), same.apply(List.of(new UmbrellaChart.Wanted("s3", "s3-chart", "1.10.0")), REPO));
    assertEquals(new String(before, StandardCharsets.UTF_8), new String(same.chartYaml(), StandardCharsets.UTF_8));
    assertEquals("46.158.1", same.newVersion());
  }

  @Test
  void anOlderChartThanTheUmbrellasIsLeftOutNeverADowngrade() throws IOException {
    // A clone not pulled, or a patch of an older line: 1.9.5 and 1.0.0 are before 1.10.0 (numbers, not text).
    UmbrellaChart chart = fixture();
    byte[] before = chart.chartYaml();
    assertEquals(List.of(), chart.apply(List.of(new UmbrellaChart.Wanted("s3", "s3-chart", "1.0.0"),
        new UmbrellaChart.Wanted("s3", "s3-chart", "1.9.5")), REPO));
    assertEquals(new String(before, StandardCharsets.UTF_8), new String(chart.chartYaml(), StandardCharsets.UTF_8));
    assertEquals("46.158.1", chart.newVersion());
    assertEquals(List.of("s3: its chart s3-chart 1.0.0 is older than the umbrella's 1.10.0",
        "s3: its chart s3-chart 1.9.5 is older than the umbrella's 1.10.0"), chart.behind());

    UmbrellaChart newer = fixture();
    assertEquals(List.of("s3-chart 1.10.0 -> 1.11.0"), newer.apply(List.of(new UmbrellaChart.Wanted("s3", "s3-chart", "1.11.0")),
        REPO).stream().map(UmbrellaChart.Edit::describe).toList());
    assertEquals(List.of(), newer.behind());
  }

  @Test
  void aLockForTheEditedChartHasTheNewEntryAndHelmsDigest() throws IOException {
    UmbrellaChart chart = fixture();
    chart.apply(List.of(new UmbrellaChart.Wanted("cognitoidp", "cognitoidp-chart", "1.0.0")), REPO);
    String lock = new String(ChartLock.write(chart.chartYaml(), Instant.parse("2026-11-25T10:00:00.120Z")), StandardCharsets.UTF_8);
    assertTrue(lock.contains("- name: cognitoidp-chart\n  repository: " + REPO + "\n  version: 1.0.0\n"), lock);
    assertTrue(lock.endsWith("generated: \"2026-11-25T10:00:00.12Z\"\n"), lock);
    assertTrue(lock.contains("digest: " + ChartLock.digest(chart.chartYaml())));
    assertTrue(!ChartLock.digest(chart.chartYaml()).equals(ChartLock.recordedDigest(Files.readAllBytes(FIXTURE.resolve("Chart.lock")))));
  }

  @Test
  void aBrokenUmbrellaChartIsInvalidInput() {
    assertEquals(ReleaseException.Kind.INVALID_INPUT, assertThrows(ReleaseException.class,
        () -> UmbrellaChart.parse("name: x\nversion: one\n".getBytes(), "{}".getBytes())).kind());
    assertEquals(ReleaseException.Kind.INVALID_INPUT, assertThrows(ReleaseException.class,
        () -> UmbrellaChart.parse("[not, a, mapping".getBytes(), "{}".getBytes())).kind());
  }

  static List<String> dependencyOrder(String chart) {
    List<String> names = new ArrayList<>();
    for (String l : chart.split("\n")) {
      if (l.startsWith("  - name: ")) {
        names.add(l.substring("  - name: ".length()));
      }
    }
    return names;
  }

  static List<String> topKeys(String values) {
    List<String> keys = new ArrayList<>();
    for (String l : values.split("\n")) {
      if (!l.isEmpty() && !l.startsWith(" ") && l.contains(":")) {
        keys.add(l.substring(0, l.indexOf(':')));
      }
    }
    return keys;
  }

  static List<String> sorted(List<String> list) {
    return list.stream().sorted().toList();
  }

  static Optional<String> none() {
    return Optional.empty();
  }

  /** A version that is not MAJOR.MINOR.PATCH of at most nine digits a number is exit 2 (was an index or number exception: exit 1). */
  @Test
  void versionsThatAreNotMajorMinorPatchAreInvalidInput() {
    for (String bad : List.of(".", "1.2", "46.99999999999.1", "1.2.3-rc.1", "01.2.3", "")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> VersionChange.between(bad, "1.0.0"), bad);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), bad);
      assertThrows(ReleaseException.class, () -> VersionChange.PATCH.bump(bad), bad);
    }
    assertEquals("1.0.0", VersionChange.MAJOR.bump("0.999999999.3"));
    assertEquals(VersionChange.MINOR, VersionChange.between("1.2.3", "1.3.0"));
  }
}
