package dev.ackrelease.cli;

import dev.ackrelease.steps.artifacts.BuildArtifacts.Plan;
import dev.ackrelease.steps.artifacts.Place;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How build-artifacts and prepare print a plan: its changes as text lines, its data as JSON. */
final class ArtifactsOutput {

  private ArtifactsOutput() {}

  /** One line per created file and per changed place, {@code file:line: key: old → new}. */
  static void printChanges(Printer printer, Plan plan) {
    plan.createdFiles().forEach(f -> printer.line("  created " + f));
    plan.changes().forEach(p -> printer.line("  " + p.location() + ": " + p.key() + ": " + p.have() + " → " + p.want()));
  }

  static Map<String, Object> json(Plan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("service", plan.service());
    json.put("version", plan.version().plain());
    json.put("versionSource", plan.versionSource());
    json.put("imageRepository", plan.imageRepository());
    json.put("controllerDir", plan.controllerDir().toString());
    json.put("changes", places(plan.changes()));
    json.put("created", plan.createdFiles());
    json.put("files", plan.writtenFiles());
    return json;
  }

  private static List<Map<String, Object>> places(List<Place> places) {
    return places.stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", p.file());
      m.put("line", p.line());
      m.put("key", p.key());
      m.put("old", p.have());
      m.put("new", p.want());
      return m;
    }).toList();
  }
}
