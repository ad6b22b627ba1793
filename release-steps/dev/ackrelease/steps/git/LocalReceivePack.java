package dev.ackrelease.steps.git;

import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.ExecutableSearch;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * A push to a remote that is a local path ({@code ../origin.git}, {@code file:///srv/origin.git})
 * runs git's {@code receive-pack} in that repository, as {@code git push} does, so its hooks
 * (pre-receive, update) run and a hook's refusal is the push's. JGit would otherwise take such a
 * push in-process (its receive-pack option names git's own command, "git-receive-pack"), where
 * no hook runs. A {@code remote.<name>.receivepack} the user set is run as set. Without a git on
 * PATH the push stays in-process, as nothing else could take it. Fetches need nothing of the kind:
 * git's upload-pack runs no hook from the repository.
 */
public final class LocalReceivePack implements TransportConfigCallback {

  private final String configured;

  private LocalReceivePack(String configured) {
    this.configured = configured;
  }

  /** The callback for a push from {@code repo} to {@code remote} (a remote's name or a URL). */
  public static LocalReceivePack of(GitRepo repo, String remote) {
    return new LocalReceivePack(configured(repo, remote));
  }

  @Override
  public void configure(Transport transport) {
    if (!isLocal(transport.getURI())) {
      return;
    }
    if (!isGits(configured)) {
      transport.setOptionReceivePack(configured);
      return;
    }
    gitOnPath().ifPresent(git -> transport.setOptionReceivePack(ShellWords.word(git.toString()) + " receive-pack"));
  }

  /** The remote's receivepack from git config (JGit's push command sets its own default over it). */
  private static String configured(GitRepo repo, String remote) {
    try {
      return new RemoteConfig(repo.repository().getConfig(), remote).getReceivePack();
    } catch (URISyntaxException e) {
      return RemoteConfig.DEFAULT_RECEIVE_PACK;
    }
  }

  /** What JGit takes as git's own receive-pack, served in-process. */
  private static boolean isGits(String receivePack) {
    return receivePack == null || receivePack.equals("git-receive-pack") || receivePack.equals("git receive-pack");
  }

  /** A path or a file: URL, as JGit's local transport takes them. */
  static boolean isLocal(URIish uri) {
    return uri.getPath() != null && uri.getHost() == null && uri.getPort() <= 0 && uri.getUser() == null
        && (uri.getScheme() == null || uri.getScheme().equals("file"));
  }

  private static Optional<Path> gitOnPath() {
    String path = System.getenv("PATH");
    return path == null ? Optional.empty() : ExecutableSearch.find("git", path, ExecutableSearch.Entries.POSIX);
  }
}
