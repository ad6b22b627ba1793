package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.ChartInspector;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code await}: returns as soon as a release is in the registry and verifies (the image index
 * and the chart, or the chart alone), looking again with backoff (1 s doubling to 30 s) until the
 * timeout; then a verification failure naming what is missing. It replaces the polling loops of
 * ACK's jobs (the umbrella chart's five minutes of {@code sleep}). A release is tagged last, so
 * once both tags are there the content is complete: a release that is there and does not verify
 * fails at once.
 */
public final class AwaitRelease {

  /** What to wait for, through which session, for how long. */
  public record Request(RegistrySession session, String service, ReleaseVersion version, List<Platform> platforms,
      boolean chartOnly, Duration timeout) {}

  /** What was found: the image index digest (empty with chart only) and the chart manifest digest. */
  public record Result(Optional<String> imageDigest, String chartDigest, int looks) {}

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final Log log;
  private final Retry.Policy retry;

  public AwaitRelease(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  public Result run(Request r) {
    String imageName = ImageRelease.repositoryName(r.service());
    String chartName = r.service() + "-chart";
    String tag = r.version().plain();
    long deadline = System.nanoTime() + r.timeout().toNanos();
    Duration delay = FIRST_DELAY;
    for (int looks = 1; ; looks++) {
      // Each look asks the registry again: what was absent a moment ago may be there now.
      r.session().forget(imageName, tag);
      r.session().forget(chartName, tag);
      List<String> missing = new ArrayList<>();
      if (!r.chartOnly() && r.session().manifest(imageName, tag).isEmpty()) {
        missing.add(r.session().access().registry().ref(imageName, tag));
      }
      if (r.session().manifest(chartName, tag).isEmpty()) {
        missing.add(r.session().access().registry().ref(chartName, tag));
      }
      if (missing.isEmpty()) {
        return verify(r, imageName, chartName, looks);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw ReleaseException.verification("timed out after " + describe(r.timeout()) + " waiting for " + r.service() + " "
            + r.version().tag() + ": " + String.join(" and ", missing) + " not in the registry; check that its publish job"
            + " ran, or wait longer with --timeout");
      }
      Duration wait = delay.compareTo(Duration.ofNanos(left)) > 0 ? Duration.ofNanos(left) : delay;
      log.info("waiting for " + String.join(" and ", missing) + " (next look in " + Math.max(1, wait.toSeconds()) + " s)");
      try {
        Thread.sleep(Math.max(1, wait.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "interrupted while waiting for " + r.service(), e);
      }
      delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    }
  }

  private Result verify(Request r, String imageName, String chartName, int looks) {
    if (r.chartOnly()) {
      String repository = r.session().access().registry().repositoryRef(imageName);
      String digest = new ChartInspector(log, retry).verify(r.session(), ChartInspector.Expectation.release(chartName,
          r.version().plain(), repository, Optional.empty())).manifestDigest();
      return new Result(Optional.empty(), digest, looks);
    }
    VerifyRelease.Result v = new VerifyRelease(log, retry).run(new VerifyRelease.Request(r.session(), r.service(), r.version(),
        r.platforms(), false));
    return new Result(Optional.of(v.imageDigest()), v.chartDigest(), looks);
  }

  private static String describe(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toSeconds() >= 60 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
