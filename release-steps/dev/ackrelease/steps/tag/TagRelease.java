package dev.ackrelease.steps.tag;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.git.GitCredentials;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.GitRepo.ReleaseTag;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.steps.version.VersionPolicy;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Step 1 of a release: an annotated tag {@code vX.Y.Z} at HEAD, after checking that the tree
 * is clean, the version follows the newest release and the repo's artifacts carry it.
 */
public final class TagRelease {

  /** What to tag, where, and how. */
  public record Request(Path controllerDir, String version, boolean push, String remote, boolean allowMajor,
      boolean dryRun) {}

  /** What happened to the tag. */
  public enum Action { CREATED, ALREADY_TAGGED, WOULD_CREATE }

  /** The outcome: the tag, the commit it names, what was done, and whether it is on the remote. */
  public record Result(String tag, String version, String commit, Action action, boolean pushed, String remote,
      String previousRelease) {}

  private final Log log;
  private final Retry.Policy retry;

  public TagRelease(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
  }

  public Result run(Request request) {
    ReleaseVersion version = ReleaseVersion.parseTag(request.version());
    try (GitRepo repo = GitRepo.open(request.controllerDir())) {
      RevCommit head = repo.head();
      String tagName = version.tag();
      if (request.push() && !repo.hasRemote(request.remote())) {
        throw ReleaseException.invalidInput("no git remote named '" + request.remote()
            + "': pass --remote with one of " + repo.repository().getConfig().getSubsections("remote"));
      }

      Optional<ReleaseTag> existing = repo.findTag(version);
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
        boolean pushed = false;
        if (request.push() && !request.dryRun()) {
          push(repo, tagName, request.remote());
          pushed = true;
        }
        return new Result(tagName, version.plain(), head.getName(), Action.ALREADY_TAGGED, pushed,
            request.push() ? request.remote() : null, null);
      }
      if (repo.tagExists(tagName)) {
        throw ReleaseException.refused("a ref refs/tags/" + tagName + " exists but is not a tag of a commit: remove it first");
      }

      repo.requireClean("tagging a release");
      Optional<ReleaseTag> newest = repo.releaseTags().stream().findFirst();
      VersionPolicy.checkSuccessor(newest.map(ReleaseTag::version), version, request.allowMajor());
      ReleaseArtifactsVersionCheck.check(repo.workTree(), version);
      var tagger = repo.tagger();

      String previous = newest.map(ReleaseTag::name).orElse(null);
      if (request.dryRun()) {
        return new Result(tagName, version.plain(), head.getName(), Action.WOULD_CREATE, false,
            request.push() ? request.remote() : null, previous);
      }

      try {
        // Same message bytes as `git tag -a vX.Y.Z -m vX.Y.Z`.
        repo.git().tag().setName(tagName).setMessage(tagName + "\n").setAnnotated(true).setTagger(tagger)
            .setObjectId(head).call();
      } catch (GitAPIException e) {
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot create tag " + tagName + ": " + e.getMessage(), e);
      }
      boolean pushed = false;
      if (request.push()) {
        push(repo, tagName, request.remote());
        pushed = true;
      }
      return new Result(tagName, version.plain(), head.getName(), Action.CREATED, pushed,
          request.push() ? request.remote() : null, previous);
    }
  }

  private void push(GitRepo repo, String tagName, String remote) {
    String ref = Constants.R_TAGS + tagName;
    Iterable<PushResult> results;
    try {
      results = Retry.call(retry, "push of " + tagName + " to " + remote, log, TagRelease::isTransient,
          () -> repo.git().push().setRemote(remote).setRefSpecs(new RefSpec(ref + ":" + ref))
              .setCredentialsProvider(GitCredentials.fromEnvironment()).setTimeout(120).call());
    } catch (Exception e) {
      throw ReleaseException.remote("push of tag " + tagName + " to " + remote + " failed (" + reason(e)
          + "); the local tag stays: fix access to the remote and run again with --push", e);
    }
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(ref);
      if (update == null) {
        continue;
      }
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> log.info("pushed " + tagName + " to " + remote);
        default -> throw ReleaseException.remote("push of tag " + tagName + " to " + remote + " was rejected ("
            + update.getStatus().name().toLowerCase().replace('_', ' ')
            + (update.getMessage() != null ? ": " + update.getMessage() : "")
            + "); the local tag stays: check the remote's tag and run again with --push", null);
      }
    }
  }

  private static boolean isTransient(Exception e) {
    if (!(e instanceof TransportException)) {
      return false;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase();
    return !(m.contains("not authorized") || m.contains("authentication") || m.contains("not found")
        || m.contains("not permitted") || m.contains("no credentialsprovider") || m.contains("does not appear to be"));
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }

  private static String abbrev(ObjectId id) {
    return id.abbreviate(7).name();
  }
}
