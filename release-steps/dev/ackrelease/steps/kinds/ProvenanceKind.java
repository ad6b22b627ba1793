package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.steps.supply.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SLSA v1 provenance naming what the run published (the image and the chart), one statement
 * signed once as DSSE and attached at {@code sha256-<hex>.att} next to each subject. One by the
 * key with the same subjects and build definition is kept.
 */
public final class ProvenanceKind implements ArtifactKind<ProvenanceKind.Input, ProvenanceKind.Statement> {

  /** The release and the subjects (the image, unless stable, and the chart). */
  public record Input(Release release, List<PublishedArtifact> subjects) {}

  /** The statement and its envelope, signed when first needed (one signature, one KMS call). */
  public record Statement(byte[] statement, Supplier<byte[]> envelope, List<PublishedArtifact> subjects) {}

  private final Provenance provenance;

  public ProvenanceKind(Log log) {
    this.provenance = new Provenance(log);
  }

  @Override
  public String name() {
    return "provenance";
  }

  @Override
  public Decision decide(Input in) {
    return Decision.mustBuild();
  }

  @Override
  public Statement build(Input in) {
    Release r = in.release();
    List<PublishedArtifact> subjects = in.subjects().stream().filter(s -> s.digest() != null).toList();
    List<Provenance.Subject> named = new ArrayList<>();
    subjects.forEach(s -> named.add(new Provenance.Subject(r.registry().repositoryRef(r.repositoryOf(s.kind())), s.digest())));
    Map<String, String> facts = r.buildFacts();
    byte[] statement = Provenance.statement(named, new Provenance.Build(r.service(), r.version().tag(), r.registry().toString(),
        r.platforms().stream().map(Object::toString).toList(),
        r.stable() ? "stable" : "release", r.source().url(), r.source().info().commit(),
        Optional.ofNullable(facts.get("baseImage")), Optional.ofNullable(facts.get("baseImageDigest")),
        Optional.ofNullable(facts.get("goVersion")), r.image().map(Release.ImagePlan::mainPackage)), r.supply().builder());
    SigningKey key = r.supply().key().orElseThrow();
    return new Statement(statement, Provenance.signedOnce(statement, key), subjects);
  }

  @Override
  public List<PublishedArtifact> push(Input in, Statement s) {
    Release r = in.release();
    List<PublishedArtifact> rows = new ArrayList<>();
    for (PublishedArtifact subject : s.subjects()) {
      rows.add(provenance.attach(r.session(), r.repositoryOf(subject.kind()), subject.digest(), s.statement(), s.envelope(),
          r.supply().key().orElseThrow(), r.dryRun()));
    }
    return rows;
  }
}
