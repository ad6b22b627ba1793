package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.publish.PublishedArtifact;
import dev.ackrelease.steps.registry.RegistryAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The image part of {@code publish}, steps 2 to 4 of issue 6: binaries (built or prebuilt), the
 * image built locally, then pushed to {@code <registry>/<service>-controller:<version>} under the
 * immutable-tag rule. In a dry run the binaries and the image are still built (so the digest is
 * real) but the registry is only read.
 */
public final class ImageRelease {

  /**
   * Everything the image part needs. {@code service} is the alias ({@code s3}); {@code source}
   * the repository URL for the source label (may be null); {@code workDir} receives the binaries
   * and the image layout; {@code cacheDir} holds Go's and Jib's caches when the environment sets
   * none.
   */
  public record Request(Path controllerDir, String service, BuildInfo info, String source, List<Platform> platforms,
      Map<Platform, Path> prebuilt, String mainPackage, String versionPackage, BaseImage base, RegistryAccess target,
      Path workDir, Path cacheDir, boolean dryRun) {}

  /** The image built locally and what happened to it in the registry. */
  public record Result(BuiltImage image, PublishedArtifact artifact) {}

  private final Log log;
  private final Retry.Policy retry;
  private final GoBuild go;

  public ImageRelease(Log log, Retry.Policy retry, Path cacheDir) {
    this(log, retry, new GoBuild(log, cacheDir.resolve("go")));
  }

  ImageRelease(Log log, Retry.Policy retry, GoBuild go) {
    this.log = log;
    this.retry = retry;
    this.go = go;
  }

  /** The repository name of a service's controller image: {@code s3-controller}. */
  public static String repositoryName(String service) {
    return service + "-controller";
  }

  public Result run(Request r) {
    Map<Platform, Path> binaries = new ControllerBinaries(go).provide(new ControllerBinaries.Request(r.platforms(),
        r.prebuilt(), r.controllerDir(), r.mainPackage(), r.versionPackage(), r.info(), r.workDir().resolve("bin")));
    BuiltImage image = new ImageBuilder(log).build(new ImageBuilder.Request(r.info(), r.source(), binaries, r.base(),
        r.workDir().resolve("image"), r.cacheDir()));
    PublishedArtifact artifact = new ImagePublisher(log, retry).publish(new ImagePublisher.Request(image, r.target(),
        repositoryName(r.service()), r.info().version().plain(), r.dryRun()));
    return new Result(image, artifact);
  }
}
