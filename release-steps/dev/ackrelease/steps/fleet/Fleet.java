package dev.ackrelease.steps.fleet;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Many services in one run: a per-service step (publish, plan, verify: the same steps a single
 * run uses, not a copy) applied to each controller, at most {@code parallel} at once. Each
 * service's progress lines carry its name; one service failing does not stop the others unless
 * {@code failFast}, which skips those not yet started. The outcomes come back in the order of
 * the targets, each with its result or its failure.
 */
public final class Fleet {

  /** One controller of the fleet: its service alias and its clone. */
  public record Target(String service, Path controllerDir) {}

  /** What happened to one service: the step's result, or the failure (and the result so far, if any). */
  public record Outcome<R>(Target target, Optional<R> result, Optional<ReleaseException> failure, boolean skipped) {
    public boolean ok() {
      return failure.isEmpty() && !skipped;
    }
  }

  /** The step run for each service, with a log whose lines name the service. */
  public interface Step<R> {
    R run(Target target, Log log);
  }

  /** A failure that carries the result so far (publish's rows before the error). */
  public interface Partial<R> {
    Optional<R> partial(ReleaseException failure);
  }

  private final Log log;

  public Fleet(Log log) {
    this.log = Log.serialized(log);
  }

  /**
   * Every controller clone in {@code workspace}: the directories named {@code <service>-controller}
   * that are git repositories (a {@code .git} entry), sorted by name. Symlinks are not followed.
   */
  public static List<Target> workspace(Path workspace) {
    Path dir = workspace.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw ReleaseException.invalidInput("workspace " + workspace + " is not a directory: pass the directory holding the"
          + " <service>-controller clones to --workspace");
    }
    List<Target> targets = new ArrayList<>();
    try (var entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith("-controller") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && Files.exists(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
          String service = name.substring(0, name.length() - "-controller".length());
          if (service.matches("[a-z0-9]+")) {
            targets.add(new Target(service, p));
          }
        }
      }
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot list workspace " + workspace + " (" + e.getMessage() + "): pass a readable --workspace");
    }
    if (targets.isEmpty()) {
      throw ReleaseException.invalidInput("workspace " + workspace + " holds no <service>-controller git clone: clone the"
          + " controllers into it (e.g. git clone https://github.com/aws-controllers-k8s/s3-controller " + dir.resolve("s3-controller") + ")");
    }
    return targets;
  }

  /** {@code services} (a comma-separated list), each found as a single run finds it (from {@code workingDir}). */
  public static List<Target> services(String services, Path workingDir) {
    return named(services).stream().map(t -> new Target(t.service(), ControllerLocator.locate(null, workingDir, t.service())))
        .toList();
  }

  /** {@code services} (a comma-separated list) by name alone, for steps that need no clone (verify, await). */
  public static List<Target> named(String services) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String s : services.split(",", -1)) {
      String name = s.strip();
      ReleaseArtifacts.requireService(name);
      if (!names.add(name)) {
        throw ReleaseException.invalidInput("--service names " + name + " twice: list each service once");
      }
    }
    return names.stream().map(s -> new Target(s, null)).toList();
  }

  /** The most services at once. */
  public static final int MAX_PARALLEL = 64;

  /** {@code --parallel N}: 1 to {@value #MAX_PARALLEL} services at once. */
  public static int requireParallel(int parallel) {
    if (parallel < 1 || parallel > MAX_PARALLEL) {
      throw parallelOutOfRange(String.valueOf(parallel));
    }
    return parallel;
  }

  /** Exit 2 for a {@code --parallel} outside 1 to {@value #MAX_PARALLEL}, given as typed (a number too large for an int too). */
  public static ReleaseException parallelOutOfRange(String parallel) {
    return ReleaseException.invalidInput("--parallel " + parallel + " is not from 1 to " + MAX_PARALLEL + ": pass e.g. --parallel 4");
  }

  /** Runs {@code step} for every target, at most {@code parallel} at once; outcomes in the targets' order. */
  public <R> List<Outcome<R>> run(List<Target> targets, int parallel, boolean failFast, Step<R> step, Partial<R> partial) {
    requireParallel(parallel);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, targets.size())), r -> {
      Thread t = new Thread(r, "ack-release-fleet");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome<R>>> futures = new ArrayList<>();
      for (Target target : targets) {
        futures.add(pool.submit(() -> {
          if (stop.get()) {
            log.info(target.service() + ": skipped (--fail-fast: another service failed)");
            return new Outcome<R>(target, Optional.empty(), Optional.empty(), true);
          }
          Log prefixed = Log.prefixed(log, target.service() + ": ");
          try {
            return new Outcome<>(target, Optional.ofNullable(step.run(target, prefixed)), Optional.empty(), false);
          } catch (ReleaseException e) {
            prefixed.info("failed: " + e.getMessage());
            if (failFast) {
              stop.set(true);
            }
            return new Outcome<>(target, partial.partial(e), Optional.of(e), false);
          } catch (RuntimeException e) {
            ReleaseException bug = new ReleaseException(ReleaseException.Kind.INTERNAL, "internal error in " + target.service()
                + ": " + e + " (run again with --stacktrace and report it)", e);
            prefixed.info("failed: " + bug.getMessage());
            if (failFast) {
              stop.set(true);
            }
            return new Outcome<>(target, Optional.<R>empty(), Optional.of(bug), false);
          }
        }));
      }
      List<Outcome<R>> outcomes = new ArrayList<>();
      for (Future<Outcome<R>> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ReleaseException(ReleaseException.Kind.INTERNAL, "interrupted while waiting for the fleet", e);
        } catch (ExecutionException e) {
          throw new ReleaseException(ReleaseException.Kind.INTERNAL, "a fleet task failed: " + e.getCause(), e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The most severe kind among the failures (an internal error over a remote failure over a
   * build failure over a failed verification over a refusal over invalid input); empty when all
   * succeeded.
   */
  public static Optional<ReleaseException.Kind> mostSevere(List<? extends Outcome<?>> outcomes) {
    List<ReleaseException.Kind> order = List.of(ReleaseException.Kind.INTERNAL, ReleaseException.Kind.REMOTE,
        ReleaseException.Kind.BUILD, ReleaseException.Kind.VERIFICATION, ReleaseException.Kind.REFUSED,
        ReleaseException.Kind.INVALID_INPUT);
    return outcomes.stream().flatMap(o -> o.failure().stream()).map(ReleaseException::kind)
        .min(Comparator.comparingInt(k -> order.indexOf(k) < 0 ? order.size() : order.indexOf(k)));
  }
}
