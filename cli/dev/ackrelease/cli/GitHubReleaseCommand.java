package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.ghrelease.GitHubRelease;
import dev.ackrelease.steps.ghrelease.Published;
import dev.ackrelease.steps.ghrelease.PublishReport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.github.GitHubClient;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.publish.VerifyRelease;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.ReleasePublicKey;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.security.PublicKey;
import dev.ackrelease.steps.registry.PublishedArtifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "github-release",
    header = GitHubReleaseCommand.HEADER,
    description = "Reads the release back from the registry (as verify does), then makes the GitHub release of its tag: the"
        + " notes, a table of what was published with digests, helm install and kubectl apply snippets, the cosign verify"
        + " commands, and the assets (the CRDs of helm/crds as one YAML, the SBOM, the provenance envelopes, the publish report,"
        + " the public key (--public-key, else the public half of --sign-key), a checksums file). Created as a draft and"
        + " published last; a re-run keeps what is right and finishes what is missing; an asset with other bytes is refused"
        + " (exit 3) unless --replace-assets. Needs GITHUB_TOKEN (or GH_TOKEN).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # cosign.pub: the public half of the key publish signed with",
        "  ack-release github-release v1.8.2 --report publish.json \\",
        "      --sign-key awskms:///alias/ack-release",
        "  ack-release github-release v1.8.2 --public-key cosign.pub",
        "  ack-release github-release v1.8.2 --dry-run --output json"})
final class GitHubReleaseCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Create or update the GitHub release of a published release tag.";

  /** The fix of a run without a key on a release that has one: pass it (never --replace-assets, which drops it). */
  static final String KEY_FIX = "pass the key it was signed with: --sign-key REF (or its public key: --public-key FILE)";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin ControllerDirOption controller;
  @Mixin RegistryOptions registry;
  @Mixin ProgressOptions progress;
  @Mixin GitHubOptions github;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The release tag, e.g. v1.8.2.")
  String version;

  @Option(names = "--service", paramLabel = "SERVICE", description = "The service alias, e.g. s3 (default: from the controller dir).")
  String service;

  @Option(names = "--report", paramLabel = "FILE", description = "publish's --report of this release: the report of a"
      + " publish that failed, of a dry run or a plan, of another mode or release, or with a row not pushed is refused"
      + " (exit 3, before any request); its image and chart digests must be what the registry holds (exit 5 otherwise).")
  Path report;

  @Option(names = "--public-key", paramLabel = "FILE", description = "The release key's PEM public key: the signatures,"
      + " SBOM and provenance are verified with it and it is attached as cosign.pub. A release that has cosign.pub is"
      + " refused without it or --sign-key (exit 3): the run would drop the key.")
  Path publicKey;

  @Option(names = "--sign-key", paramLabel = "REF", description = "The key publish signed with, as publish takes it (a PEM"
      + " private key file, or awskms:///<key-id|alias/name|arn>; sign-key: in .ack-release.yaml): without --public-key,"
      + " its public half is what --public-key gives (a KMS key: kms:GetPublicKey only; nothing is signed). With"
      + " --public-key, both must be one key (exit 2 otherwise).")
  String signKey;

  @Option(names = "--platforms", paramLabel = "LIST", defaultValue = "linux/amd64,linux/arm64",
      description = "Platforms the image index must have (default: ${DEFAULT-VALUE}).")
  String platforms;

  @Option(names = "--replace-assets", description = "Replace assets whose bytes differ from this release's (refused otherwise).")
  boolean replaceAssets;

  @Option(names = "--dry-run", description = "Read the registry and GitHub and say what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--no-verify", description = "Do not read the release back as verify does before writing to GitHub.")
  boolean noVerify;


  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    Map<String, String> env = Environment.get();
    ReleaseVersion release = ReleaseVersion.parseTag(version);
    GitHubOptions.ServiceClone clone = GitHubOptions.ServiceClone.of(controller, service);
    Path dir = clone.dir();
    String svc = clone.service();
    List<Platform> expected = Platform.parseList(platforms);
    Optional<PublishReport> publishReport = Optional.ofNullable(report).map(PublishReport::read);
    GitHubToken token = GitHubToken.require(env, "github-release");
    Retry.Policy retry = registry.retryPolicy(env);
    var target = registry.registry();
    var auth = registry.authOptions(env);
    try (GitRepo repo = GitRepo.open(dir)) {
      GitHubTarget gh = github.target(env, repo, svc);
      // Every input checked: a report of a publish that did not publish this release whole is refused before any request.
      publishReport.ifPresent(r -> r.requirePublished(svc, release, publishArguments(dir, expected)));
      String commit = ReleaseTags.find(repo, release).orElseThrow(() -> ReleaseException.refused(release + " is not tagged in "
          + repo.workTree() + ": fetch the tags (git fetch --tags) or run in the clone that was released")).commit().getName();
      // The key's public half, before any request to the registry or GitHub (a KMS key's: one GetPublicKey).
      Optional<PublicKey> key = ReleasePublicKey.of(Optional.ofNullable(publicKey), Optional.ofNullable(signKey), env);
      Connections connections = new Connections(printer, retry);
      RegistryAccess access = connections.access(target, auth);
      RegistrySession session = connections.session(access);
      if (!noVerify) {
        new VerifyRelease(printer, retry).run(new VerifyRelease.Request(session, svc, release, expected, false, key,
            Optional.of(new VerifyRelease.Source(commit, "the tag " + release.tag() + " in " + repo.workTree())), false));
      }
      Published published = Published.read(session, svc, release, printer, retry);
      publishReport.ifPresent(r -> published.requireAgrees(r.document(), report.toString()));
      GitHubRelease steps = new GitHubRelease(printer, new GitHubClient(gh, token, retry, printer));
      GitHubRelease.Outcome outcome = steps.publish(steps.prepare(repo, svc, release, published, key), replaceAssets, dryRun,
          KEY_FIX);
      print(printer, gh, release, outcome);
    }
    return ExitCodes.OK;
  }

  /**
   * What the publish a refused --report names is given: the run's registry options, its signing key when it has one,
   * its platforms when not the default (another set builds another image index, which the published tag refuses), and
   * the clone, so that it works pasted anywhere.
   */
  private List<String> publishArguments(Path dir, List<Platform> expected) {
    List<String> args = new ArrayList<>(registry.asArguments());
    if (signKey != null) {
      args.addAll(List.of("--sign-key", signKey));
    }
    if (!expected.equals(Platform.DEFAULTS)) {
      args.addAll(List.of("--platforms", String.join(",", expected.stream().map(Platform::toString).toList())));
    }
    args.addAll(List.of("--controller-dir", dir.toAbsolutePath().normalize().toString()));
    return args;
  }

  static void print(Printer printer, GitHubTarget gh, ReleaseVersion release, GitHubRelease.Outcome outcome) {
    String verb = switch (outcome.action()) {
      case "created" -> "Created";
      case "updated" -> "Updated";
      case "unchanged" -> "Nothing to change in";
      default -> "Dry run: " + outcome.action();
    };
    printer.line(verb + " the GitHub release " + release.tag() + " of " + gh.slug() + (outcome.url() == null ? "" : ": "
        + outcome.url()));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ASSET", "ACTION", "DIGEST"});
    outcome.assets().forEach(a -> rows.add(new String[] {a.name(), a.action(), a.digest()}));
    FleetOutput.printTable(printer, rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("action", outcome.action());
    json.put("repository", gh.slug());
    json.put("tag", release.tag());
    json.put("url", outcome.url());
    json.put("published", outcome.published());
    List<Map<String, Object>> assetRows = new ArrayList<>();
    outcome.assets().forEach(a -> assetRows.add(PublishedArtifact.of("asset", a.name(), a.digest(), assetAction(a.action()),
        "an asset of the GitHub release " + release.tag()).toData()));
    json.put("artifacts", assetRows);
    printer.json(json);
  }

  /** An asset's outcome in the one vocabulary of result rows (planned: the would-be word). */
  static PublishedArtifact.Action assetAction(String action) {
    return switch (action) {
      case "kept", "keep" -> PublishedArtifact.Action.ALREADY_PUBLISHED;
      case "uploaded" -> PublishedArtifact.Action.CREATED;
      case "replaced" -> PublishedArtifact.Action.UPDATED;
      case "upload", "resend" -> PublishedArtifact.Action.WOULD_CREATE; // resend: an upload a failed run left unfinished
      case "replace" -> PublishedArtifact.Action.WOULD_UPDATE;
      case "refuse", "conflict" -> PublishedArtifact.Action.WOULD_REFUSE;
      default -> throw new IllegalStateException("an asset outcome this command does not know: " + action);
    };
  }
}
