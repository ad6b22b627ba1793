package dev.ackrelease.cli;

import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubTarget;
import java.nio.file.Path;
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

  @Option(names = "--remote", paramLabel = "NAME", defaultValue = "origin",
      description = "The git remote: its URL may name the GitHub repository; release-pr pushes its branch there"
          + " (default: ${DEFAULT-VALUE}).")
  String remote = "origin";

  /** The target for {@code service}'s clone (the remote's URL may name the repository). */
  GitHubTarget target(Map<String, String> env, GitRepo clone, String service) {
    Optional<String> url = Optional.ofNullable(clone.repository().getConfig().getString("remote", remote, "url"));
    return GitHubTarget.resolve(Optional.ofNullable(apiUrl), Optional.ofNullable(repo), env, url, service);
  }

  /** A controller's clone and its service: {@code --service} and where to find it, else the directory and what it says. */
  record ServiceClone(Path dir, String service) {

    static ServiceClone of(ControllerDirOption controller, String service) {
      if (service != null) {
        return new ServiceClone(ControllerLocator.locate(controller.controllerDir, Path.of(""), service), service);
      }
      Path dir = controller.orCurrent();
      return new ServiceClone(dir, ControllerLocator.serviceOf(dir.toAbsolutePath().normalize()));
    }
  }
}
