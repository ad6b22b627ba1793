package dev.ackrelease.steps.kinds;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ghrelease.GitHubRelease;
import dev.ackrelease.steps.ghrelease.Published;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.supply.SigningKey;
import java.time.Duration;
import java.util.List;

/**
 * The GitHub release of the tag, as the last kind of a release before the read-back ({@code publish
 * --github-release}): built from what the registry holds once everything is pushed (read through the
 * run's session), the tag's commit and the notes; pushed to GitHub as {@code github-release} does
 * (draft first, assets, published last). A dry run pushes nothing, so there is nothing yet to
 * describe: its row says what a real run would make.
 */
public final class GitHubReleaseKind implements ArtifactKind<GitHubReleaseKind.Input, GitHubRelease.Prepared> {

  /** Where the release goes: the repository, the token, whether assets with other bytes are replaced. */
  public record Config(GitHubTarget target, GitHubToken token, boolean replaceAssets) {}

  /** The checked release and the rows pushed before this step. */
  public record Input(Release release, List<PublishedArtifact> rows) {}

  private final Log log;
  private final Retry.Policy retry;
  private final Config config;

  public GitHubReleaseKind(Log log, Retry.Policy retry, Config config) {
    this.log = log;
    this.retry = retry;
    this.config = config;
  }

  @Override
  public String name() {
    return "github-release";
  }

  @Override
  public Decision decide(Input input) {
    if (input.release().dryRun()) {
      return Decision.published(new PublishedArtifact(name(), url(input.release()), null, Action.WOULD_PUSH, 0, Duration.ZERO,
          "a dry run pushes nothing, so the GitHub release is made by a real run"));
    }
    return Decision.mustBuild();
  }

  @Override
  public GitHubRelease.Prepared build(Input input) {
    Release r = input.release();
    Published published = Published.read(r.session(), r.service(), r.version(), log, retry);
    try (GitRepo repo = GitRepo.open(r.source().controllerDir())) {
      return steps().prepare(repo, r.service(), r.version(), published, r.supply().key().map(SigningKey::publicKey));
    }
  }

  @Override
  public List<PublishedArtifact> push(Input input, GitHubRelease.Prepared prepared) {
    long start = System.nanoTime();
    GitHubRelease.Outcome outcome = steps().publish(prepared, config.replaceAssets(), input.release().dryRun(),
        "pass the key it was signed with: --sign-key REF");
    long sent = outcome.assets().stream().filter(a -> !a.action().equals("kept"))
        .mapToLong(a -> prepared.wanted().assets().stream().filter(w -> w.name().equals(a.name())).findFirst()
            .map(w -> (long) w.bytes().length).orElse(0L)).sum();
    String checksums = prepared.wanted().assets().get(prepared.wanted().assets().size() - 1).digest();
    return List.of(new PublishedArtifact(name(), outcome.url() == null ? url(input.release()) : outcome.url(), checksums,
        outcome.unchanged() ? Action.ALREADY_PUBLISHED : Action.PUSHED, sent, Duration.ofNanos(System.nanoTime() - start),
        outcome.action() + " (" + outcome.assets().size() + " assets; the digest is the checksums file's)"));
  }

  private GitHubRelease steps() {
    return new GitHubRelease(log, new GitHubClient(config.target(), config.token(), retry, log));
  }

  private String url(Release r) {
    return config.target().webUrl() + "/releases/tag/" + r.version().tag();
  }
}
