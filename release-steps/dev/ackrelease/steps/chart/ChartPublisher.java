package dev.ackrelease.steps.chart;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.publish.ImmutableTag;
import dev.ackrelease.steps.publish.PublishedArtifact;
import dev.ackrelease.steps.publish.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.Registry;

/**
 * Pushes a packaged chart to {@code <registry>/<chart-name>:<tag>} as Helm's OCI artifact, with
 * the ORAS SDK. The tag is looked up first and the registry's chart content layer digest is
 * compared with the package's: absent → push; same → skip ("already published"); different →
 * refuse (exit 3, both digests named), unless the tag is {@code movable} (the stable tag), which
 * is pushed over. A dry run only looks up and reports what it would do.
 */
public final class ChartPublisher {

  /** What to push where. {@code tag} is the chart version for releases and the stable version for stable. */
  public record Request(RegistryAccess access, PackagedChart chart, String tag, boolean movable, boolean dryRun,
      String buildInputs) {

    /** A released version: tag = chart version, immutable. */
    public static Request release(RegistryAccess access, PackagedChart chart, boolean dryRun) {
      return new Request(access, chart, chart.version(), false, dryRun, null);
    }

    /** The moving stable tag: tag = chart version ({@code v1-stable}), may be overwritten. */
    public static Request stable(RegistryAccess access, PackagedChart chart, boolean dryRun) {
      return new Request(access, chart, chart.version(), true, dryRun, null);
    }

    /** The same request, recording the digest of the chart's build inputs on its manifest. */
    public Request withBuildInputs(String digest) {
      return new Request(access, chart, tag, movable, dryRun, digest);
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
    long start = System.nanoTime();
    RegistryAccess access = request.access();
    HelmOciArtifact local = HelmOciArtifact.of(request.chart(), request.buildInputs());
    String name = request.chart().name();
    String refText = access.registry().ref(name, request.tag());
    ContainerRef ref = OciRegistries.ref(access.registry(), name, request.tag());
    Registry client = OciRegistries.client(access);

    Optional<TagContent> existing = lookUp(client, access, ref, refText);
    Optional<String> previous = existing.map(TagContent::contentDigest);
    ImmutableTag.Decision decision = ImmutableTag.decide(refText, previous, local.contentDigest(), request.movable(),
        request.dryRun());

    Action action = decision.action();
    String digest = local.manifestDigest();
    String detail;
    long bytes = 0;
    switch (action) {
      case ALREADY_PUBLISHED, WOULD_SKIP -> {
        digest = existing.orElseThrow().manifestDigest();
        detail = "chart content " + local.contentDigest() + " is already there";
      }
      case WOULD_REFUSE -> detail = decision.refusal();
      default -> {
        detail = decision.state() == ImmutableTag.State.DIFFERENT
            ? "moved from chart content " + previous.orElseThrow() + " to " + local.contentDigest()
            : "chart content " + local.contentDigest();
        bytes = action == Action.PUSHED ? push(client, access, ref, refText, local) : 0;
      }
    }
    log.info("chart " + refText + ": " + action.text() + " (" + digest + ")");
    PublishedArtifact row = new PublishedArtifact("chart", refText, digest, action, bytes,
        Duration.ofNanos(System.nanoTime() - start), detail);
    return new Result(row, local, previous);
  }

  /** What a tag holds: its manifest digest and the digest of its chart content layer (or of the manifest if it has none). */
  private record TagContent(String manifestDigest, String contentDigest) {}

  private Optional<TagContent> lookUp(Registry client, RegistryAccess access, ContainerRef ref, String refText) {
    Optional<Descriptor> descriptor = RegistryCall.run(retry, log, access, "look-up of " + refText,
        () -> OciRegistries.resolve(client, ref));
    if (descriptor.isEmpty()) {
      return Optional.empty();
    }
    String manifestDigest = descriptor.get().getDigest();
    if (!HelmOciArtifact.MANIFEST_MEDIA_TYPE.equals(descriptor.get().getMediaType())) {
      // An index or a Docker manifest at a chart tag: not a chart, so never the same chart.
      return Optional.of(new TagContent(manifestDigest, manifestDigest));
    }
    Manifest manifest = RegistryCall.run(retry, log, access, "reading the manifest of " + refText,
        () -> client.getManifest(ref.withDigest(manifestDigest)));
    String content = manifest.getLayers().stream()
        .filter(l -> HelmOciArtifact.CONTENT_MEDIA_TYPE.equals(l.getMediaType()))
        .map(Layer::getDigest)
        .findFirst()
        .orElse(manifestDigest);
    return Optional.of(new TagContent(manifestDigest, content));
  }

  private long push(Registry client, RegistryAccess access, ContainerRef ref, String refText, HelmOciArtifact local) {
    RegistryCall.run(retry, log, access, "upload of the chart config to " + refText, () -> client.pushBlob(ref, local.config()));
    RegistryCall.run(retry, log, access, "upload of the chart package to " + refText,
        () -> client.pushBlob(ref, local.chart().tgz()));
    Manifest manifest = Manifest.fromJson(new String(local.manifest(), StandardCharsets.UTF_8));
    RegistryCall.run(retry, log, access, "push of " + refText, () -> client.pushManifest(ref, manifest));
    Optional<Descriptor> after = RegistryCall.run(retry, log, access, "look-up of " + refText + " after the push",
        () -> OciRegistries.resolve(client, ref));
    if (after.isEmpty() || !local.manifestDigest().equals(after.get().getDigest())) {
      throw ReleaseException.verification("after the push " + refText + " points at "
          + after.map(Descriptor::getDigest).orElse("nothing") + ", not at the pushed manifest " + local.manifestDigest()
          + ": another push raced this one; run publish again");
    }
    return local.totalBytes();
  }
}
