package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --workspace}, {@code --parallel}, {@code --fail-fast}: many services in one run (publish, plan, verify). */
public final class FleetOptions {

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Every <service>-controller git clone in DIR, in one run (one JVM, shared registry sessions and caches).")
  Path workspace;

  @Option(names = "--parallel", paramLabel = "N",
      description = "With several services: at most N at once (default: the machine's cores).")
  Integer parallel;

  @Option(names = "--fail-fast", description = "With several services: start no more after one fails (default: all run).")
  boolean failFast;

  /** Whether this run is over many services: a workspace, or a comma-separated {@code --service}. */
  boolean many(String service) {
    return workspace != null || (service != null && service.contains(","));
  }

  /** Refuses a workspace together with a service list. */
  void requireOneSource(String service) {
    if (workspace != null && service != null) {
      throw ReleaseException.invalidInput("--workspace and --service both given: pass --workspace DIR or --service S,S..., not both");
    }
  }

  /** {@code --parallel}, else the machine's cores. */
  int parallel() {
    return parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
  }
}
