package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.ChartFixture;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartPackagerTest {

  static final Instant COMMIT = Instant.parse("2026-11-20T10:15:30Z");
  static final String IMAGE = "public.ecr.aws/aws-controllers-k8s/s3-controller";

  @TempDir Path tmp;

  private final ChartPackager packager = new ChartPackager(Log.NONE);

  @Test
  void sameTreeAndCommitTimeGiveTheSameBytesWhateverTheFileTimes() throws Exception {
    Path a = ChartFixture.write(tmp.resolve("a/helm"), "s3", "1.8.2", IMAGE);
    Path b = ChartFixture.write(tmp.resolve("b/helm"), "s3", "1.8.2", IMAGE);
    try (var files = Files.walk(b)) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
      }
    }
    PackagedChart first = packager.pack(ChartPackager.Request.of(a, COMMIT));
    PackagedChart second = packager.pack(ChartPackager.Request.of(b, COMMIT));

    assertArrayEquals(first.tgz(), second.tgz());
    assertEquals(first.digest(), second.digest());
    assertEquals("s3-chart-1.8.2.tgz", first.fileName());
    assertEquals(ChartPackager.sha256(first.tgz()), first.digest());
    assertNotEquals(first.digest(), packager.pack(ChartPackager.Request.of(a, COMMIT.plusSeconds(1))).digest(),
        "the commit time is part of the package");
  }

  @Test
  void entriesHaveFixedOwnersModesAndTimesAndGzipHasNoTimeOrName() throws Exception {
    PackagedChart chart = packager.pack(ChartPackager.Request.of(ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE), COMMIT));
    byte[] tgz = chart.tgz();
    assertEquals(0, tgz[3] & 0x08, "gzip FLG: no file name");
    assertArrayEquals(new byte[4], Arrays.copyOfRange(tgz, 4, 8), "gzip MTIME is zero");
    for (TarArchiveEntry e : TarGz.read(tgz).headers().values()) {
      assertEquals(0644, e.getMode(), e.getName());
      assertTrue(e.isFile(), e.getName());
      assertEquals(0, e.getLongUserId());
      assertEquals(0, e.getLongGroupId());
      assertEquals("", e.getUserName());
      assertEquals("", e.getGroupName());
      assertEquals(COMMIT, e.getModTime().toInstant());
    }
  }

  /**
   * What each packaging format writes, pinned: the SHA-256 of the gzip header and the tar
   * stream (not of the deflate stream, which another zlib may encode differently) of the fixture
   * chart at COMMIT. The format is recorded in the chart's build inputs
   * ({@link PublishChart#INPUTS_FORMAT}), so a re-run compares inputs only with a chart packaged
   * the same way. When this fails because the package changed on purpose, add a new format
   * with the new value and bump {@code INPUTS_FORMAT}; never change an old entry.
   */
  static final Map<String, String> PACKAGING_FORMATS = Map.of(
      // commons-compress tar (mode 0100644, numbers ended by a space, 10 KiB records), gzip without comment or extra field.
      "ack-release/chart-inputs/1", "sha256:af2e3bf0389d66e8c54dcb52812cc9e72a00af7b8462bf714abb3103ace3b043",
      // Helm's Go archive/tar encoding (HelmTar), gzip with Helm's comment and extra subfield.
      "ack-release/chart-inputs/2", "sha256:c39797ab64adc348688e8c22af91f5a853998df9342e6cf9f2d9b96fe6b27fe0");

  @Test
  void thePackagingFormatIsPinnedToTheChartInputsFormat() throws Exception {
    byte[] tgz = packager.pack(ChartPackager.Request.of(ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE), COMMIT)).tgz();
    RawTgz raw = RawTgz.read(tgz);
    byte[] headerAndTar = new byte[raw.gzip().length() + raw.tar().length];
    System.arraycopy(tgz, 0, headerAndTar, 0, raw.gzip().length());
    System.arraycopy(raw.tar(), 0, headerAndTar, raw.gzip().length(), raw.tar().length);

    assertEquals(PACKAGING_FORMATS.get(PublishChart.INPUTS_FORMAT), ChartPackager.sha256(headerAndTar),
        "the package changed: add a new format to PACKAGING_FORMATS and bump PublishChart.INPUTS_FORMAT");
    assertEquals(PACKAGING_FORMATS.size(), new HashSet<>(PACKAGING_FORMATS.values()).size(), "each format packages differently");
    String inputs = PublishChart.buildInputs("0".repeat(40), COMMIT, ReleaseVersion.parseTag("v1.8.2"),
        PublishChart.Mode.RELEASE).json();
    assertTrue(inputs.contains("\"format\":\"" + PublishChart.INPUTS_FORMAT + "\""), inputs);
  }

  @Test
  void layoutAndContentsMatchHelmPackage() throws Exception {
    Path chartDir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE);

    TarGz ours = assertSameLayoutAsHelmPackage(chartDir, "s3-chart-1.8.2.tgz");

    assertTrue(ours.files().containsKey("s3-chart/templates/deployment.yaml"));
    assertFalse(ours.files().containsKey("s3-chart/notes.swp"), ".helmignore applies");
    assertFalse(ours.files().containsKey("s3-chart/scratch/todo.txt"), ".helmignore directory rule applies");
    assertFalse(ours.files().containsKey("s3-chart/templates/.hidden.yaml"), "Helm's default rule applies");
  }

  @Test
  void subChartDirectoriesArePackagedAfterTheParentAsHelmDoes() throws Exception {
    Path chartDir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE);
    Files.createDirectories(chartDir.resolve("charts/common/templates"));
    Files.writeString(chartDir.resolve("charts/common/Chart.yaml"), "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n");
    Files.writeString(chartDir.resolve("charts/common/values.yaml"), "shared: true\n");
    Files.writeString(chartDir.resolve("charts/common/templates/_labels.tpl"), "{{- define \"common.labels\" -}}a: b{{- end -}}\n");

    TarGz ours = assertSameLayoutAsHelmPackage(chartDir, "s3-chart-1.8.2.tgz");

    assertTrue(ours.files().containsKey("s3-chart/charts/common/templates/_labels.tpl"), ours.files().keySet().toString());
  }

  /** helm package and ack-release on the same tree: same entries in the same order, same bytes (Chart.yaml: same YAML). */
  private TarGz assertSameLayoutAsHelmPackage(Path chartDir, String fileName) throws Exception {
    Path helmOut = Files.createDirectories(tmp.resolve("helm-out"));
    new Helm(chartDir).packageIt().withDestination(helmOut).call();
    TarGz helm = TarGz.read(Files.readAllBytes(helmOut.resolve(fileName)));
    TarGz ours = TarGz.read(packager.pack(ChartPackager.Request.of(chartDir, COMMIT)).tgz());

    assertEquals(List.copyOf(helm.files().keySet()), List.copyOf(ours.files().keySet()), "same entries in the same order");
    for (String name : helm.files().keySet()) {
      if (name.endsWith("/Chart.yaml")) {
        // helm re-serialises Chart.yaml (dropping comments); ack-release keeps the file's text.
        assertEquals(ChartMetadata.YAML.readTree(helm.files().get(name)), ChartMetadata.YAML.readTree(ours.files().get(name)), name);
      } else {
        assertArrayEquals(helm.files().get(name), ours.files().get(name), name);
      }
    }
    assertEquals(Files.readString(chartDir.resolve("Chart.yaml")), ours.text(ours.files().keySet().iterator().next()));
    return ours;
  }

  @Test
  void versionOverrideRewritesOnlyTheVersionLineOfThePackagedChartYaml() throws Exception {
    Path chartDir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE);
    String original = Files.readString(chartDir.resolve("Chart.yaml"));

    PackagedChart stable = packager.pack(new ChartPackager.Request(chartDir, COMMIT, Optional.of("v1-stable")));

    assertEquals("s3-chart-v1-stable.tgz", stable.fileName());
    assertEquals("v1-stable", stable.version());
    assertEquals("1.8.2", stable.appVersion());
    assertEquals(original.replace("version: 1.8.2\n", "version: v1-stable\n"), TarGz.read(stable.tgz()).text("s3-chart/Chart.yaml"));
    assertTrue(original.contains("appVersion: 1.8.2\n"));
    assertEquals(original, Files.readString(chartDir.resolve("Chart.yaml")), "the repo is not edited");
  }

  /**
   * An exported chart is packaged with the .helmignore rules its export read from the commit,
   * read once: the same bytes as the exported copy gives, and the commit's rules still when the
   * export left .helmignore out (it ignores itself) for what was added to the tree since, as an
   * umbrella chart's dependencies pulled into charts/ (Helm's LoadDir reads the file whatever it
   * lists, and applies it under charts/ too).
   */
  @Test
  void anExportedChartIsPackagedWithTheRulesItsExportRead() throws Exception {
    GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.8.2");
    repo.write("helm/.helmignore", "*.md\n");
    repo.write("helm/NOTES.md", "left out\n");
    repo.commit("ignore markdown");
    Path copy = tmp.resolve("export");
    CommittedChart.Exported exported = export(repo, copy);
    PackagedChart handed = packager.pack(new ChartPackager.Request(copy, COMMIT, Optional.empty(), Optional.of(exported.ignore())));
    assertArrayEquals(packager.pack(ChartPackager.Request.of(copy, COMMIT)).tgz(), handed.tgz(), "the rules read once, the same bytes");
    assertFalse(TarGz.read(handed.tgz()).files().containsKey("s3-chart/NOTES.md"));

    repo.write("helm/.helmignore", ".helmignore\n*.md\n");
    repo.commit("the ignore file ignores itself");
    Path umbrella = tmp.resolve("umbrella");
    CommittedChart.Exported self = export(repo, umbrella);
    assertFalse(Files.exists(umbrella.resolve(".helmignore")), "the export leaves it out");
    Files.createDirectories(umbrella.resolve("charts/dep"));
    Files.writeString(umbrella.resolve("charts/dep/Chart.yaml"), "apiVersion: v2\nname: dep\nversion: 0.1.0\n");
    Files.writeString(umbrella.resolve("charts/dep/README.md"), "the dependency's readme\n");
    TarGz packaged = TarGz.read(packager.pack(new ChartPackager.Request(umbrella, COMMIT, Optional.empty(),
        Optional.of(self.ignore()))).tgz());
    assertTrue(packaged.files().containsKey("s3-chart/charts/dep/Chart.yaml"), packaged.files().keySet().toString());
    assertFalse(packaged.files().containsKey("s3-chart/charts/dep/README.md"), packaged.files().keySet().toString());
  }

  private static CommittedChart.Exported export(GitFixture repo, Path target) {
    try (GitRepo git = GitRepo.open(repo.dir())) {
      return CommittedChart.export(git, git.head().getId(), "helm", Optional.of(target), "helm/", CommitExport.RELEASE_A_NEW_VERSION);
    }
  }

  @Test
  void writesThePackageUnderItsHelmFileName() throws Exception {
    PackagedChart chart = packager.pack(ChartPackager.Request.of(ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", IMAGE), COMMIT));
    Path file = chart.writeTo(tmp.resolve("dist"));
    assertEquals(tmp.resolve("dist/s3-chart-1.8.2.tgz"), file);
    assertArrayEquals(chart.tgz(), Files.readAllBytes(file));
  }

  @Test
  void aDirectoryWithoutChartYamlIsInvalidInput() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> packager.pack(ChartPackager.Request.of(tmp, COMMIT)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("no Chart.yaml"), e.getMessage());
  }
}
