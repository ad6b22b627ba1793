package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.publish.ImmutableTag;
import dev.ackrelease.steps.publish.PublishedArtifact;
import dev.ackrelease.steps.publish.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Manifest;

/**
 * Pushes a {@link BuiltImage} to {@code <registry>/<name>:<tag>} under the immutable-tag rule.
 * The tag is looked up first: absent, the blobs the registry lacks are pushed, then each
 * platform's manifest by digest, then the index by tag (last, so the tag never points at
 * something incomplete, and a run that died halfway resumes with what is missing); same index
 * digest, nothing is pushed ("already published"); another digest, the push is refused. A dry
 * run only reads the registry.
 */
public final class ImagePublisher {

  /** Blobs of this size or more get progress lines while they upload. */
  static final long PROGRESS_THRESHOLD = 8L << 20;

  /** What to push where; {@code name} is the repository under the registry's namespace, e.g. {@code s3-controller}. */
  public record Request(BuiltImage image, RegistryAccess access, String name, String tag, boolean dryRun) {}

  private final Log log;
  private final Retry.Policy retry;
  private final long progressThreshold;

  public ImagePublisher(Log log, Retry.Policy retry) {
    this(log, retry, PROGRESS_THRESHOLD);
  }

  ImagePublisher(Log log, Retry.Policy retry, long progressThreshold) {
    this.log = log;
    this.retry = retry;
    this.progressThreshold = progressThreshold;
  }

  public PublishedArtifact publish(Request request) {
    long start = System.nanoTime();
    BuiltImage image = request.image();
    Registry registry = request.access().registry();
    String ref = registry.ref(request.name(), request.tag());
    RegistryCalls calls = new RegistryCalls(log, retry, request.access());
    land.oras.Registry client = OciRegistries.client(request.access());
    ContainerRef tagRef = OciRegistries.ref(registry, request.name(), request.tag());
    String repository = registry.repositoryRef(request.name());

    Optional<String> remote = calls.call("lookup of " + ref, () -> OciRegistries.resolve(client, tagRef)).map(Descriptor::getDigest);
    ImmutableTag.Decision decision = ImmutableTag.decide(ref, remote, image.digest(), false, request.dryRun());
    switch (decision.action()) {
      case ALREADY_PUBLISHED, WOULD_SKIP -> {
        log.info(ref + " is already published with " + image.digest() + ": nothing to push");
        return result(ref, image, decision.action(), 0, start, "the registry has this image index");
      }
      case WOULD_REFUSE -> {
        log.info("would refuse: " + decision.refusal());
        return result(ref, image, Action.WOULD_REFUSE, 0, start, decision.refusal());
      }
      default -> { }
    }

    List<ContentDescriptor> missing = new ArrayList<>();
    for (ContentDescriptor blob : image.blobs()) {
      if (!calls.call("lookup of blob " + short12(blob) + " in " + repository,
          () -> OciRegistries.ifFound(() -> client.fetchBlobDescriptor(byDigest(repository, blob.digest()))).isPresent())) {
        missing.add(blob);
      }
    }
    long manifestBytes = image.platforms().stream().mapToLong(p -> p.manifest().size()).sum() + image.index().size();
    long blobBytes = missing.stream().mapToLong(ContentDescriptor::size).sum();
    String plan = missing.size() + " of " + image.blobs().size() + " blobs (" + mb(blobBytes) + "), "
        + image.platforms().size() + " manifests and the index";
    if (request.dryRun()) {
      log.info("would push " + ref + " (" + image.digest() + "): " + plan);
      return result(ref, image, Action.WOULD_PUSH, blobBytes + manifestBytes, start, "would push " + plan);
    }

    log.info("pushing " + ref + " (" + image.digest() + "): " + plan);
    long pushed = 0;
    for (ContentDescriptor blob : missing) {
      pushed += pushBlob(calls, client, repository, image, blob);
    }
    for (PlatformImage platform : image.platforms()) {
      pushed += pushManifest(calls, client, repository, image, platform);
    }
    byte[] index = image.read(image.index());
    log.info("pushing index " + image.digest() + " as " + ref);
    new RegistrySession(request.access(), log, retry).putManifest(request.name(), request.tag(), OciLayout.INDEX_MEDIA_TYPE, index);
    pushed += index.length;

    Optional<String> after = calls.call("lookup of " + ref, () -> OciRegistries.resolve(client, tagRef)).map(Descriptor::getDigest);
    if (!after.equals(Optional.of(image.digest()))) {
      throw ReleaseException.verification("after the push " + ref + " points at " + after.orElse("nothing") + ", not at "
          + image.digest() + ": check the registry (another push may have raced this one) and run again");
    }
    log.info("pushed " + ref + " (" + image.digest() + ", " + mb(pushed) + ")");
    return result(ref, image, Action.PUSHED, pushed, start, "pushed " + plan);
  }

  private long pushBlob(RegistryCalls calls, land.oras.Registry client, String repository, BuiltImage image, ContentDescriptor blob) {
    log.info("pushing blob " + short12(blob) + " (" + mb(blob.size()) + ")");
    ContainerRef ref = byDigest(repository, blob.digest());
    calls.call("push of blob " + short12(blob) + " to " + repository, () -> client.pushBlob(ref, blob.size(),
        () -> progress(open(image, blob), blob), Map.of()));
    return blob.size();
  }

  private long pushManifest(RegistryCalls calls, land.oras.Registry client, String repository, BuiltImage image,
      PlatformImage platform) {
    ContainerRef ref = byDigest(repository, platform.manifest().digest());
    if (calls.call("lookup of the " + platform.platform() + " manifest", () -> OciRegistries.ifFound(() -> client.probeDescriptor(ref)).isPresent())) {
      return 0;
    }
    byte[] bytes = image.read(platform.manifest());
    log.info("pushing manifest for " + platform.platform() + " (" + platform.manifest().digest() + ")");
    // A manifest parsed from JSON keeps that JSON, and ORAS sends it as is: the bytes hashed at build time.
    Manifest manifest = Manifest.fromJson(new String(bytes, StandardCharsets.UTF_8));
    calls.call("push of the " + platform.platform() + " manifest to " + repository, () -> client.pushManifest(ref, manifest));
    return bytes.length;
  }

  private static ContainerRef byDigest(String repository, String digest) {
    return ContainerRef.parse(repository + "@" + digest);
  }

  private static InputStream open(BuiltImage image, ContentDescriptor blob) {
    try {
      return Files.newInputStream(image.blobPath(blob.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs every quarter of a large blob as it is read for upload. */
  private InputStream progress(InputStream in, ContentDescriptor blob) {
    if (blob.size() < progressThreshold) {
      return in;
    }
    return new FilterInputStream(in) {
      private long read;
      private int quarter;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
          int q = (int) (read * 4 / blob.size());
          if (q > quarter && q < 4) {
            quarter = q;
            log.info("  blob " + short12(blob) + ": " + (q * 25) + "% of " + mb(blob.size()));
          }
        }
        return n;
      }
    };
  }

  private static PublishedArtifact result(String ref, BuiltImage image, Action action, long bytes, long start, String detail) {
    return new PublishedArtifact("image", ref, image.digest(), action, bytes, Duration.ofNanos(System.nanoTime() - start), detail);
  }

  private static String short12(ContentDescriptor blob) {
    return "sha256:" + blob.hex().substring(0, 12);
  }

  static String mb(long bytes) {
    return bytes < 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1024.0)
        : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
