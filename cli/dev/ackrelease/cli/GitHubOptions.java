package dev.ackrelease.cli;

import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubTarget;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which GitHub and which repository the GitHub commands talk to; the token comes from GH_TOKEN or GITHUB_TOKEN. */
public final class GitHubOptions {

  @Option(names = "--github-api-url", paramLabel = "URL",
      description = "GitHub's REST API (env GITHUB_API_URL; default: " + GitHubTarget.DEFAULT_API + "; GitHub Enterprise Server:"
          + " https://HOST/api/v3).")
  String apiUrl;

  @Option(names = "--github-repo", paramLabel = "OWNER/NAME",
      description = "The controller's repository on GitHub (default: GITHUB_REPOSITORY, else Prow's REPO_OWNER/REPO_NAME, else the"
          + " remote's URL when it is on that GitHub, else aws-controllers-k8s/<service>-controller).")
  String repo;

  /** The target for {@code service}'s clone {@code repo} (its remote {@code remote}'s URL may name the repository). */
  GitHubTarget target(Map<String, String> env, GitRepo clone, String remote, String service) {
    Optional<String> url = Optional.ofNullable(clone.repository().getConfig().getString("remote", remote, "url"));
    return GitHubTarget.resolve(Optional.ofNullable(apiUrl), Optional.ofNullable(repo), env, url, service);
  }
}
