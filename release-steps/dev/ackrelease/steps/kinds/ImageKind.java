package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.image.BuiltImage;
import dev.ackrelease.steps.image.ControllerBinaries;
import dev.ackrelease.steps.image.ControllerLayers;
import dev.ackrelease.steps.image.GoBuild;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.image.ImagePublisher;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.image.PushAhead;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller image: the binary per platform (built with ACK's version stamping, or given),
 * the image Jib builds on the base, pushed as one index under the immutable-tag rule. Built in
 * two steps the graph runs one after the other ({@link #binaries}, {@link #image}); the SBOM
 * reads the binaries too.
 */
public final class ImageKind implements ArtifactKind<Release, ImageKind.Built> {

  /** The binaries by platform and the image made of them. */
  public record Built(Map<Platform, Path> binaries, BuiltImage image) {}

  private final Log log;
  private final Retry.Policy retry;

  public ImageKind(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  @Override
  public String name() {
    return "image";
  }

  @Override
  public Decision decide(Release r) {
    Decision d = BuildInputsDecision.decide(log, r.session(), name(), r.imageName(), r.version().plain(),
        plan(r).buildInputs(), false, r.dryRun());
    if (!d.build()) {
      plan(r).layers().ifPresent(ControllerLayers::cancel); // nothing to build: their compression stops
    }
    return d;
  }

  /** Where the repository files of a run's image layer are staged, in its work directory. */
  public static Path filesDir(Path work) {
    return ImageBuilder.filesDir(layoutDir(work));
  }

  private static Path layoutDir(Path work) {
    return work.resolve("image/image");
  }

  /** The controller binary of each platform: built with Go, or the one given with {@code --binary}. */
  public Map<Platform, Path> binaries(Release r) {
    Release.ImagePlan p = plan(r);
    GoBuild go = p.inputs().go().map(t -> new GoBuild(log, r.files().cacheDir().resolve(CacheLayout.GO), t)).orElse(null);
    return new ControllerBinaries(go).provide(new ControllerBinaries.Request(r.platforms(), p.prebuilt(),
        r.source().controllerDir(), p.mainPackage(), p.inputs().versionPackage(), r.source().info(),
        r.files().work().resolve("image/bin")));
  }

  /** The image of {@code binaries} on the base, as ACK's Dockerfile makes it, in the run's work directory. */
  public BuiltImage image(Release r, Map<Platform, Path> binaries) {
    return image(r, binaries, Optional.empty());
  }

  /**
   * {@link #image(Release, Map)}, each layer sent to the registry as soon as it is compressed when
   * {@code decided} says the tag is absent and this is no dry run ({@link PushAhead}).
   */
  public BuiltImage image(Release r, Map<Platform, Path> binaries, Decision decided) {
    boolean absent = !r.dryRun() && decided.rows().stream().anyMatch(row -> row.action() == PublishedArtifact.Action.PLAN_PUSH);
    return image(r, binaries, absent ? Optional.of(new PushAhead(r.session(), r.imageName(), log)) : Optional.empty());
  }

  private BuiltImage image(Release r, Map<Platform, Path> binaries, Optional<PushAhead> ahead) {
    Release.ImagePlan p = plan(r);
    return new ImageBuilder(log, ahead, p.layers()).build(new ImageBuilder.Request(r.source().info(), r.source().url(), binaries,
        p.inputs().files(), p.inputs().user(), p.base(), layoutDir(r.files().work()), r.files().cacheDir(),
        p.buildInputs().digest()));
  }

  @Override
  public Built build(Release r) {
    Map<Platform, Path> binaries = binaries(r);
    return new Built(binaries, image(r, binaries));
  }

  @Override
  public List<PublishedArtifact> push(Release r, Built built) {
    return List.of(new ImagePublisher(log, retry).publish(new ImagePublisher.Request(built.image(), r.session().access(),
        r.imageName(), r.version().plain(), r.dryRun(), Optional.of(r.session()))));
  }

  private static Release.ImagePlan plan(Release r) {
    return r.image().orElseThrow(() -> new IllegalStateException("no image in a stable release"));
  }
}
