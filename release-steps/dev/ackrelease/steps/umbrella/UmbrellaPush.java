package dev.ackrelease.steps.umbrella;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.git.BranchPush;
import dev.ackrelease.steps.git.GitHistory;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.RemoteCommands;
import dev.ackrelease.steps.io.CriticalSection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The push of an umbrella update to its {@link PushTarget} (a remote or a URL; credentials from
 * the environment at the moment of the push), and, when another update pushed first, the move
 * back onto the remote branch so the change can be applied again on top of it.
 */
final class UmbrellaPush {

  private final Log log;
  private final Retry.Policy retry;
  private final PushTarget target;
  private final Map<String, String> env;

  UmbrellaPush(Log log, Retry.Policy retry, PushTarget target, Map<String, String> env) {
    this.log = log;
    this.retry = retry;
    this.target = target;
    this.env = env;
  }

  /** Pushes the branch and the tag; false when a push was rejected because the remote moved on. */
  boolean push(GitRepo repo, String branch, UmbrellaUpdate.Result result) {
    List<RefSpec> specs = new ArrayList<>(List.of(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch)));
    result.tag().ifPresent(t -> specs.add(new RefSpec(Constants.R_TAGS + t + ":" + Constants.R_TAGS + t)));
    Iterable<PushResult> results;
    // A signal waits a bounded time for the push under way; one it cuts is made by the re-run ({@link #unpushed}).
    String unfinished = "the push of " + result.chart() + " " + result.to() + " to " + target + " did not finish (committed"
        + result.tag().map(t -> " and tagged").orElse("") + " here): run the same command again, which pushes it unless "
        + target + " has it by then";
    try {
      results = Retry.call(retry, "push of " + result.chart() + " " + result.to() + " to " + target, log, e -> false,
          () -> CriticalSection.call(unfinished, () -> pushBoth(repo, specs)));
    } catch (Exception e) {
      throw ReleaseException.remote("push of the umbrella chart to " + target + " failed (" + e.getMessage()
          + "); the local commit stays: fix access to the remote and run again", e);
    }
    // Another update got there first when a ref is not a fast-forward any more (the branch moved,
    // or the tag was taken), or its update held the lock: apply again. A ref the remote refused
    // for any other reason (a hook, a protection rule) is this run's failure, named with the
    // remote's words; the other refs of an atomic push are only refused with it.
    String raced = null;
    for (PushResult p : results) {
      for (RemoteRefUpdate u : p.getRemoteUpdates()) {
        if (u.getStatus() == RemoteRefUpdate.Status.OK || u.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE
            || abortedWithTheOthers(u)) {
          continue;
        }
        if (lostARace(u)) {
          if (raced == null) {
            raced = "push of " + u.getRemoteName() + " rejected (" + BranchPush.rejection(p, u) + ")";
          }
          continue;
        }
        throw ReleaseException.remote("push of " + u.getRemoteName() + " to " + target + " was rejected ("
            + BranchPush.rejection(p, u) + "): check the remote and run again", null);
      }
    }
    if (raced != null) {
      log.info(raced);
      return false;
    }
    log.info("pushed " + result.chart() + " " + result.to() + " to " + target);
    return true;
  }

  /**
   * Not a fast-forward any more (the branch moved on, or the tag exists), or the remote's ref lock
   * was held: JGit's receive-pack says "failed to lock", git's "cannot lock ref", and git's atomic
   * one "atomic transaction failed" for every ref when committing its transaction failed (a lock,
   * or a ref another push changed since; a hook's refusal comes before, per ref).
   */
  private static boolean lostARace(RemoteRefUpdate u) {
    String message = u.getMessage() == null ? "" : u.getMessage().toLowerCase(Locale.ROOT);
    return switch (u.getStatus()) {
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
      case REJECTED_OTHER_REASON -> message.contains("lock") || message.contains("atomic transaction failed");
      default -> false;
    };
  }

  /**
   * Refused only because another ref of the same atomic push was: git's receive-pack says "atomic
   * push failure", JGit's (and JGit's client, before it sends anything) "transaction aborted".
   */
  private static boolean abortedWithTheOthers(RemoteRefUpdate u) {
    String message = u.getMessage() == null ? "" : u.getMessage().toLowerCase(Locale.ROOT);
    return u.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
        && (message.contains("atomic push failure") || message.contains(JGitText.get().transactionAborted.toLowerCase(Locale.ROOT)));
  }

  /**
   * The branch and the tag in one atomic push where the remote takes one (git's {@code atomic}
   * capability: GitHub, GitLab, a local repository), so they land together or not at all: two
   * updates at once cannot land one's branch and the other's tag (the loser's tag failed on the
   * winner's ref lock, and its branch had landed). A remote without it gets the two pushed as
   * before, one after the other in one connection.
   */
  private Iterable<PushResult> pushBoth(GitRepo repo, List<RefSpec> specs) throws GitAPIException {
    try {
      return push(repo, specs, true);
    } catch (TransportException e) {
      if (e.getMessage() != null && e.getMessage().contains(JGitText.get().atomicPushNotSupported)) {
        return push(repo, specs, false);
      }
      throw e;
    }
  }

  private Iterable<PushResult> push(GitRepo repo, List<RefSpec> specs, boolean atomic) throws GitAPIException {
    return commands(repo).push().setRefSpecs(specs).setAtomic(atomic).call();
  }

  private RemoteCommands commands(GitRepo repo) {
    return new RemoteCommands(repo, target.transport(), env, retry);
  }

  /**
   * Drops this attempt's commit and tag and moves to the remote's branch (fetched by name, so a
   * URL works as a remote does, and nothing is added to the clone's config). The fetch comes first
   * and writes no ref; the drop and the move are one write a signal waits for: a tag dropped from
   * a commit left at HEAD is an update no re-run pushes.
   */
  void moveOntoRemote(GitRepo repo, String branch, UmbrellaUpdate.Result result) {
    Ref remoteBranch;
    try {
      FetchResult fetched = commands(repo).fetch().setRefSpecs(new RefSpec(Constants.R_HEADS + branch)).call();
      remoteBranch = fetched.getAdvertisedRef(Constants.R_HEADS + branch);
    } catch (GitAPIException e) {
      throw ReleaseException.remote("cannot fetch " + target + " to apply the update again (" + e.getMessage()
          + "): run again", e);
    }
    if (remoteBranch == null) {
      throw ReleaseException.remote(target + " has no branch " + branch + " any more: check the remote and run again", null);
    }
    String onto = remoteBranch.getObjectId().name();
    String git = ShellWords.gitIn(repo.workTree());
    String unfinished = "moving the umbrella clone onto " + target + "'s " + branch + " did not finish: finish it, then run the"
        + " same command again: " + result.tag().map(t -> git + " tag -d " + t + "; ").orElse("") + git + " reset -q --hard " + onto;
    try {
      CriticalSection.call(unfinished, () -> {
        if (result.tag().isPresent()) {
          repo.git().tagDelete().setTags(result.tag().get()).call();
        }
        return repo.git().reset().setMode(ResetCommand.ResetType.HARD).setRef(onto).call();
      });
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot move onto " + target + "'s " + branch + " ("
          + e.getMessage() + "): " + unfinished.substring(unfinished.indexOf("finish it, ")), e);
    }
  }

  /**
   * An earlier run's update that is committed here but not on the target (its push was cut by a
   * signal, or failed): HEAD, on a branch, is an umbrella commit (tagged {@code result.to()} when
   * tags are asked for) that the target's branch does not hold, or whose tag it lacks. Then this
   * run pushes that commit and tag; otherwise (and without asking the target when HEAD is no such
   * commit) there is nothing to push.
   */
  Optional<UmbrellaUpdate.Result> unpushed(GitRepo repo, UmbrellaUpdate.Result result, boolean tagged) {
    RevCommit head = repo.head();
    Optional<String> branch = repo.branch();
    Optional<String> tag = tagged ? Optional.of(result.to()) : Optional.empty();
    if (branch.isEmpty() || !head.getShortMessage().equals(UmbrellaUpdate.COMMIT_MESSAGE)
        || (tag.isPresent() && !head.equals(tagged(repo, tag.get())))) {
      return Optional.empty();
    }
    Map<String, ObjectId> there = new HashMap<>();
    try {
      Retry.call(retry, "ls-remote of " + target, log, BranchPush::isTransient,
          () -> commands(repo).lsRemote().setHeads(true).setTags(true).call())
          .forEach(r -> there.put(r.getName(), r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId()));
    } catch (Exception e) {
      throw ReleaseException.remote("cannot read the refs of " + target + " (" + BranchPush.reason(e) + "): fix access to the"
          + " remote and run again", e);
    }
    ObjectId tip = there.get(Constants.R_HEADS + branch.get());
    boolean holds = tip != null && (tip.equals(head) || (known(repo, tip) && GitHistory.reaches(repo, tip, head)));
    if (holds && tag.map(t -> there.containsKey(Constants.R_TAGS + t)).orElse(true)) {
      return Optional.empty();
    }
    log.info("HEAD " + head.abbreviate(12).name() + " (" + result.chart() + " " + result.to() + tag.map(t -> ", tagged")
        .orElse("") + ") is not on " + target + ": an earlier run's push did not finish; pushing it");
    return Optional.of(new UmbrellaUpdate.Result(result.chart(), result.from(), result.to(), result.edits(),
        Optional.of(head.getName()), tag, false, result.attempts(), result.skipped()));
  }

  /** Whether this clone has {@code id} (the target's tip: not when the target moved on). */
  private static boolean known(GitRepo repo, ObjectId id) {
    try {
      return repo.repository().getObjectDatabase().has(id);
    } catch (IOException e) {
      return false;
    }
  }

  /** The commit tag {@code name} names here, or null. */
  private static ObjectId tagged(GitRepo repo, String name) {
    try {
      return repo.repository().resolve(Constants.R_TAGS + name + "^{commit}");
    } catch (IOException e) {
      return null;
    }
  }
}
