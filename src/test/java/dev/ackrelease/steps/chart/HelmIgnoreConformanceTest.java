package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.Log;
import dev.ackrelease.testing.ChartFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a chart's .helmignore leaves out, against real Helm (helm-java): helm/helm
 * pkg/chart/v2/loader/directory.go {@code LoadDir} reads the top chart's .helmignore with
 * pkg/ignore/rules.go {@code Parse} and skips what {@code Rules.Ignore} ignores, under Go's
 * bufio.Scanner, strings.TrimSpace and path/filepath.Match. The same chart packaged by
 * {@code helm package} and by ack-release holds the same files.
 */
class HelmIgnoreConformanceTest {

  @TempDir Path tmp;

  /** Rules whose reading a regular expression or Java's line and space rules got wrong. */
  @Test
  void theRulesLeaveOutWhatHelmPackageLeavesOut() throws Exception {
    Path dir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.0.0", "public.ecr.aws/x/y");
    String rules = "\ufeff*.swp\r\n"        // a byte-order mark, CRLF
        + "*.a\r*.b\n"                      // a lone CR does not end a line
        + "*.nbsp\u00a0\n"                  // NBSP is space to Go
        + "*.us\u001f\n"                    // U+001F is not
        + "[z-a]\n[a-\\]]\nx\\/\n"          // taken by Go, match nothing
        + "files/*??\n"                     // a star skips bytes: the 3 bytes of €
        + "/docs[/]gone.txt\n"              // a class matches /
        + "scratch/\n"
        + "x*[\n";                          // Go's filepath.Match stops at x, so takes it: it matches nothing
    Files.writeString(dir.resolve(".helmignore"), rules, StandardCharsets.UTF_8);
    for (String f : List.of("x.a", "x.b", "x.nbsp", "x.us", "z", "files/\u20ac", "files/e", "docs/gone.txt", "scratch/todo.txt")) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "x\n");
    }

    List<String> helm = List.copyOf(TarGz.read(helmPackage(dir)).files().keySet());
    List<String> ours = List.copyOf(TarGz.read(new ChartPackager(Log.NONE).pack(ChartPackager.Request.of(dir, Instant.EPOCH)).tgz()).files().keySet());

    assertEquals(helm.stream().sorted().toList(), ours.stream().sorted().toList(), "the files helm package keeps");
    assertTrue(ours.containsAll(List.of("s3-chart/x.a", "s3-chart/x.b", "s3-chart/x.us", "s3-chart/files/e", "s3-chart/z")), ours::toString);
    assertTrue(ours.stream().noneMatch(p -> p.endsWith(".swp") || p.endsWith(".nbsp") || p.contains("\u20ac") || p.contains("gone")
        || p.contains("scratch")), ours::toString);
  }

  /**
   * LoadDir reads the top chart's .helmignore only and walks the sub-charts under charts/ with
   * it, on their whole paths: a sub-chart's own .helmignore leaves nothing out (helm package
   * keeps it as a file), the top one's rules reach into the sub-chart.
   */
  @Test
  void onlyTheTopChartsRulesApplyToItsSubCharts() throws Exception {
    Path dir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.0.0", "public.ecr.aws/x/y");
    Path sub = Files.createDirectories(dir.resolve("charts/common/templates"));
    Files.writeString(sub.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n");
    Files.writeString(sub.resolveSibling(".helmignore"), "*.txt\n");
    Files.writeString(sub.resolveSibling("notes.txt"), "kept: the sub-chart's rules do not apply\n");
    Files.writeString(sub.resolveSibling("draft.swp"), "left out by the top chart's *.swp\n");
    Files.writeString(sub.resolve("_labels.tpl"), "{{- define \"common.labels\" -}}a: b{{- end -}}\n");

    List<String> helm = List.copyOf(TarGz.read(helmPackage(dir)).files().keySet());
    List<String> ours = List.copyOf(TarGz.read(new ChartPackager(Log.NONE).pack(ChartPackager.Request.of(dir, Instant.EPOCH)).tgz()).files().keySet());

    assertEquals(helm, ours, "the files helm package keeps, in its order");
    assertTrue(ours.contains("s3-chart/charts/common/notes.txt") && ours.contains("s3-chart/charts/common/.helmignore"), ours::toString);
    assertTrue(ours.stream().noneMatch(p -> p.endsWith(".swp")), ours::toString);
  }

  private byte[] helmPackage(Path dir) throws Exception {
    Path dest = Files.createDirectories(tmp.resolve("helm-out"));
    new Helm(dir).packageIt().withDestination(dest).call();
    return Files.readAllBytes(dest.resolve("s3-chart-1.0.0.tgz"));
  }
}
