package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.steps.image.BuildConfig;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.supply.SigningKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a publish (or plan) is asked to do, grouped by concern. */
public record PublishRequest(Source source, Target target, Build build, Signing signing, Run run) {

  /** The controller's clone, the service (empty: from the clone), the mode asked for, the environment. */
  public record Source(Path controllerDir, Optional<String> service, PublishMode.Requested mode, Map<String, String> env) {}

  /** Where it goes: the registry, how to authenticate, and whether ECR Public repositories may be created. */
  public record Target(Registry registry, RegistryAuthOptions auth, boolean createRepositories) {}

  /** How the image is built: platforms, binaries given, base, pins, the Go and packages, the image user. */
  public record Build(List<Platform> platforms, Map<Platform, Path> prebuilt, Optional<String> baseImage, BuildConfig pins,
      Optional<Path> go, String mainPackage, Optional<String> versionPackage, String imageUser) {}

  /** This request with {@code prebuilt} as its binaries given (checked ones, by absolute path). */
  public PublishRequest withPrebuilt(Map<Platform, Path> prebuilt) {
    Build b = build;
    return new PublishRequest(source, target, new Build(b.platforms(), prebuilt, b.baseImage(), b.pins(), b.go(), b.mainPackage(),
        b.versionPackage(), b.imageUser()), signing, run);
  }

  /**
   * This request for one service of a fleet: its clone and its name, every other input (each the
   * same for every service, checked once before the first starts) as they are.
   */
  public PublishRequest forService(Path controllerDir, String service) {
    return new PublishRequest(new Source(controllerDir, Optional.of(service), source.mode(), source.env()), target, build, signing,
        run);
  }

  /** The supply chain: a signing key (its SBOM and provenance come with it), or an SBOM alone. */
  public record Signing(Optional<SigningKey> key, boolean sbom) {}

  /** How the run goes: a dry run, a read-back at the end, the cache, an OCI layout of the image. */
  public record Run(boolean dryRun, boolean verify, Path cacheDir, Optional<Path> ociLayout) {}
}
