package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.CriticalSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A branch the tool owns on a remote (a release pull request's {@code release-vX.Y.Z}): read what
 * the remote has, fetch it, and push a new commit over it with a lease (the push is refused when
 * the remote branch moved since it was read, so someone's push in between is never lost). Every
 * call to the remote goes out under the retry policy, with {@code GITHUB_TOKEN} or the git
 * credential helpers.
 */
public final class BranchPush {

  private final GitRepo repo;
  private final String remote;
  private final Log log;
  private final Retry.Policy retry;
  private final RemoteCommands commands;

  public BranchPush(GitRepo repo, String remote, Log log, Retry.Policy retry, Map<String, String> env) {
    this.repo = repo;
    this.remote = remote;
    this.log = log;
    this.retry = retry;
    this.commands = new RemoteCommands(repo, remote, Map.copyOf(env), retry);
  }

  /** The commit {@code branch} is at on the remote, or empty when the remote has no such branch. */
  public Optional<ObjectId> remoteCommit(String branch) {
    Collection<Ref> refs = remoteCall("ls-remote of " + remote, () -> commands.lsRemote().setHeads(true).call());
    return refs.stream().filter(r -> r.getName().equals(Constants.R_HEADS + branch)).map(Ref::getObjectId).findFirst();
  }

  /** Fetches {@code branch} from the remote and returns its commit (fetched into {@code refs/remotes/<remote>/<branch>}). */
  public RevCommit fetch(String branch, ObjectId expected) {
    String tracking = Constants.R_REMOTES + remote + "/" + branch;
    String unfinished = "the fetch of branch " + branch + " from " + remote + " did not finish: " + rerun(branch, "fetches it");
    remoteCall("fetch of " + branch + " from " + remote, () -> CriticalSection.call(unfinished, () -> commands.fetch()
        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking)).call()));
    try (RevWalk walk = new RevWalk(repo.repository())) {
      return walk.parseCommit(expected);
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.REMOTE, "fetched " + branch + " from " + remote + " but " + expected.name()
          + " is not in the clone: run again", e);
    }
  }

  /**
   * Pushes the local {@code branch} to the remote's, replacing {@code was} (the commit the remote
   * had when it was read; empty: the remote must not have the branch): a lease, never a blind force.
   */
  public void push(String branch, Optional<ObjectId> was) {
    String ref = Constants.R_HEADS + branch;
    // A signal waits a bounded time for the attempt under way (as for the fetch): one it cuts is made by the re-run.
    String unfinished = "the push of branch " + branch + " to " + remote + " did not finish: " + rerun(branch,
        "pushes the branch unless " + remote + " has the same release commit by then");
    Iterable<PushResult> results = remoteCall("push of " + branch + " to " + remote, () -> CriticalSection.call(unfinished,
        () -> commands.push().setRefSpecs(new RefSpec("+" + ref + ":" + ref))
            .setRefLeaseSpecs(new RefLeaseSpec(ref, was.orElse(ObjectId.zeroId()).name())).call()));
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(ref);
      if (update == null) {
        continue;
      }
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> log.info("pushed " + branch + " to " + remote);
        case REJECTED_REMOTE_CHANGED -> throw ReleaseException.refused("the branch " + branch + " on " + remote
            + " moved while this run worked (someone pushed to it): run again to build on what is there now");
        default -> throw ReleaseException.remote("push of " + branch + " to " + remote + " was rejected ("
            + rejection(result, update) + "): check the token's write access and run again", null);
      }
    }
  }

  /**
   * What a re-run does after a fetch or push a signal cut (the lock file of the remote-tracking
   * ref it may leave would make the re-run's fetch fail): delete it, then run again.
   */
  private String rerun(String branch, String does) {
    Path lock = GitLocks.lockOf(repo, Constants.R_REMOTES + remote + "/" + branch);
    return "delete the lock file it may leave, then run the same command again, which " + does + ": rm -f "
        + ShellWords.word(lock.toString());
  }

  private <T> T remoteCall(String what, Callable<T> call) {
    try {
      return Retry.call(retry, what, log, BranchPush::isTransient, call);
    } catch (ReleaseException e) {
      throw e;
    } catch (Exception e) {
      throw ReleaseException.remote(what + " failed (" + reason(e) + "): fix access to the remote (git ls-remote " + remote
          + ") and run again", e);
    }
  }

  /**
   * What a failed call to a remote says, on one line: the first message of its cause chain (JGit
   * wraps the transport's), else the last cause's class name.
   */
  public static String reason(Throwable e) {
    Throwable t = Causes.first(e, c -> c.getMessage() != null).orElseGet(() -> Causes.root(e));
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }

  /** A transport failure that is not about credentials or a missing repository: worth another try. */
  public static boolean isTransient(Exception e) {
    if (!(e instanceof TransportException)) {
      return false;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return !(m.contains("not authorized") || m.contains("authentication") || m.contains("not found")
        || m.contains("not permitted") || m.contains("no credentialsprovider") || m.contains("does not appear to be"));
  }

  /**
   * A ref's push status in words, with the remote's own message when it gave one and what the
   * remote said besides (a hook's output, as git push shows it after "remote:"): "rejected other
   * reason: pre-receive hook declined; remote: tags are frozen here".
   */
  public static String rejection(PushResult result, RemoteRefUpdate update) {
    StringBuilder words = new StringBuilder(update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (update.getMessage() != null) {
      words.append(": ").append(update.getMessage());
    }
    String said = result.getMessages() == null ? "" : result.getMessages().strip();
    if (!said.isEmpty()) {
      words.append("; remote: ").append(Echo.value(String.join("; ", said.lines().map(String::strip)
          .filter(l -> !l.isEmpty()).toList())));
    }
    return words.toString();
  }
}
