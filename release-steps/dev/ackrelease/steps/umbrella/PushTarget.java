package dev.ackrelease.steps.umbrella;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.git.GitRepo;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.transport.URIish;

/**
 * Where {@code umbrella --push} pushes the commit and the tag: a remote of the clone
 * ({@code --remote}, default {@code origin}), or a URL ({@code --push-url}, else
 * {@code ACK_RELEASE_PUSH_URL} from the job's environment) for a clone with no remote, as Prow's
 * clonerefs leaves one ({@code git init} and fetch, no {@code origin}). test-infra's
 * {@code cd/ack-chart/update-chart.sh} {@code _commit_chart_changes} adds a remote
 * {@code upstream} = {@code https://$GITHUB_TOKEN@github.com/$GITHUB_ORG/$GITHUB_REPO.git} to the
 * clone; here the URL is used as given and written nowhere, and it may not carry credentials: the
 * token comes from {@code GITHUB_TOKEN} (or git's credential helpers) at the moment of the push, so
 * it is never in a URL, the clone's config or a line of output.
 */
public record PushTarget(String transport, boolean isUrl) {

  /** The environment variable a job names the push URL with when the command line does not. */
  public static final String ENV = "ACK_RELEASE_PUSH_URL";

  public static final String DEFAULT_REMOTE = "origin";

  /**
   * The target of a run: {@code pushUrl} (from {@code --push-url}), {@code remote} (from
   * {@code --remote}), else for a push {@link #ENV} from {@code env}, else {@code origin}. Both
   * flags at once, or {@code --push-url} without {@code --push}, is invalid input.
   */
  public static PushTarget choose(String remote, String pushUrl, boolean push, Map<String, String> env) {
    if (pushUrl != null && remote != null) {
      throw ReleaseException.invalidInput("--push-url and --remote both say where to push: pass one of them");
    }
    if (pushUrl != null) {
      if (!push) {
        throw ReleaseException.invalidInput("--push-url needs --push: pass --commit --push too, or drop --push-url");
      }
      return url(pushUrl, "--push-url");
    }
    if (remote != null) {
      return remote(remote);
    }
    String fromEnv = env.getOrDefault(ENV, "");
    return push && !fromEnv.isBlank() ? url(fromEnv, ENV) : remote(DEFAULT_REMOTE);
  }

  /** A remote of the clone, by name. */
  public static PushTarget remote(String name) {
    if (name.isBlank()) {
      throw ReleaseException.invalidInput("--remote is empty: pass the name of a remote of the clone, e.g. origin");
    }
    return new PushTarget(name.strip(), false);
  }

  /**
   * A git URL ({@code https://}, {@code ssh://}, {@code git@host:path}, {@code file://} or an
   * absolute path). {@code source} names where it came from for the error. A URL with a user or
   * password in it is refused without being printed (both are registered as secrets first).
   */
  public static PushTarget url(String text, String source) {
    String t = text.strip();
    URIish uri;
    try {
      uri = new URIish(t);
    } catch (URISyntaxException e) {
      throw ReleaseException.invalidInput(source + " is not a git URL: pass e.g. https://github.com/aws-controllers-k8s/ack-chart.git");
    }
    boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
    if (uri.getPass() != null || web && uri.getUser() != null) {
      Secrets.register(uri.getPass());
      Secrets.register(uri.getUser());
      throw ReleaseException.invalidInput(source + " carries credentials, which logs and git's config would keep: pass the URL"
          + " without them (e.g. https://github.com/aws-controllers-k8s/ack-chart.git) and the token in GITHUB_TOKEN");
    }
    if (uri.getScheme() == null && uri.getHost() == null && !Path.of(t).isAbsolute()) {
      throw ReleaseException.invalidInput(source + " '" + t + "' is neither a URL nor an absolute path: pass e.g."
          + " https://github.com/aws-controllers-k8s/ack-chart.git");
    }
    return new PushTarget(t, true);
  }

  /** Refuses a named remote the clone does not have (exit 2), before anything is written. */
  void requireIn(GitRepo repo) {
    if (!isUrl && !repo.hasRemote(transport)) {
      throw ReleaseException.invalidInput("the umbrella chart's clone has no remote '" + transport + "': add it, pass --remote,"
          + " or pass --push-url (or set " + ENV + ") with the repository's URL, as a Prow clone, which has no remote, needs");
    }
  }

  @Override
  public String toString() {
    return transport;
  }
}
