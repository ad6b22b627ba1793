package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a chart directory in the order {@code helm package} writes them (Helm's
 * {@code loader.LoadDir} then {@code chartutil.Save}): {@code Chart.yaml}, {@code Chart.lock}
 * (apiVersion v2 only), {@code values.yaml}, {@code values.schema.json}, the templates, the other
 * files, then each sub-chart under {@code charts/} the same way. The tree is walked like Go's
 * {@code filepath.Walk} (names sorted per directory), the top chart's {@code .helmignore} applies
 * to every path under it, a sub-chart's included (a sub-chart's own .helmignore is a file like
 * any other: {@code LoadDir} reads only the top one), and a UTF-8 byte-order mark is dropped as
 * Helm drops it.
 */
final class ChartSource {

  /** One file of the package: its path inside the archive and its bytes. */
  record Entry(String path, byte[] data) {}

  private static final String CHART_YAML = "Chart.yaml";
  private static final String CHART_LOCK = "Chart.lock";
  private static final String VALUES = "values.yaml";
  private static final String SCHEMA = "values.schema.json";

  private ChartSource() {}

  /**
   * The entries of the chart in {@code dir} that {@code ignore} (the chart's .helmignore) keeps,
   * under {@code prefix/<name>/}; {@code chartYaml} is the (possibly rewritten) Chart.yaml text to
   * package and {@code name}/{@code apiVersion} come from it.
   */
  static List<Entry> entries(Path dir, HelmIgnore ignore, String prefix, String name, String apiVersion, byte[] chartYaml) {
    return entries(dir, "", ignore, prefix, name, apiVersion, chartYaml);
  }

  /** The entries of the chart in {@code dir}, at {@code top} (e.g. {@code charts/sub/}) under the top chart whose {@code ignore} applies. */
  private static List<Entry> entries(Path dir, String top, HelmIgnore ignore, String prefix, String name, String apiVersion,
      byte[] chartYaml) {
    List<String> files = new ArrayList<>();
    walk(dir, "", top, ignore, files);
    String base = prefix + name + "/";

    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(base + CHART_YAML, chartYaml));
    if ("v2".equals(apiVersion) && files.contains(CHART_LOCK)) {
      entries.add(new Entry(base + CHART_LOCK, read(dir, CHART_LOCK)));
    }
    for (String special : List.of(VALUES, SCHEMA)) {
      if (files.contains(special)) {
        entries.add(new Entry(base + special, read(dir, special)));
      }
    }
    files.stream().filter(f -> f.startsWith("templates/")).forEach(f -> entries.add(new Entry(base + f, read(dir, f))));
    files.stream().filter(ChartSource::isOtherFile).forEach(f -> entries.add(new Entry(base + f, read(dir, f))));
    for (Path sub : subCharts(dir, top, ignore)) {
      ChartMetadata meta = ChartMetadata.read(sub.resolve(CHART_YAML));
      entries.addAll(entries(sub, top + "charts/" + sub.getFileName() + "/", ignore, base + "charts/", meta.name(), meta.apiVersion(),
          read(sub, CHART_YAML)));
    }
    return entries;
  }

  private static boolean isOtherFile(String f) {
    if (f.startsWith("templates/")) {
      return false;
    }
    if (f.startsWith("charts/")) {
      return f.endsWith(".prov");
    }
    return !List.of(CHART_YAML, CHART_LOCK, VALUES, SCHEMA).contains(f);
  }

  private static List<Path> subCharts(Path dir, String top, HelmIgnore ignore) {
    Path charts = dir.resolve("charts");
    if (!Files.isDirectory(charts) || ignore.ignores(top + "charts", true)) {
      return List.of();
    }
    List<Path> subs = new ArrayList<>();
    for (Path p : sortedChildren(charts)) {
      String rel = "charts/" + p.getFileName();
      if (ignore.ignores(top + rel, Files.isDirectory(p)) || rel.endsWith(".prov")) {
        continue;
      }
      if (!Files.isDirectory(p) || !Files.isRegularFile(p.resolve(CHART_YAML))) {
        throw ReleaseException.invalidInput("sub-chart " + p + " is not an unpacked chart directory: unpack it under charts/ or remove it");
      }
      subs.add(p);
    }
    return subs;
  }

  private static void walk(Path dir, String rel, String top, HelmIgnore ignore, List<String> out) {
    for (Path p : sortedChildren(rel.isEmpty() ? dir : dir.resolve(rel))) {
      String name = rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName();
      boolean directory = Files.isDirectory(p);
      if (ignore.ignores(top + name, directory)) {
        continue;
      }
      if (directory) {
        walk(dir, name, top, ignore, out);
      } else if (Files.isRegularFile(p)) {
        out.add(name);
      } else {
        throw ReleaseException.invalidInput("cannot package " + p + ": it is not a regular file; remove it or list it in .helmignore");
      }
    }
  }

  private static List<Path> sortedChildren(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot list " + dir + " (" + e.getMessage() + "): check the chart directory");
    }
  }

  static byte[] read(Path dir, String rel) {
    Path file = dir.resolve(rel);
    try {
      byte[] data = Files.readAllBytes(file);
      boolean bom = data.length >= 3 && (data[0] & 0xff) == 0xEF && (data[1] & 0xff) == 0xBB && (data[2] & 0xff) == 0xBF;
      return bom ? Arrays.copyOfRange(data, 3, data.length) : data;
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " (" + e.getMessage() + "): check the chart directory");
    }
  }
}
