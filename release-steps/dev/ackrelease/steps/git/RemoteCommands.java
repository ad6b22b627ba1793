package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Retry;
import java.util.Map;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.TransportCommand;

/**
 * The git commands that reach a remote (ls-remote, fetch, push), each set up for it in one
 * place, so that no call to a remote can leave a setting out: the remote, the credentials
 * ({@code GITHUB_TOKEN} or the git credential helpers, read from {@code env} when the command is
 * made), the retry policy's request time-out for every read from the remote, and, for a push,
 * {@link LocalReceivePack} (a local remote's hooks run). Make a command inside the retried call,
 * as each attempt needs its own.
 */
public final class RemoteCommands {

  private final GitRepo repo;
  private final String remote;
  private final Map<String, String> env;
  private final Retry.Policy retry;

  /** Commands from {@code repo} to {@code remote} (a remote's name or a URL). */
  public RemoteCommands(GitRepo repo, String remote, Map<String, String> env, Retry.Policy retry) {
    this.repo = repo;
    this.remote = remote;
    this.env = env;
    this.retry = retry;
  }

  public LsRemoteCommand lsRemote() {
    return configure(repo.git().lsRemote().setRemote(remote));
  }

  public FetchCommand fetch() {
    return configure(repo.git().fetch().setRemote(remote));
  }

  public PushCommand push() {
    return configure(repo.git().push().setRemote(remote)).setTransportConfigCallback(LocalReceivePack.of(repo, remote));
  }

  private <C extends TransportCommand<C, ?>> C configure(C command) {
    return command.setCredentialsProvider(GitCredentials.fromEnvironment(env)).setTimeout(timeoutSeconds(retry));
  }

  /** JGit's time-out of one read from the remote: the policy's request time-out, in whole seconds (at least one). */
  static int timeoutSeconds(Retry.Policy retry) {
    long millis = retry.requestTimeout().toMillis();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 999) / 1000));
  }
}
