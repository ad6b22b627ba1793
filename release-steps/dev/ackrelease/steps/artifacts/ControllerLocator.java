package dev.ackrelease.steps.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a service's controller repo: the given directory; else the working directory when it is
 * named {@code <service>-controller} or holds the chart {@code <service>-chart}; else the sibling
 * {@code ../<service>-controller} (ACK keeps controller repos side by side).
 */
public final class ControllerLocator {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ControllerLocator() {}

  /**
   * The controller dir of {@code service}: {@code explicit} when not null (it must exist), else
   * found from {@code workingDir}; invalid input naming the places tried when there is none.
   */
  public static Path locate(Path explicit, Path workingDir, String service) {
    ReleaseArtifacts.requireService(service);
    if (explicit != null) {
      Path dir = explicit.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw ReleaseException.invalidInput("controller directory " + dir + " does not exist: pass an existing --controller-dir");
      }
      return dir;
    }
    Path cwd = workingDir.toAbsolutePath().normalize();
    String repoName = service + "-controller";
    if (cwd.getFileName() != null && cwd.getFileName().toString().equals(repoName)) {
      return cwd;
    }
    if (holdsChart(cwd, service + "-chart")) {
      return cwd;
    }
    List<String> tried = new ArrayList<>();
    tried.add(cwd + " (not named " + repoName + ", no helm/ chart " + service + "-chart)");
    if (cwd.getParent() != null) {
      Path sibling = cwd.getParent().resolve(repoName);
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
      tried.add(sibling + " (does not exist)");
    }
    throw ReleaseException.invalidInput("cannot find the " + service + " controller; tried " + String.join(", ", tried)
        + ": run in the controller's clone or pass --controller-dir");
  }

  private static boolean holdsChart(Path dir, String chartName) {
    Path chart = dir.resolve(ReleaseArtifacts.CHART);
    if (!Files.isRegularFile(chart)) {
      return false;
    }
    try {
      JsonNode root = YAML.readTree(chart.toFile());
      return root != null && chartName.equals(root.path("name").asText(null));
    } catch (IOException e) {
      return false;
    }
  }
}
