package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.git.BranchPush;
import dev.ackrelease.steps.git.GitLocks;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubException;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.github.PullRequests.Pull;
import dev.ackrelease.steps.github.Releases;
import dev.ackrelease.steps.notes.NotesBuilder;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.prepare.PrepareRelease;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * ACK's release pull request (controller-release-pr.sh, done once and kept right): the next version
 * by ACK's policy, the release commit on {@code release-vX.Y.Z} (the {@code prepare} step), pushed
 * with a lease, and one open pull request "Release artifacts for release vX.Y.Z" with the notes: made
 * when there is none, updated when there is (never a second one, never GitHub's "already exists"),
 * left alone when nothing changed. An open release pull request of an older version is closed with
 * a comment naming the new one; one of a newer version is the release to update when the labels
 * decide (else refused). Everything that can refuse is checked before a branch or a commit is made.
 */
public final class ReleasePullRequest {

  /** What to propose: the service's clone, how the version is chosen, the remote and base branch, the image repository. */
  public record Request(Path controllerDir, String service, Optional<ReleaseBump> bump, boolean fromLabels, String remote,
      Optional<String> base, String imageRepository) {}

  /**
   * What was done: {@code action} is {@code created}, {@code updated} (its title, body or branch:
   * {@code pushed} says whether a new release commit went to the remote), {@code unchanged} or
   * {@code nothing} (no release label, or the base already carries the version: {@code reason} says).
   */
  public record Result(String action, String reason, String version, Optional<String> previous, String bump, String branch,
      String commit, boolean pushed, int number, String url, List<Integer> closed, ReleaseNotes notes) {}

  private final Log log;
  private final GitHubClient github;
  private final BranchPushes pushes;

  /** How the clone's branch reaches the remote (a seam: the real one is {@link BranchPush}). */
  public interface BranchPushes {
    BranchPush on(GitRepo repo, String remote);
  }

  public ReleasePullRequest(Log log, GitHubClient github, BranchPushes pushes) {
    this.log = log;
    this.github = github;
    this.pushes = pushes;
  }

  public Result run(Request q) {
    ReleaseArtifacts.requireService(q.service());
    if (q.imageRepository() != null) {
      ReleaseArtifacts.requireImageRepository(q.imageRepository());
    }
    if (q.bump().isPresent() == q.fromLabels()) {
      throw ReleaseException.invalidInput("pass --bump patch|minor or --from-labels (one of them): e.g. ack-release release-pr --service "
          + q.service() + " --from-labels");
    }
    try (GitRepo repo = GitRepo.open(q.controllerDir())) {
      if (!repo.hasRemote(q.remote())) {
        throw ReleaseException.invalidInput("no git remote named '" + Echo.value(q.remote()) + "': add it (git remote add "
            + Echo.value(q.remote()) + " URL) or pass --remote NAME");
      }
      String base = base(repo, q.base());
      WorkTreeStatus.requireClean(repo, "open a release pull request");
      GitLocks.requireIndexUnlocked(repo, "open a release pull request");
      repo.tagger();
      RevCommit head = repo.head();
      Optional<ReleaseTag> last = ReleaseTags.newestReachableFromHead(repo);
      Optional<ReleaseVersion> lastVersion = last.map(ReleaseTag::version);
      PullRequests pulls = new PullRequests(github);
      ReleaseVersion probe = ReleaseBump.MINOR.next(lastVersion);
      ReleaseNotes notes = new NotesBuilder(log).build(repo, q.service(), new NotesBuilder.Range(probe, last, head.getId(), false),
          Optional.of(pulls), Optional.of(github.target()));
      Optional<ReleaseBump> labelled = q.fromLabels() ? ReleaseBump.fromLabels(notes) : q.bump();
      if (labelled.isEmpty()) {
        String reason = "no pull request merged since " + last.map(ReleaseTag::name).orElse("the first commit") + " carries "
            + ReleaseBump.MINOR_LABEL + " or " + ReleaseBump.PATCH_LABEL + ": nothing to release";
        return nothing(reason, notes);
      }
      ReleaseVersion version = labelled.get().next(lastVersion);
      String why = q.fromLabels() ? "from the " + (labelled.get() == ReleaseBump.MINOR ? ReleaseBump.MINOR_LABEL
          : ReleaseBump.PATCH_LABEL) + " label of " + numbers(notes, labelled.get()) : "as asked (--bump " + labelled.get().text() + ")";
      OpenReleases open = OpenReleases.read(pulls.open());
      Optional<ReleaseVersion> newer = open.newestAbove(version, lastVersion);
      if (newer.isPresent()) {
        if (!q.fromLabels()) {
          throw ReleaseException.refused("release pull request #" + open.number(newer.get()) + " is open for " + newer.get()
              + ", newer than " + version + ": pass --bump minor to update it, or close it first");
        }
        log.info("release pull request #" + open.number(newer.get()) + " is open for " + newer.get() + ": updating it rather than"
            + " proposing " + version);
        version = newer.get();
        why = why + " (the open release pull request #" + open.number(version) + " was already " + version + ")";
      }
      notes = notes.as(version.tag()); // read before the version was known: they are the notes of this one
      String branch = "release-" + version.tag();
      requireUnreleased(repo, pulls, version, branch);
      String body = ReleasePrBody.body(q.service(), version, lastVersion, labelled.get(), why, notes);
      Proposed proposed = propose(repo, q, version, branch, base, head);
      if (proposed.commit() == null) {
        return nothing("the release artifacts on " + base + " already carry " + version.plain() + ": tag it (ack-release tag "
            + version.tag() + " --push)", notes);
      }
      Opened opened = openOrUpdate(pulls, branch, base, ReleasePrBody.title(version), body);
      Pull pr = opened.pull();
      List<Integer> closed = new ArrayList<>();
      for (OpenReleases.Entry older : open.entries()) {
        if (older.pull().number() != pr.number() && (older.version().compareTo(version) < 0 || older.version().equals(version))) {
          close(pulls, older.pull(), pr.number(), version);
          closed.add(older.pull().number());
        }
      }
      // A push of a new release commit changes the pull request (its commits) even when its title and body stay.
      String action = opened.action().equals("unchanged") && proposed.pushed() ? "updated" : opened.action();
      return new Result(action, null, version.tag(), last.map(ReleaseTag::name), labelled.get().text(), branch,
          proposed.commit(), proposed.pushed(), pr.number(), pr.htmlUrl(), List.copyOf(closed), notes);
    }
  }

  /** The base branch: the current one (and {@code --base}, when given, must be it), or {@code --base} on a detached HEAD. */
  private static String base(GitRepo repo, Optional<String> asked) {
    Optional<String> current = repo.branch();
    if (current.isPresent()) {
      if (asked.isPresent() && !asked.get().equals(current.get())) {
        throw ReleaseException.refused("HEAD is on " + Echo.value(current.get()) + ", not on --base " + Echo.value(asked.get())
            + ": check out that branch (git checkout BRANCH) or drop --base");
      }
      return current.get();
    }
    return asked.orElseThrow(() -> ReleaseException.invalidInput("HEAD is detached: pass --base BRANCH, the branch the release"
        + " pull request goes into (e.g. --base main)"));
  }

  /** Refuses a version already tagged, here or on GitHub, or whose release pull request was merged. */
  private void requireUnreleased(GitRepo repo, PullRequests pulls, ReleaseVersion version, String branch) {
    if (ReleaseTags.exists(repo, version.tag()) || new Releases(github).tagCommit(version.tag()).isPresent()) {
      throw ReleaseException.refused(version + " is already tagged: fetch the tags (git fetch --tags) and run again, or tag"
          + " and publish it if that is what is missing");
    }
    for (Pull p : pulls.fromBranch(branch, "closed")) {
      if (p.merged()) {
        throw ReleaseException.refused("release pull request #" + p.number() + " for " + version + " was merged: tag the merge"
            + " (ack-release tag " + version.tag() + " --push) instead of proposing it again");
      }
    }
  }

  /** The release commit on {@code branch} ({@code null}: none needed) and whether this run pushed it. */
  private record Proposed(String commit, boolean pushed) {}

  /**
   * Makes the release commit on a fresh {@code branch} from HEAD (a branch this tool made before is
   * made again; anyone else's is refused), returns to the base, and pushes the commit unless the
   * remote's branch already holds the same tree on the same base.
   */
  private Proposed propose(GitRepo repo, Request q, ReleaseVersion version, String branch, String base, RevCommit head) {
    ReleaseBranch local = new ReleaseBranch(repo, branch, version);
    local.requireOurs();
    PrepareRelease.Result prepared = local.remake(base, head, () -> new PrepareRelease(log).run(new PrepareRelease.Request(
        q.controllerDir(), q.controllerDir(), q.service(), version.tag(), branch, q.imageRepository())));
    if (!prepared.committed()) {
      return new Proposed(null, false);
    }
    BranchPush push = pushes.on(repo, q.remote());
    Optional<ObjectId> there = push.remoteCommit(branch);
    if (there.isPresent()) {
      RevCommit remote = push.fetch(branch, there.get());
      if (local.sameChange(remote, prepared.commit())) {
        local.reset(remote);
        log.info(q.remote() + " already has this release commit on " + branch + " (" + remote.abbreviate(7).name() + "): not pushed");
        return new Proposed(remote.name(), false);
      }
    }
    push.push(branch, there);
    return new Proposed(prepared.commit(), true);
  }

  /** The release pull request and what this run did to it: {@code created}, {@code updated} or {@code unchanged}. */
  private record Opened(Pull pull, String action) {}

  /**
   * The one open pull request from {@code branch}: updated (title and body) when it differs, else left
   * alone; created when there is none. A create GitHub refuses because the pull request exists
   * (another run's, or this run's first try that GitHub carried out) is read again and updated instead.
   */
  private Opened openOrUpdate(PullRequests pulls, String branch, String base, String title, String body) {
    return github.ensure("open the release pull request from " + branch, () -> {
      Optional<Opened> updated = update(pulls, branch, title, body);
      if (updated.isPresent()) {
        return updated.get();
      }
      try {
        Pull made = pulls.create(title, github.target().owner() + ":" + branch, base, body);
        log.info("opened release pull request #" + made.number() + " " + made.htmlUrl());
        return new Opened(made, "created");
      } catch (GitHubException e) {
        if (e.status() != 422 || !e.getMessage().contains("already exists")) {
          throw e;
        }
        return update(pulls, branch, title, body).orElseThrow(() -> e);
      }
    });
  }

  private Optional<Opened> update(PullRequests pulls, String branch, String title, String body) {
    Optional<Pull> existing = pulls.fromBranch(branch, "open").stream().min(Comparator.comparingInt(Pull::number));
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    Pull p = existing.get();
    if (p.title().equals(title) && p.body().equals(body)) {
      log.info("the title and body of release pull request #" + p.number() + " are up to date");
      return Optional.of(new Opened(p, "unchanged"));
    }
    log.info("updating release pull request #" + p.number());
    return Optional.of(new Opened(pulls.update(p.number(), PullRequests.changes().put("title", title).put("body", body)), "updated"));
  }

  /** Comments once (a re-run finds its comment) and closes. */
  private void close(PullRequests pulls, Pull older, int number, ReleaseVersion version) {
    String comment = ReleasePrBody.superseded(number, version);
    github.ensure("close release pull request #" + older.number(), () -> {
      if (!pulls.comments(older.number()).contains(comment)) {
        pulls.comment(older.number(), comment);
      }
      return pulls.update(older.number(), PullRequests.changes().put("state", "closed"));
    });
    log.info("closed release pull request #" + older.number() + " (" + older.title() + "): superseded by #" + number);
  }

  private static String numbers(ReleaseNotes notes, ReleaseBump bump) {
    return String.join(", ", notes.labelled(bump == ReleaseBump.MINOR ? ReleaseBump.MINOR_LABEL : ReleaseBump.PATCH_LABEL).stream()
        .map(c -> "#" + c.number().orElse(0)).toList());
  }

  private static Result nothing(String reason, ReleaseNotes notes) {
    return new Result("nothing", reason, null, notes.previous(), null, null, null, false, 0, null, List.of(), notes);
  }
}
