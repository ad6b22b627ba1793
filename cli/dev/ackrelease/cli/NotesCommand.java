package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.notes.NotesBuilder;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "notes",
    header = NotesCommand.HEADER,
    description = "The changes since the previous release tag, up to the release's tag (or HEAD before it is tagged): from git"
        + " history and, with a token in GITHUB_TOKEN or GH_TOKEN, the merged pull requests (title, number, author, labels),"
        + " grouped as features, fixes, dependency updates and other changes by ACK's labels and Conventional Commits prefixes."
        + " The same history gives the same notes.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ack-release notes v1.8.2",
        "  # before tagging: up to HEAD",
        "  ack-release notes v1.9.0 --markdown > notes.md",
        "  ack-release notes v1.8.2 --output json --no-github"})
final class NotesCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "The changes of a release since the previous release tag.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin GitHubOptions github;
  @Mixin TimeoutOptions timeouts;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The release, e.g. v1.8.2.")
  String version;

  @Option(names = "--service", paramLabel = "SERVICE", description = "The service alias, e.g. s3 (default: from the controller dir).")
  String service;

  @Option(names = "--markdown", description = "Print Markdown (for a pull request or a release) instead of text.")
  boolean markdown;

  @Option(names = "--no-github", description = "Read git history only, even with a token.")
  boolean noGithub;


  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    if (markdown && printer.json()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--markdown and --output json are two formats: pass one");
    }
    ReleaseVersion release = ReleaseVersion.parseTag(version);
    Map<String, String> env = Environment.get();
    GitHubOptions.ServiceClone clone = GitHubOptions.ServiceClone.of(controller, service);
    Path dir = clone.dir();
    String svc = clone.service();
    Retry.Policy retry = timeouts.retryPolicy(env);
    try (GitRepo repo = GitRepo.open(dir)) {
      GitHubTarget target = github.target(env, repo, svc);
      Optional<GitHubToken> token = noGithub ? Optional.empty() : GitHubToken.fromEnvironment(env);
      if (token.isEmpty() && !noGithub) {
        printer.info("no GITHUB_TOKEN or GH_TOKEN: the notes come from git history alone (no labels, no logins)");
      }
      NotesBuilder.Range range = NotesBuilder.range(repo, release);
      Optional<PullRequests> pulls = token.map(t -> new PullRequests(new GitHubClient(target, t, retry, printer)));
      ReleaseNotes notes = new NotesBuilder(printer).build(repo, svc, range, pulls, Optional.of(target));
      if (printer.json()) {
        printer.json(notes.toData());
      } else {
        String text = markdown ? notes.markdown() : notes.text();
        text.lines().forEach(printer::line);
      }
    }
    return ExitCodes.OK;
  }
}
