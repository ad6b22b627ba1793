package dev.ackrelease.steps.umbrella;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.YamlInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ACK's umbrella chart ({@code ack-chart}): its {@code Chart.yaml} and {@code values.yaml}
 * edited by the rules of test-infra's {@code update-chart.sh}, one changed line at a time so every
 * other byte (comments, order, formatting) stays. A dependency added gets the five lines every
 * dependency has ({@code name}, {@code alias}, {@code version}, {@code repository},
 * {@code condition}) at its place by name, and {@code <alias>: {enabled: false}} in
 * {@code values.yaml} at its place by key, as yq's {@code sort_by(.name)} and
 * {@code sort_keys} leave them; a dependency upgraded changes its {@code version} line (and its
 * {@code repository} when the registry differs). The chart's version is bumped by the largest
 * {@link VersionChange}: a major version change of a dependency bumps the major (minor and patch
 * to 0), a minor change or a new dependency the minor, a patch change the patch. A dependency
 * never goes back: a controller whose chart is older than the umbrella's (a clone not pulled, a
 * patch of an older line) is left as it is ({@link #behind}).
 */
public final class UmbrellaChart {

  /** One dependency as {@code Chart.yaml} lists it. */
  public record Dependency(String name, String alias, String version, String repository) {}

  /** A controller chart to include: {@code <service>-chart} at {@code version}. */
  public record Wanted(String service, String chartName, String version) {}

  /** What an update did to one dependency. */
  public record Edit(String chartName, Optional<String> from, String to, VersionChange change) {
    public String describe() {
      return from.map(f -> chartName + " " + f + " -> " + to).orElse(chartName + " " + to + " (new)");
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());
  private static final Pattern DEPENDENCY_START = Pattern.compile("^(\\s*)- name: *(\\S+)\\s*$");
  private static final Pattern TOP_KEY = Pattern.compile("^([A-Za-z0-9_.-]+):.*$");

  private final List<String> chart;
  private final List<String> values;
  private final String name;
  private final String version;
  private final Map<String, Dependency> dependencies;
  private final List<String> behind = new ArrayList<>();

  private UmbrellaChart(List<String> chart, List<String> values) {
    this.chart = new ArrayList<>(chart);
    this.values = new ArrayList<>(values);
    JsonNode doc = read(String.join("\n", chart), "Chart.yaml");
    this.name = doc.path("name").asText();
    this.version = doc.path("version").asText();
    if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
      throw ReleaseException.invalidInput("Chart.yaml of " + name + " has version '" + version + "', not X.Y.Z: fix the umbrella chart");
    }
    this.dependencies = new LinkedHashMap<>();
    for (JsonNode d : doc.path("dependencies")) {
      dependencies.put(d.path("name").asText(), new Dependency(d.path("name").asText(), d.path("alias").asText(null),
          d.path("version").asText(), d.path("repository").asText()));
    }
    if (!String.join("\n", values).isBlank()) {
      read(String.join("\n", values), "values.yaml");
    }
  }

  public static UmbrellaChart parse(byte[] chartYaml, byte[] valuesYaml) {
    return new UmbrellaChart(lines(chartYaml), lines(valuesYaml));
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The dependencies in {@code Chart.yaml}'s order. */
  public List<Dependency> dependencies() {
    return List.copyOf(dependencies.values());
  }

  public Optional<Dependency> dependency(String chartName) {
    return Optional.ofNullable(dependencies.get(chartName));
  }

  /**
   * Applies {@code wanted} (the GA controllers of a workspace) with {@code repository} for new or
   * moved dependencies; returns the edits (empty: nothing changed, nothing was touched).
   */
  public List<Edit> apply(List<Wanted> wanted, String repository) {
    List<Edit> edits = new ArrayList<>();
    for (Wanted w : wanted.stream().sorted(Comparator.comparing(Wanted::chartName)).toList()) {
      Dependency existing = dependencies.get(w.chartName());
      if (existing == null) {
        addDependency(w, repository);
        addValues(w.service());
        edits.add(new Edit(w.chartName(), Optional.empty(), w.version(), VersionChange.MINOR));
      } else if (VersionChange.older(w.version(), strip(existing.version()))) {
        behind.add(w.service() + ": its chart " + w.chartName() + " " + w.version() + " is older than the umbrella's "
            + strip(existing.version()));
      } else if (!strip(existing.version()).equals(w.version())) {
        setField(w.chartName(), "version", w.version());
        if (!existing.repository().equals(repository)) {
          setField(w.chartName(), "repository", repository);
        }
        dependencies.put(w.chartName(), new Dependency(w.chartName(), existing.alias(), w.version(), repository));
        edits.add(new Edit(w.chartName(), Optional.of(strip(existing.version())), w.version(),
            VersionChange.between(strip(existing.version()), w.version())));
      }
    }
    if (!edits.isEmpty()) {
      VersionChange largest = edits.stream().map(Edit::change).max(Enum::compareTo).orElseThrow();
      setTopLevel("version", largest.bump(version));
    }
    return edits;
  }

  /** The controllers {@link #apply} left out because their chart is older than the umbrella's dependency. */
  public List<String> behind() {
    return List.copyOf(behind);
  }

  /** The version after {@link #apply}: the current one bumped, or unchanged when nothing changed. */
  public String newVersion() {
    return read(String.join("\n", chart), "Chart.yaml").path("version").asText();
  }

  public byte[] chartYaml() {
    return bytes(chart);
  }

  public byte[] valuesYaml() {
    return bytes(values);
  }

  private void addDependency(Wanted w, String repository) {
    int start = indexOf(chart, l -> l.equals("dependencies:"));
    if (start < 0) {
      throw ReleaseException.invalidInput("Chart.yaml of " + name + " has no dependencies: list: fix the umbrella chart");
    }
    // The item indentation of the existing list (ACK's: two spaces), and where the new one sorts.
    String indent = "  ";
    int insertAt = -1;
    int end = start + 1;
    for (int i = start + 1; i < chart.size(); i++) {
      String line = chart.get(i);
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("-")) {
        break;
      }
      Matcher m = DEPENDENCY_START.matcher(line);
      if (m.matches()) {
        indent = m.group(1);
        if (insertAt < 0 && m.group(2).compareTo(w.chartName()) > 0) {
          insertAt = i;
        }
      }
      if (!line.isBlank()) {
        end = i + 1;
      }
    }
    if (insertAt < 0) {
      insertAt = end;
    }
    String field = indent + "  ";
    chart.addAll(insertAt, List.of(
        indent + "- name: " + w.chartName(),
        field + "alias: " + w.service(),
        field + "version: " + w.version(),
        field + "repository: " + repository,
        field + "condition: " + w.service() + ".enabled"));
    dependencies.put(w.chartName(), new Dependency(w.chartName(), w.service(), w.version(), repository));
  }

  private void addValues(String alias) {
    if (indexOf(values, l -> l.startsWith(alias + ":")) >= 0) {
      return; // already there (a dependency removed by hand, its values kept)
    }
    int insertAt = values.size();
    while (insertAt > 0 && values.get(insertAt - 1).isEmpty()) {
      insertAt--;
    }
    for (int i = 0; i < values.size(); i++) {
      Matcher m = TOP_KEY.matcher(values.get(i));
      if (m.matches() && m.group(1).compareTo(alias) > 0) {
        insertAt = i;
        break;
      }
    }
    values.addAll(insertAt, List.of(alias + ":", "  enabled: false"));
  }

  /** Sets {@code field} of the dependency named {@code chartName}, on its own line. */
  private void setField(String chartName, String field, String value) {
    for (int i = 0; i < chart.size(); i++) {
      Matcher m = DEPENDENCY_START.matcher(chart.get(i));
      if (m.matches() && m.group(2).equals(chartName)) {
        String itemIndent = m.group(1);
        for (int j = i + 1; j < chart.size(); j++) {
          String line = chart.get(j);
          if (DEPENDENCY_START.matcher(line).matches() || (!line.isEmpty() && !line.startsWith(itemIndent + " "))) {
            break;
          }
          Matcher f = Pattern.compile("^(\\s+)" + Pattern.quote(field) + ":( *)(\\S.*?)(\\s+#.*)?$").matcher(line);
          if (f.matches()) {
            chart.set(j, f.group(1) + field + ":" + (f.group(2).isEmpty() ? " " : f.group(2)) + value
                + (f.group(4) == null ? "" : f.group(4)));
            return;
          }
        }
        throw ReleaseException.invalidInput("dependency " + chartName + " in Chart.yaml has no " + field + " line: fix the umbrella chart");
      }
    }
    throw new IllegalStateException("no dependency " + chartName);
  }

  private void setTopLevel(String key, String value) {
    for (int i = 0; i < chart.size(); i++) {
      Matcher m = Pattern.compile("^" + key + ":( *)(\\S.*?)(\\s+#.*)?$").matcher(chart.get(i));
      if (m.matches()) {
        chart.set(i, key + ":" + (m.group(1).isEmpty() ? " " : m.group(1)) + value + (m.group(3) == null ? "" : m.group(3)));
        return;
      }
    }
    throw ReleaseException.invalidInput("Chart.yaml of " + name + " has no " + key + ": line: fix the umbrella chart");
  }

  private static String strip(String version) {
    return version.startsWith("v") ? version.substring(1) : version;
  }

  private static int indexOf(List<String> lines, Predicate<String> test) {
    for (int i = 0; i < lines.size(); i++) {
      if (test.test(lines.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode read(String text, String what) {
    try {
      JsonNode node = YAML.readTree(text);
      if (node == null || !node.isObject()) {
        throw ReleaseException.invalidInput(what + " of the umbrella chart is not a YAML mapping: fix it");
      }
      return node;
    } catch (IOException e) {
      throw ReleaseException.invalidInput(what + " of the umbrella chart is not valid YAML" + YamlErrors.atLine(e) + " ("
          + YamlErrors.reason(e) + "): fix it");
    }
  }

  /** The lines of a file; a final newline is kept by {@link #bytes}. */
  private static List<String> lines(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    return lines;
  }

  private static byte[] bytes(List<String> lines) {
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }
}
