package dev.ackrelease.steps.ghrelease;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubException;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.github.Releases.Asset;
import dev.ackrelease.steps.github.Releases.Release;
import dev.ackrelease.steps.github.Releases;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.Sizes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes GitHub's release of a tag what it should be, from whatever state a run finds it in: none,
 * a draft a run left half-made, or a published one. Everything is decided before anything is
 * written: the tag must be on GitHub at the release's commit, and an asset of the same name with
 * other bytes is refused (exit 3, nothing changed) unless replacing is allowed. Then: the draft
 * (made if missing), the body, each missing asset (an asset with the same bytes is kept; one whose
 * upload failed half-way, state {@code starter}, is deleted and sent again), and publishing last,
 * so a release is never public without all its assets.
 */
final class ReleaseSync {

  private final GitHubClient client;
  private final Releases releases;
  private final Log log;

  ReleaseSync(GitHubClient client, Log log) {
    this.client = client;
    this.releases = new Releases(client);
    this.log = log;
  }

  /** {@code keyFix}: how the command run is given the key, the fix of a run that would drop the release's (see {@link #requireKey}). */
  GitHubRelease.Outcome run(GitHubRelease.Wanted w, boolean replace, boolean dryRun, String keyFix) {
    requireTag(w);
    Optional<Release> found = releases.find(w.tag());
    List<Asset> there = found.map(r -> releases.assets(r.id())).orElse(List.of());
    requireKey(w, there, keyFix);
    List<GitHubRelease.AssetOutcome> plan = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (ReleaseAssets.Asset a : w.assets()) {
      Optional<Asset> same = there.stream().filter(t -> t.name().equals(a.name())).findFirst();
      String action = same.map(t -> compare(t, a)).orElse("upload");
      if (action.equals("conflict")) {
        conflicts.add(a.name() + " (GitHub has " + same.get().digest().orElse(same.get().size() + " bytes") + ", this release makes "
            + a.digest() + ")");
        action = replace ? "replace" : "refuse";
      }
      plan.add(new GitHubRelease.AssetOutcome(a.name(), action, a.digest()));
    }
    if (!conflicts.isEmpty() && !replace) {
      throw ReleaseException.refused("the GitHub release " + w.tag() + " has other bytes under " + String.join(", ", conflicts)
          + ": released assets are not overwritten; check them, then run again with --replace-assets to replace them");
    }
    String body = ReleaseBody.merge(found.map(Release::body).orElse(""), w.body());
    boolean bodyChanges = found.map(r -> !r.body().replace("\r\n", "\n").equals(body) || !r.name().equals(w.name())).orElse(true);
    boolean publish = found.map(Release::draft).orElse(true);
    if (dryRun) {
      return new GitHubRelease.Outcome(found.isEmpty() ? "would create" : bodyChanges || publish || changes(plan) ? "would update"
          : "unchanged", found.map(Release::htmlUrl).orElse(null), !publish, plan);
    }
    Release release = found.orElseGet(() -> client.ensure("create the draft release " + w.tag(), () -> releases.find(w.tag())
        .orElseGet(() -> {
          log.info("creating the draft release " + w.tag());
          return releases.createDraft(w.tag(), w.name(), body, w.commit());
        })));
    if (found.isPresent() && bodyChanges) {
      log.info("updating the body of the release " + w.tag());
      release = releases.update(release.id(), PullRequests.changes().put("name", w.name()).put("body", body));
    }
    List<GitHubRelease.AssetOutcome> done = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      done.add(sync(release, w.assets().get(i), plan.get(i), there));
    }
    if (release.draft()) {
      log.info("publishing the release " + w.tag());
      release = releases.update(release.id(), PullRequests.changes().put("draft", false).put("make_latest", "legacy"));
    }
    boolean changed = found.isEmpty() || bodyChanges || publish || changes(done);
    return new GitHubRelease.Outcome(found.isEmpty() ? "created" : changed ? "updated" : "unchanged", release.htmlUrl(), true,
        List.copyOf(done));
  }

  /** The tag must be on GitHub, at the release's commit: a release of a missing tag would make GitHub create one. */
  private void requireTag(GitHubRelease.Wanted w) {
    Optional<String> at = releases.tagCommit(w.tag());
    if (at.isEmpty()) {
      throw ReleaseException.refused("GitHub has no tag " + w.tag() + " in " + client.target().slug() + ": push it first"
          + " (ack-release tag " + w.tag() + " --push), then run again");
    }
    if (!at.get().equals(w.commit())) {
      throw ReleaseException.refused("the tag " + w.tag() + " on GitHub names " + at.get() + " but here it names " + w.commit()
          + ": fetch the tags (git fetch --tags --force) and check which commit was released");
    }
  }

  /**
   * A run without the public key on a release that has it ({@link ReleaseAssets#PUBLIC_KEY}, or its
   * checksums name it) would drop it: checksums without it, a body without the verify commands. It is
   * an input missing, not other bytes, so it is refused (exit 3, nothing changed) whatever
   * {@code --replace-assets} says, naming the key to pass ({@code keyFix}).
   */
  private void requireKey(GitHubRelease.Wanted w, List<Asset> there, String keyFix) {
    if (w.assets().stream().anyMatch(a -> a.name().equals(ReleaseAssets.PUBLIC_KEY))) {
      return;
    }
    String has;
    if (there.stream().anyMatch(t -> t.name().equals(ReleaseAssets.PUBLIC_KEY))) {
      has = "has " + ReleaseAssets.PUBLIC_KEY;
    } else {
      ReleaseAssets.Asset sums = w.assets().get(w.assets().size() - 1);
      Optional<Asset> theirs = there.stream().filter(t -> t.name().equals(sums.name()) && t.complete()).findFirst();
      if (theirs.isEmpty() || theirs.get().digest().filter(sums.digest()::equals).isPresent()
          || !ReleaseAssets.names(releases.download(theirs.get()), ReleaseAssets.PUBLIC_KEY)) {
        return;
      }
      has = "has " + sums.name() + " naming " + ReleaseAssets.PUBLIC_KEY;
    }
    throw ReleaseException.refused("the GitHub release " + w.tag() + " " + has + ", which this run would drop (it was given no"
        + " key): " + keyFix);
  }

  /** {@code keep} when GitHub has these bytes, {@code conflict} when other ones, {@code resend} for an upload that never finished. */
  private String compare(Asset there, ReleaseAssets.Asset wanted) {
    if (!there.complete()) {
      return "resend";
    }
    if (there.digest().isPresent()) {
      return there.digest().get().equals(wanted.digest()) ? "keep" : "conflict";
    }
    if (there.size() != wanted.bytes().length) {
      return "conflict";
    }
    // An Enterprise Server without asset digests: the bytes decide.
    return Digests.sha256(releases.download(there)).equals(wanted.digest()) ? "keep" : "conflict";
  }

  private GitHubRelease.AssetOutcome sync(Release release, ReleaseAssets.Asset a, GitHubRelease.AssetOutcome planned,
      List<Asset> there) {
    if (planned.action().equals("keep")) {
      return new GitHubRelease.AssetOutcome(a.name(), "kept", a.digest());
    }
    if (!planned.action().equals("upload")) {
      there.stream().filter(t -> t.name().equals(a.name())).forEach(t -> releases.deleteAsset(t.id()));
    }
    client.ensure("upload " + a.name() + " to the release " + release.tagName(), () -> {
      Optional<Asset> now = releases.assets(release.id()).stream().filter(t -> t.name().equals(a.name())).findFirst();
      if (now.isPresent()) {
        String state = compare(now.get(), a);
        if (state.equals("keep")) {
          return now.get(); // an earlier try got through
        }
        if (state.equals("conflict")) {
          throw ReleaseException.refused("someone else uploaded " + a.name() + " to the release " + release.tagName()
              + " while this run worked: check it, then run again (with --replace-assets to replace it)");
        }
        releases.deleteAsset(now.get().id());
      }
      log.info("uploading " + a.name() + " (" + Sizes.binary(a.bytes().length) + ")");
      try {
        return releases.upload(release, a.name(), a.contentType(), a.bytes());
      } catch (GitHubException e) {
        if (e.status() == 422 && e.errorCodes().contains("already_exists")) {
          throw new IOException("GitHub has an asset named " + a.name() + " already: reading the assets again");
        }
        throw e;
      }
    });
    return new GitHubRelease.AssetOutcome(a.name(), planned.action().equals("replace") ? "replaced" : "uploaded", a.digest());
  }

  private static boolean changes(List<GitHubRelease.AssetOutcome> assets) {
    return assets.stream().anyMatch(a -> !a.action().equals("keep") && !a.action().equals("kept"));
  }
}
