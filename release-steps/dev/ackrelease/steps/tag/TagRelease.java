package dev.ackrelease.steps.tag;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.chart.CommittedChart;
import dev.ackrelease.steps.git.BranchPush;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitLocks;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.GitSigning;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.RemoteCommands;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.io.CriticalSection;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.steps.version.VersionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Step 1 of a release: an annotated tag {@code vX.Y.Z} at HEAD, after checking that the tree
 * is clean, the version follows the newest release, the repo's artifacts carry it and publish
 * would take its helm/ chart.
 */
public final class TagRelease {

  /** What to tag, where, and how. */
  public record Request(Path controllerDir, String version, boolean push, String remote, boolean allowMajor,
      boolean dryRun) {}

  /** What happened to the tag. */
  public enum Action { CREATED, ALREADY_TAGGED, WOULD_CREATE }

  /** What --push did: nothing (not asked, or a dry run), pushed the tag, or found it on the remote already. */
  public enum Push { NONE, PUSHED, ALREADY_THERE }

  /** The outcome: the tag, the commit it names, what was done, and what the push did. */
  public record Result(String tag, String version, String commit, Action action, Push push, String remote,
      String previousRelease) {
    /** Whether this run pushed the tag (not when the remote had it already). */
    public boolean pushed() {
      return push == Push.PUSHED;
    }
  }

  private final Log log;
  private final Retry.Policy retry;
  private final Map<String, String> env;

  public TagRelease(Log log, Retry.Policy retry) {
    this(log, retry, System.getenv());
  }

  /** {@code env} gives {@code GITHUB_TOKEN} for pushing. */
  public TagRelease(Log log, Retry.Policy retry, Map<String, String> env) {
    this.log = log;
    this.retry = retry;
    this.env = Map.copyOf(env);
  }

  public Result run(Request request) {
    ReleaseVersion version = ReleaseVersion.parseTag(request.version());
    try (GitRepo repo = GitRepo.open(request.controllerDir())) {
      RevCommit head = repo.head();
      String tagName = version.tag();
      if (request.push() && !repo.hasRemote(request.remote())) {
        Set<String> remotes = repo.repository().getConfig().getSubsections("remote");
        throw ReleaseException.invalidInput("no git remote named '" + Echo.value(request.remote()) + "': " + (remotes.isEmpty()
            ? "this clone has no remote; add one (git remote add " + request.remote() + " URL) or tag without --push"
            : "pass --remote " + String.join(" or --remote ", new TreeSet<>(remotes))));
      }

      Optional<ReleaseTag> existing = ReleaseTags.find(repo, version);
      if (existing.isPresent()) {
        ReleaseTag tag = existing.get();
        if (!tag.commit().equals(head.getId())) {
          throw ReleaseException.refused("tag " + tagName + " already exists on commit " + abbrev(tag.commit())
              + ", not on HEAD " + abbrev(head) + ": release a new version instead of moving a published tag");
        }
        if (!tag.annotated()) {
          throw ReleaseException.refused("tag " + tagName + " on HEAD is a lightweight tag; ACK releases use annotated tags: delete it (git tag -d "
              + tagName + ") and run ack-release tag again");
        }
        Push pushed = request.push() && !request.dryRun() ? push(repo, tagName, request) : Push.NONE;
        return new Result(tagName, version.plain(), head.getName(), Action.ALREADY_TAGGED, pushed,
            request.push() ? request.remote() : null, null);
      }
      if (ReleaseTags.exists(repo, tagName)) {
        throw ReleaseException.refused("a ref refs/tags/" + tagName + " exists but is not a tag of a commit: remove it first");
      }
      GitLocks.requireCreatable(repo, Constants.R_TAGS + tagName);

      WorkTreeStatus.requireClean(repo, "tag a release");
      Optional<ReleaseTag> newest = ReleaseTags.newest(repo);
      VersionPolicy.checkSuccessor(newest.map(ReleaseTag::version), version, request.allowMajor());
      ReleaseArtifactsVersionCheck.check(repo.workTree(), version, TagFixes.service(repo));
      requirePublishableChart(repo, head, tagName);
      GitSigning.requireUnsignedTag(repo, TagFixes.signedTag(request, tagName));
      var tagger = repo.tagger();

      String previous = newest.map(ReleaseTag::name).orElse(null);
      // The remote is asked before the local tag exists: a tag it already has on another
      // commit is refused with nothing created here.
      boolean onRemote = request.push() && requireRemoteAgrees(repo, tagName, request, head);
      if (request.dryRun()) {
        return new Result(tagName, version.plain(), head.getName(), Action.WOULD_CREATE, Push.NONE,
            request.push() ? request.remote() : null, previous);
      }

      try {
        // A signal waits for the tag: a halt while JGit writes it leaves its lock file, refusing every re-run.
        String unfinished = "the tag " + tagName + " did not finish: delete its lock file, then run the same command again: rm -f "
            + ShellWords.word(GitLocks.lockOf(repo, Constants.R_TAGS + tagName).toString());
        // Same message bytes as `git tag -a vX.Y.Z -m vX.Y.Z`.
        CriticalSection.call(unfinished, () -> repo.git().tag().setName(tagName).setMessage(tagName + "\n").setAnnotated(true)
            .setTagger(tagger).setObjectId(head).call());
      } catch (GitAPIException e) {
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot create tag " + tagName + ": " + e.getMessage(), e);
      }
      Push pushed = request.push() ? pushUnlessThere(repo, tagName, request.remote(), onRemote) : Push.NONE;
      return new Result(tagName, version.plain(), head.getName(), Action.CREATED, pushed,
          request.push() ? request.remote() : null, previous);
    }
  }

  /**
   * Pushes the tag, never moving one: the remote is asked first. The tag already there on the
   * same commit is success without a push; on another commit it is refused (exit 3), naming both.
   * The refspec never forces.
   */
  private Push push(GitRepo repo, String tagName, Request request) {
    ObjectId local = ReleaseTags.find(repo, ReleaseVersion.parseTag(tagName)).orElseThrow().commit();
    return pushUnlessThere(repo, tagName, request.remote(), requireRemoteAgrees(repo, tagName, request, local));
  }

  /** Pushes the tag unless the remote already has it ({@code onRemote}, as the remote was just asked). */
  private Push pushUnlessThere(GitRepo repo, String tagName, String remote, boolean onRemote) {
    String ref = Constants.R_TAGS + tagName;
    if (onRemote) {
      return alreadyThere(tagName, remote);
    }
    Iterable<PushResult> results;
    // A signal waits a bounded time for an attempt under way; a push it cuts is made by the re-run, which asks the remote first.
    String unfinished = "the push of tag " + tagName + " to " + remote + " did not finish (the tag is made here): run the same"
        + " command again, which pushes it unless " + remote + " has it by then";
    try {
      results = Retry.call(retry, "push of " + tagName + " to " + remote, log, BranchPush::isTransient,
          () -> CriticalSection.call(unfinished, () -> new RemoteCommands(repo, remote, env, retry).push()
              .setRefSpecs(new RefSpec(ref + ":" + ref)).call()));
    } catch (Exception e) {
      throw ReleaseException.remote("push of tag " + tagName + " to " + remote + " failed (" + BranchPush.reason(e)
          + "); the local tag stays: fix access to the remote and run again with --push", e);
    }
    Push done = Push.PUSHED;
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(ref);
      if (update == null) {
        continue;
      }
      switch (update.getStatus()) {
        case OK -> log.info("pushed " + tagName + " to " + remote);
        // Another run pushed the same tag between the look-up and this push.
        case UP_TO_DATE -> done = alreadyThere(tagName, remote);
        default -> throw ReleaseException.remote("push of tag " + tagName + " to " + remote + " was rejected ("
            + BranchPush.rejection(result, update) + "); the local tag stays: check the remote's tag and run again with --push", null);
      }
    }
    return done;
  }

  private Push alreadyThere(String tagName, String remote) {
    log.info(tagName + " is already on " + remote + ": nothing to push");
    return Push.ALREADY_THERE;
  }

  /**
   * Whether the remote already has the tag on {@code commit}; refuses (exit 3, naming both
   * commits) when it has the tag on another commit, with the command lines that release the next
   * patch version from this commit instead.
   */
  private boolean requireRemoteAgrees(GitRepo repo, String tagName, Request request, ObjectId commit) {
    String remote = request.remote();
    Optional<ObjectId> there = remoteTagCommit(repo, tagName, remote);
    if (there.isPresent() && !there.get().equals(commit)) {
      throw ReleaseException.refused("tag " + tagName + " is already on " + remote + " at commit " + there.get().getName()
          + ", but here it would name " + commit.getName() + ": a released tag never moves; release the next version from"
          + " this commit: " + TagFixes.nextVersion(repo, request, tagName, ReleaseTags.exists(repo, tagName)));
    }
    return there.isPresent();
  }

  /** The commit the remote's tag names (peeled), or empty when the remote has no such tag. */
  private Optional<ObjectId> remoteTagCommit(GitRepo repo, String tagName, String remote) {
    String ref = Constants.R_TAGS + tagName;
    Collection<Ref> refs;
    try {
      refs = Retry.call(retry, "ls-remote of " + remote, log, BranchPush::isTransient,
          () -> new RemoteCommands(repo, remote, env, retry).lsRemote().setTags(true).call());
    } catch (Exception e) {
      throw ReleaseException.remote("cannot read the tags of " + remote + " (" + BranchPush.reason(e)
          + "): fix access to the remote (git ls-remote --tags " + remote + ") and run again with --push", e);
    }
    for (Ref r : refs) {
      if (!r.getName().equals(ref)) {
        continue;
      }
      if (r.getPeeledObjectId() != null) {
        return Optional.of(r.getPeeledObjectId());
      }
      try (RevWalk walk = new RevWalk(repo.repository())) {
        return Optional.of(walk.peel(walk.parseAny(r.getObjectId())).getId());
      } catch (IOException e) {
        // An object this clone does not have: certainly not the commit tagged here.
        return Optional.of(r.getObjectId());
      }
    }
    return Optional.empty();
  }

  /**
   * helm/ of the commit to tag, checked as publish checks it when it exports the chart
   * ({@link CommittedChart}: a symlink, submodule or other non-file is exit 3, a file or chart
   * over Helm's limits exit 2 but for what the commit's .helmignore ignores, the same codes
   * publish gives for the same commit), writing nothing: a version is never tagged that publish
   * would refuse. The fix is to mend helm/ and tag again, since nothing is
   * released yet. A repo without helm/ has no chart to check.
   */
  private static void requirePublishableChart(GitRepo repo, RevCommit head, String tagName) {
    if (CommitExport.treeId(repo, head, "helm").isPresent()) {
      CommittedChart.export(repo, head, "helm", Optional.empty(), "helm/", "and run ack-release tag " + tagName + " again");
    }
  }

  private static String abbrev(ObjectId id) {
    return id.abbreviate(7).name();
  }
}
