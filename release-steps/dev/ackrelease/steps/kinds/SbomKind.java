package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.supply.Sboms;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.supply.SpdxSbom;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image's SPDX SBOM at {@code sha256-<index>.sbom}: made from the binaries this run built,
 * or read back out of the published image when nothing was built, so it always describes what
 * the registry holds; one already there is kept only when it is this document (or the key signed
 * it before), anything else is refused.
 */
public final class SbomKind implements ArtifactKind<SbomKind.Input, byte[]> {

  /** The release, its image's row (the index digest), and the binaries built this run (empty: none). */
  public record Input(Release release, PublishedArtifact image, Map<Platform, Path> built) {}

  private final Log log;
  private final Sboms sboms;

  public SbomKind(Log log) {
    this.log = log;
    this.sboms = new Sboms(log);
  }

  @Override
  public String name() {
    return "sbom";
  }

  @Override
  public Decision decide(Input in) {
    Release r = in.release();
    return sboms.signedAlready(r.session(), r.imageName(), in.image().digest(), r.supply().key().map(SigningKey::publicKey),
        r.dryRun()).map(Decision::published).orElseGet(Decision::mustBuild);
  }

  @Override
  public byte[] build(Input in) {
    Release r = in.release();
    return sboms.document(r.session(), r.imageName(), subject(in), r.files().work().resolve("sbom-binaries"));
  }

  @Override
  public List<PublishedArtifact> push(Input in, byte[] sbom) {
    Release r = in.release();
    return List.of(sboms.attach(r.session(), r.imageName(), subject(in), sbom, r.files().dist(), r.dryRun()));
  }

  private SpdxSbom.Subject subject(Input in) {
    Release r = in.release();
    Release.ImagePlan image = r.image().orElseThrow();
    List<SpdxSbom.Binary> binaries = r.platforms().stream().filter(in.built()::containsKey)
        .map(p -> new SpdxSbom.Binary(p.toString(), in.built().get(p))).toList();
    Optional<byte[]> license = image.inputs().files().stream().filter(f -> f.name().equals("LICENSE"))
        .map(ImageBuilder.ImageFile::content).findFirst();
    Map<String, String> facts = r.buildFacts();
    return new SpdxSbom.Subject(r.registry().repositoryRef(r.imageName()), in.image().digest(), r.service(),
        r.version().plain(), r.source().info().commit(), r.source().url(), r.source().info().commitTime(), license, binaries,
        Optional.ofNullable(facts.get("baseImage")).filter(b -> !b.equals("scratch")),
        Optional.ofNullable(facts.get("baseImageDigest")));
  }
}
