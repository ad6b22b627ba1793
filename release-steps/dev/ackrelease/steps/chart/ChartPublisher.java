package dev.ackrelease.steps.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.ImmutablePush;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

/**
 * Pushes a packaged chart to {@code <registry>/<chart-name>:<tag>} as Helm's OCI artifact,
 * through the run's {@link RegistrySession} with the {@link ImmutablePush} rule shared with
 * images. The chart content layer decides: absent → push; same → skip ("already published");
 * different → refuse (exit 3, both digests named), unless the tag is {@code movable} (the stable
 * tag), which is pushed over. A dry run only looks up and reports what it would do.
 */
public final class ChartPublisher {

  /** What to push where. {@code tag} is the chart version for releases and the stable version for stable. */
  public record Request(RegistryAccess access, PackagedChart chart, String tag, boolean movable, boolean dryRun,
      String buildInputs, Optional<RegistrySession> session) {

    /** A released version: tag = chart version, immutable. */
    public static Request release(RegistryAccess access, PackagedChart chart, boolean dryRun) {
      return new Request(access, chart, chart.version(), false, dryRun, null, Optional.empty());
    }

    /** The moving stable tag: tag = chart version ({@code v1-stable}), may be overwritten. */
    public static Request stable(RegistryAccess access, PackagedChart chart, boolean dryRun) {
      return new Request(access, chart, chart.version(), true, dryRun, null, Optional.empty());
    }

    /** The same request, recording the digest of the chart's build inputs on its manifest. */
    public Request withBuildInputs(String digest) {
      return new Request(access, chart, tag, movable, dryRun, digest, session);
    }

    /** The same request through the run's session. */
    public Request withSession(RegistrySession s) {
      return new Request(access, chart, tag, movable, dryRun, buildInputs, Optional.of(s));
    }
  }

  /**
   * The summary row, the local artifact (manifest and content digests) and what the tag held
   * before this run (the content layer digest; empty when the tag was absent).
   */
  public record Result(PublishedArtifact artifact, HelmOciArtifact local, Optional<String> previousContentDigest) {}

  private final Log log;
  private final Retry.Policy retry;

  public ChartPublisher(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  public Result publish(Request request) {
    RegistryAccess access = request.access();
    RegistrySession session = request.session().orElseGet(() -> new RegistrySession(access, log, retry));
    HelmOciArtifact local = HelmOciArtifact.of(request.chart(), request.buildInputs());
    String name = request.chart().name();
    Optional<String> previous = session.manifest(name, request.tag()).map(ChartPublisher::contentDigest);
    List<ImmutablePush.Blob> blobs = List.of(
        new ImmutablePush.Blob(local.configDigest(), local.config().length, () -> new ByteArrayInputStream(local.config())),
        new ImmutablePush.Blob(local.contentDigest(), local.chart().size(), () -> new ByteArrayInputStream(local.chart().tgz())));
    PublishedArtifact row = new ImmutablePush(log).publish(session, new ImmutablePush.Artifact("chart", name, request.tag(),
        blobs, List.of(), HelmOciArtifact.MANIFEST_MEDIA_TYPE, local.manifest(), local.manifestDigest(), local.contentDigest(),
        ChartPublisher::contentDigest, request.movable(), "chart content " + local.contentDigest() + " is already there"),
        request.dryRun());
    log.detail("chart " + row.ref() + ": " + row.action().text() + " (" + row.digest() + ")");
    return new Result(row, local, previous);
  }

  /** What "the same chart" means at a tag: its chart content layer (a manifest without one is never the same). */
  static String contentDigest(RegistrySession.Fetched manifest) {
    for (JsonNode layer : manifest.json().path("layers")) {
      if (HelmOciArtifact.CONTENT_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        return layer.path("digest").asText();
      }
    }
    return manifest.digest();
  }
}
