package dev.ackrelease.steps.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.ReleaseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the release-bearing places in the text of each of the four artifact files: YAML
 * scalars through {@link YamlDocument}, the NOTES.txt image line through its fixed sentence, and
 * values.yaml's image keys by its lines ({@link ValuesScanner}) when its shape allows, which is
 * cheaper per line than a parse of the whole file.
 */
final class ArtifactPlaces {

  private static final Pattern NOTES_LINE = Pattern.compile("This chart deploys \"([^\"\\r\\n]*)\"");

  private ArtifactPlaces() {}

  /** The places of {@code file} (one of {@link ReleaseArtifacts#FILES}), each with want = have. */
  static Map<ArtifactKey, Place> locate(String file, String text) {
    Map<ArtifactKey, Place> places = new LinkedHashMap<>();
    switch (file) {
      case ReleaseArtifacts.CHART -> {
        YamlDocument yaml = YamlDocument.parse(file, text);
        put(places, ArtifactKey.CHART_NAME, yaml, "/name");
        put(places, ArtifactKey.CHART_VERSION, yaml, "/version");
        put(places, ArtifactKey.APP_VERSION, yaml, "/appVersion");
      }
      case ReleaseArtifacts.VALUES -> places.putAll(ValuesScanner.locate(file, text).orElseGet(() -> {
        // A shape the line scan does not take at face value: the parser decides, and names what is wrong.
        YamlDocument yaml = YamlDocument.parse(file, text);
        Map<ArtifactKey, Place> parsed = new LinkedHashMap<>();
        put(parsed, ArtifactKey.IMAGE_REPOSITORY, yaml, "/image/repository");
        put(parsed, ArtifactKey.IMAGE_TAG, yaml, "/image/tag");
        return parsed;
      }));
      case ReleaseArtifacts.NOTES -> places.put(ArtifactKey.NOTES_IMAGE, notesImage(file, text));
      case ReleaseArtifacts.KUSTOMIZATION -> {
        YamlDocument yaml = YamlDocument.parse(file, text);
        String entry = "/images/" + controllerImageIndex(yaml);
        put(places, ArtifactKey.KUSTOMIZE_NAME, yaml, entry + "/newName");
        put(places, ArtifactKey.KUSTOMIZE_TAG, yaml, entry + "/newTag");
      }
      default -> throw new IllegalArgumentException("not a release artifact: " + file);
    }
    return places;
  }

  private static void put(Map<ArtifactKey, Place> places, ArtifactKey key, YamlDocument yaml, String pointer) {
    places.put(key, yaml.place(pointer, key.key()));
  }

  private static int controllerImageIndex(YamlDocument yaml) {
    JsonNode images = yaml.node("/images");
    if (images.isMissingNode()) {
      throw ReleaseException.invalidInput(yaml.file() + ":1: images is missing: add an images entry with name: controller");
    }
    if (!images.isArray()) {
      throw ReleaseException.invalidInput(yaml.file() + ":" + yaml.line("/images")
          + ": images must be a sequence of image entries: fix the value");
    }
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      if ("controller".equals(images.get(i).path("name").asText(null))) {
        found.add(i);
      }
    }
    if (found.size() != 1) {
      throw ReleaseException.invalidInput(yaml.file() + ":" + yaml.line("/images") + ": images has "
          + (found.isEmpty() ? "no entry" : found.size() + " entries") + " with name: controller: keep exactly one");
    }
    return found.get(0);
  }

  private static Place notesImage(String file, String text) {
    Matcher m = NOTES_LINE.matcher(text);
    if (!m.find()) {
      throw ReleaseException.invalidInput(file + ":1: no line This chart deploys \"<image>\".: add it");
    }
    int start = m.start(1);
    int end = m.end(1);
    String have = m.group(1);
    int line = lineOf(text, start);
    if (m.find()) {
      throw ReleaseException.invalidInput(file + ":" + lineOf(text, m.start()) + ": a second This chart deploys line (the first is on line "
          + line + "): keep one");
    }
    return new Place(file, line, ArtifactKey.NOTES_IMAGE.key(), have, have, true, start, end);
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
