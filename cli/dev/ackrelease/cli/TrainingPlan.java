package dev.ackrelease.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.image.ImageName;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The training run's reading of plan ({@link Training}): what its stand-in registry
 * ({@link TrainingRegistry}) must record so that the no-op publish after it finds everything
 * published and builds nothing.
 */
final class TrainingPlan {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TRAINED_KINDS = new TreeSet<>(List.of("image", "chart"));
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private TrainingPlan() {}

  /**
   * What the stand-in records so that publish finds everything published: for the image and the
   * chart of plan's JSON document ({@code --output json}), each found built from other inputs (the
   * stand-in's until it records), its repository as the stand-in names it ({@code ack/s3-controller},
   * the row's {@code ref} read as an image reference by {@link ImageName}) and this build's inputs
   * (the digest in the row's {@code detail} that is not the stand-in's). Fields are read by name,
   * whatever the document's layout.
   *
   * @throws IllegalStateException naming what plan showed, when it did not show both so
   */
  static Map<String, String> inputsToRecord(String planJson) {
    JsonNode doc;
    try {
      doc = JSON.readTree(planJson);
    } catch (IOException e) {
      throw new IllegalStateException("plan's output is not JSON (" + e.getMessage() + ")", e);
    }
    Map<String, String> record = new LinkedHashMap<>();
    Set<String> kinds = new TreeSet<>();
    List<String> shown = new ArrayList<>();
    for (JsonNode row : doc.path("artifacts")) {
      String kind = row.path("kind").asText();
      String ref = row.path("ref").asText();
      String action = row.path("action").asText();
      shown.add(kind + " " + action);
      Optional<String> inputs = thisBuild(row.path("detail").asText());
      if (TRAINED_KINDS.contains(kind) && action.equals(Action.CONFLICT.text()) && inputs.isPresent() && !ref.isEmpty()) {
        record.put(ImageName.parse(ref).repository(), inputs.get());
        kinds.add(kind);
      }
    }
    if (!kinds.equals(TRAINED_KINDS)) {
      throw new IllegalStateException("plan did not show the image and the chart built from other inputs (it showed "
          + (shown.isEmpty() ? "no artifact" : String.join(", ", shown))
          + (doc.path("error").isTextual() ? "; plan: " + doc.path("error").asText() : "") + ")");
    }
    return record;
  }

  /** The build-inputs digest in a row's detail that is not the one the stand-in records for other builds. */
  private static Optional<String> thisBuild(String detail) {
    return DIGEST.matcher(detail).results().map(MatchResult::group).filter(d -> !d.equals(TrainingRegistry.OTHER_INPUTS)).findFirst();
  }
}
