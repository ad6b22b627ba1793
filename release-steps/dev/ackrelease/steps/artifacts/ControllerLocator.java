package dev.ackrelease.steps.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlInput;
import dev.ackrelease.steps.io.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a service's controller repo: the given directory; else the working directory when it is
 * named {@code <service>-controller} or holds the chart {@code <service>-chart}; else the sibling
 * {@code ../<service>-controller} (ACK keeps controller repos side by side).
 */
public final class ControllerLocator {

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());
  private static final String CONTROLLER_SUFFIX = "-controller";
  private static final String CHART_SUFFIX = "-chart";

  private ControllerLocator() {}

  /**
   * The controller dir of {@code service}: {@code explicit} when not null (it must exist), else
   * found from {@code workingDir}; invalid input naming the places tried when there is none.
   */
  public static Path locate(Path explicit, Path workingDir, String service) {
    ReleaseArtifacts.requireService(service);
    if (explicit != null) {
      Path dir = explicit.toAbsolutePath().normalize();
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw ReleaseException.invalidInput("controller directory " + Echo.value(dir.toString()) + (Files.isRegularFile(dir)
            ? " is a file, not a directory" : " is not a directory") + ": pass the clone to --controller-dir");
      }
      if (!Files.isDirectory(dir)) {
        throw ReleaseException.invalidInput("controller directory " + Echo.value(dir.toString()) + " does not exist: pass an"
            + " existing --controller-dir");
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

  /**
   * The clone a command runs in, when there is one: {@code explicit} when not null (it must
   * exist), else the working directory when it is named {@code <service>-controller} or holds
   * the chart {@code <service>-chart}; empty elsewhere (a sibling is not "in a clone").
   */
  public static Optional<Path> cloneAt(Path explicit, Path workingDir, String service) {
    if (explicit != null) {
      return Optional.of(locate(explicit, workingDir, service));
    }
    Path cwd = workingDir.toAbsolutePath().normalize();
    boolean named = cwd.getFileName() != null && cwd.getFileName().toString().equals(service + CONTROLLER_SUFFIX);
    return named || holdsChart(cwd, service + CHART_SUFFIX) ? Optional.of(cwd) : Optional.empty();
  }

  private static boolean holdsChart(Path dir, String chartName) {
    return chartName(dir).filter(chartName::equals).isPresent();
  }

  /**
   * The service alias of a controller dir: {@code s3} from a dir named {@code s3-controller},
   * else from its chart named {@code s3-chart}; invalid input when neither tells.
   */
  public static String serviceOf(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw ReleaseException.invalidInput("controller directory " + dir + " is a file, not a directory: pass the controller's"
          + " clone to --controller-dir");
    }
    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
    if (name.endsWith(CONTROLLER_SUFFIX) && name.length() > CONTROLLER_SUFFIX.length()) {
      return name.substring(0, name.length() - CONTROLLER_SUFFIX.length());
    }
    return chartName(dir).filter(c -> c.endsWith(CHART_SUFFIX) && c.length() > CHART_SUFFIX.length())
        .map(c -> c.substring(0, c.length() - CHART_SUFFIX.length()))
        .orElseThrow(() -> ReleaseException.invalidInput("cannot tell the service of " + dir
            + " (not named <service>-controller, no helm/Chart.yaml named <service>-chart): pass --service, e.g. --service s3"));
  }

  /** The {@code name} of {@code helm/Chart.yaml} under {@code dir}, when the file is there and readable. */
  private static Optional<String> chartName(Path dir) {
    Path chart = RepoPaths.inside(dir, ReleaseArtifacts.CHART);
    if (!Files.isRegularFile(chart)) {
      return Optional.empty();
    }
    try {
      JsonNode root = YAML.readTree(chart.toFile());
      return Optional.ofNullable(root == null ? null : root.path("name").asText(null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
