package dev.ackrelease.steps.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.YamlInput;
import dev.ackrelease.steps.io.RepoPaths;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Before tagging: the chart's version and the image tag in helm/ must already be the release
 * version (the release commit comes first). A controller without helm/ has nothing to check.
 */
final class ReleaseArtifactsVersionCheck {

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());

  private ReleaseArtifactsVersionCheck() {}

  static void check(Path workTree, ReleaseVersion version, String service) {
    Path helm = workTree.resolve("helm");
    if (!Files.isDirectory(helm)) {
      return;
    }
    expect(RepoPaths.inside(workTree, "helm/Chart.yaml"), "version", version, service);
    expect(RepoPaths.inside(workTree, "helm/values.yaml"), "image.tag", version, service);
  }

  private static void expect(Path file, String key, ReleaseVersion version, String service) {
    String fix = ": run ack-release build-artifacts " + version.tag() + " --service " + service + ", commit, then tag";
    if (!Files.isRegularFile(file)) {
      throw ReleaseException.refused(file + " is missing" + fix);
    }
    JsonNode node;
    try {
      node = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw ReleaseException.invalidInput(file + " is not valid YAML" + YamlErrors.atLine(e) + " (" + YamlErrors.reason(e)
          + "): fix it before tagging");
    }
    for (String part : key.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    String have = node == null || node.isNull() ? null : node.asText();
    if (!version.plain().equals(have)) {
      throw ReleaseException.refused(file.getParent().getFileName() + "/" + file.getFileName() + " " + key + " is "
          + (have == null ? "missing" : have) + ", not " + version.plain() + fix);
    }
  }
}
