package dev.ackrelease.steps.ghrelease;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.TreeFiles;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.notes.NotesBuilder;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub release of a controller's release tag, made from the tag's commit, what the registry
 * holds and the notes: {@link #prepare} computes it without writing anything, {@link #publish}
 * makes GitHub's release match it (created as a draft, its assets uploaded, published last; a re-run
 * finds what is there, finishes what is missing and changes nothing that is right).
 */
public final class GitHubRelease {

  /** At most this much of {@code helm/crds} goes into the one CRD asset (the largest ACK controller's are a few MB). */
  static final long MAX_CRD_BYTES = 64L << 20;

  /** The release wanted: its tag, the commit it must name, its name, ack-release's part of the body, the assets. */
  public record Wanted(String tag, String commit, String name, ReleaseBody.Ours body, List<ReleaseAssets.Asset> assets) {}

  /** Everything the release is made of. */
  public record Prepared(Published published, ReleaseNotes notes, Wanted wanted) {}

  /**
   * What was done: {@code action} {@code created}, {@code updated}, {@code unchanged} (or in a dry
   * run {@code would create}, {@code would update}); {@code published}: whether it is public now.
   */
  public record Outcome(String action, String url, boolean published, List<AssetOutcome> assets) {

    /** Whether this run (or, in a dry run, a real run) changes nothing on GitHub. */
    public boolean unchanged() {
      return action.equals("unchanged");
    }
  }

  /** One asset's outcome: {@code uploaded}, {@code replaced}, {@code kept} (a dry run: {@code upload}, {@code keep}, ...). */
  public record AssetOutcome(String name, String action, String digest) {}

  private final Log log;
  private final GitHubClient client;

  public GitHubRelease(Log log, GitHubClient client) {
    this.log = log;
    this.client = client;
  }

  /**
   * The release of {@code version} of {@code service}: its tag's commit in {@code repo}, the CRDs
   * committed there, {@code published} (what the registry holds), and the notes with GitHub's pull
   * requests; {@code key}: the public key the signatures verify with, attached when known.
   */
  public Prepared prepare(GitRepo repo, String service, ReleaseVersion version, Published published, Optional<PublicKey> key) {
    ReleaseTag tag = ReleaseTags.find(repo, version).orElseThrow(() -> ReleaseException.refused(version + " is not tagged in "
        + repo.workTree() + ": fetch the tags (git fetch --tags) or run in the clone that was released"));
    Map<String, byte[]> crds = TreeFiles.in(repo, tag.commit(), "helm/crds", MAX_CRD_BYTES);
    if (crds.isEmpty()) {
      log.info("no helm/crds in " + version + ": the release carries no CRD file");
    }
    ReleaseNotes notes = new NotesBuilder(log).build(repo, service, NotesBuilder.range(repo, version),
        Optional.of(new PullRequests(client)), Optional.of(client.target()));
    List<ReleaseAssets.Asset> assets = ReleaseAssets.of(published, crds, key);
    ReleaseBody.Ours body = ReleaseBody.of(published, notes, client.target(), assets);
    return new Prepared(published, notes, new Wanted(version.tag(), tag.commit().getName(), version.tag(), body, assets));
  }

  /**
   * Makes GitHub's release match {@code prepared}; {@code replace}: assets with other bytes are replaced, not refused.
   * {@code keyFix}: what to pass for the key, the fix of a run without one on a release that has it (refused, exit 3),
   * e.g. {@code pass the public key it was signed with: --public-key FILE}.
   */
  public Outcome publish(Prepared prepared, boolean replace, boolean dryRun, String keyFix) {
    return new ReleaseSync(client, log).run(prepared.wanted(), replace, dryRun, keyFix);
  }
}
