package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.fleet.Fleet;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --workspace}, {@code --parallel}, {@code --fail-fast}: many services in one run (publish, plan, verify). */
public final class FleetOptions {

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Every <service>-controller git clone in DIR, in one run (one JVM, shared registry sessions and caches).")
  Path workspace;

  /**
   * {@code --parallel} in plain digits as every whole number ({@link Main#plainInteger}); one too
   * large for an int is out of 1 to 64 as 65 is, said in the same words, not "not a whole number".
   */
  static final class ParallelConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (Main.outOfIntRange(value)) {
        throw Fleet.parallelOutOfRange(value);
      }
      return Main.plainInteger(value);
    }
  }

  @Option(names = "--parallel", paramLabel = "N", converter = ParallelConverter.class,
      description = "With several services: at most N at once, 1 to 64 (default: the machine's cores, at most 64).")
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

  /**
   * Refuses a {@code --parallel} outside 1 to 64 before anything runs, whether the run is over
   * one service or many: a value a fleet run refuses is refused for one service too.
   */
  void requireParallel() {
    if (parallel != null) {
      Fleet.requireParallel(parallel);
    }
  }

  /** {@code --parallel}, else the machine's cores, at most 64. */
  int parallel() {
    return parallel != null ? Fleet.requireParallel(parallel)
        : Math.min(Runtime.getRuntime().availableProcessors(), Fleet.MAX_PARALLEL);
  }
}
