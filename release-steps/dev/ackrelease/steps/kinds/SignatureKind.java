package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.SigningKey;
import java.util.ArrayList;
import java.util.List;

/**
 * cosign-format signatures of what the run published (the image index, the chart manifest, the
 * SBOM manifest), at {@code sha256-<hex>.sig} next to each. A signature set is read when it is
 * appended to (one by this key over the same payload is kept), so nothing is decided before.
 */
public final class SignatureKind implements ArtifactKind<SignatureKind.Input, List<PublishedArtifact>> {

  /** The release and the rows to sign, in the order their signatures are pushed. */
  public record Input(Release release, List<PublishedArtifact> subjects) {}

  private final CosignSignatures signatures;

  public SignatureKind(Log log) {
    this.signatures = new CosignSignatures(log);
  }

  @Override
  public String name() {
    return "signature";
  }

  @Override
  public Decision decide(Input in) {
    return Decision.mustBuild();
  }

  /** What to sign: the subjects with a digest (the payload and its signature are made as each is pushed). */
  @Override
  public List<PublishedArtifact> build(Input in) {
    return in.subjects().stream().filter(s -> s.digest() != null).toList();
  }

  @Override
  public List<PublishedArtifact> push(Input in, List<PublishedArtifact> subjects) {
    Release r = in.release();
    SigningKey key = r.supply().key().orElseThrow();
    List<PublishedArtifact> rows = new ArrayList<>();
    for (PublishedArtifact s : subjects) {
      rows.add(signatures.sign(r.session(), r.repositoryOf(s.kind()), s.digest(), key, r.dryRun()));
    }
    return rows;
  }
}
