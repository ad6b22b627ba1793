package dev.ackrelease.cli;

import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Plan;
import dev.ackrelease.steps.artifacts.Place;
import java.util.ArrayList;
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

  /**
   * The plan's data, with a row per release artifact file: {@code created} or {@code updated}
   * when written, the would-be word when only planned ({@code write} false), {@code unchanged}
   * when it already carries the release.
   */
  static Map<String, Object> json(Plan plan, boolean written) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("service", plan.service());
    json.put("version", plan.version().plain());
    json.put("tag", plan.version().tag());
    json.put("versionSource", plan.versionSource());
    json.put("imageRepository", plan.imageRepository());
    json.put("controllerDir", plan.controllerDir().toString());
    json.put("changes", places(plan.changes()));
    json.put("created", plan.createdFiles());
    json.put("files", plan.writtenFiles());
    json.put("artifacts", rows(plan, written));
    return json;
  }

  /** A row per release artifact file the plan writes (or, not {@code written}, would write). */
  static List<Map<String, Object>> rows(Plan plan, boolean written) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String file : plan.writtenFiles()) {
      boolean created = plan.createdFiles().contains(file);
      PublishedArtifact.Action action = written ? (created ? PublishedArtifact.Action.CREATED : PublishedArtifact.Action.UPDATED)
          : created ? PublishedArtifact.Action.WOULD_CREATE : PublishedArtifact.Action.WOULD_UPDATE;
      rows.add(PublishedArtifact.of("file", file, null, action, "carries " + plan.version().plain()).toData());
    }
    return rows;
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
