package dev.ackrelease.steps.umbrella;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.git.GitCredentials;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.RepoPaths;
import dev.ackrelease.steps.publish.AwaitRelease;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * {@code umbrella}: ACK's {@code update-chart.sh}, done properly. For every controller clone of
 * the workspace whose chart is GA (major version at least 1), the umbrella chart's dependency is
 * added or upgraded ({@link UmbrellaChart}); a changed dependency must be in the registry first
 * (awaited with {@code --await}, else refused, exit 5; never written otherwise), unchanged ones are
 * not looked up (the registry is not even authenticated when nothing changed: the session is
 * asked for on the first look-up). {@code Chart.lock} is rewritten as {@code helm dependency update} would. Then
 * optionally a commit "Updating chart dependencies", a tag {@code X.Y.Z} (no {@code v}, as ACK's)
 * and a push of both; a push rejected because another run pushed first is retried on top of it
 * (fetch, reset to the remote branch, apply again), so concurrent runs end with both bumps.
 */
public final class UmbrellaUpdate {

  public static final String COMMIT_MESSAGE = "Updating chart dependencies";
  static final int PUSH_ATTEMPTS = 5;

  /** What to update and how far to go. {@code repository} is the dependencies' {@code oci://host/namespace}. */
  public record Request(Path chartDir, Path workspace, java.util.function.Supplier<RegistrySession> session, String repository,
      boolean await,
      Duration awaitTimeout, boolean commit, boolean tag, boolean push, String remote, Map<String, String> env) {}

  /** What happened: the versions, the edits, and how far it went. */
  public record Result(String chart, String from, String to, List<UmbrellaChart.Edit> edits, Optional<String> commit,
      Optional<String> tag, boolean pushed, int attempts) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Log log;
  private final Retry.Policy retry;
  private final Clock clock;

  public UmbrellaUpdate(Log log, Retry.Policy retry) {
    this(log, retry, Clock.systemUTC());
  }

  UmbrellaUpdate(Log log, Retry.Policy retry, Clock clock) {
    this.log = log;
    this.retry = retry;
    this.clock = clock;
  }

  public Result run(Request r) {
    if ((r.tag() || r.push()) && !r.commit()) {
      throw ReleaseException.invalidInput("--tag and --push need --commit: pass --commit too");
    }
    Path dir = r.chartDir().toAbsolutePath().normalize();
    List<UmbrellaChart.Wanted> wanted = wanted(r.workspace());
    if (!r.commit()) {
      return apply(r, dir, wanted, null, 1);
    }
    try (GitRepo repo = GitRepo.open(dir)) {
      if (!repo.trackedChanges().isEmpty()) {
        throw ReleaseException.refused("the umbrella chart's clone " + repo.workTree() + " has uncommitted changes ("
            + String.join(", ", repo.trackedChanges()) + "): commit or stash them first");
      }
      if (r.push() && !repo.hasRemote(r.remote())) {
        throw ReleaseException.invalidInput("the umbrella chart's clone has no remote '" + r.remote() + "': add it or pass --remote");
      }
      for (int attempt = 1; ; attempt++) {
        Result result = apply(r, dir, wanted, repo, attempt);
        if (!r.push() || result.edits().isEmpty()) {
          return result;
        }
        if (push(repo, r, result)) {
          return new Result(result.chart(), result.from(), result.to(), result.edits(), result.commit(), result.tag(), true, attempt);
        }
        if (attempt >= PUSH_ATTEMPTS) {
          throw ReleaseException.remote("the push of " + result.chart() + " " + result.to() + " was rejected " + attempt
              + " times (others pushed first each time): run again", null);
        }
        log.info("the remote moved on (another update pushed first): applying the changes again on top of it");
        rebaseOntoRemote(repo, r, result);
      }
    }
  }

  /** The GA controllers of the workspace: {@code helm/Chart.yaml}'s name and version, major at least 1. */
  List<UmbrellaChart.Wanted> wanted(Path workspace) {
    List<UmbrellaChart.Wanted> wanted = new ArrayList<>();
    for (Fleet.Target t : Fleet.workspace(workspace)) {
      Path chartYaml = RepoPaths.inside(t.controllerDir(), "helm/Chart.yaml");
      if (!Files.isRegularFile(chartYaml)) {
        log.info("skipping " + t.service() + ": no helm/Chart.yaml");
        continue;
      }
      JsonNode chart;
      try {
        chart = YAML.readTree(chartYaml.toFile());
      } catch (IOException e) {
        throw ReleaseException.invalidInput(chartYaml + " is not valid YAML: fix the " + t.service() + " controller's chart");
      }
      String name = chart.path("name").asText();
      String version = chart.path("version").asText().replaceFirst("^v", "");
      if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
        throw ReleaseException.invalidInput(chartYaml + " has version '" + version + "', not X.Y.Z: fix the " + t.service()
            + " controller's chart");
      }
      if (version.startsWith("0.")) {
        log.info("skipping " + t.service() + ": no GA release (" + name + " " + version + ")");
        continue;
      }
      wanted.add(new UmbrellaChart.Wanted(t.service(), name, version));
    }
    return wanted;
  }

  private Result apply(Request r, Path dir, List<UmbrellaChart.Wanted> wanted, GitRepo repo, int attempt) {
    Path chartPath = RepoPaths.inside(dir, "Chart.yaml");
    Path valuesPath = RepoPaths.inside(dir, "values.yaml");
    Path lockPath = RepoPaths.inside(dir, "Chart.lock");
    UmbrellaChart chart;
    try {
      chart = UmbrellaChart.parse(Files.readAllBytes(chartPath), Files.readAllBytes(valuesPath));
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read the umbrella chart in " + dir + " (" + e.getMessage()
          + "): pass the ack-chart clone to --chart-dir");
    }
    String from = chart.version();
    List<UmbrellaChart.Edit> edits = chart.apply(wanted, r.repository());
    if (edits.isEmpty()) {
      log.info(chart.name() + " " + from + " already has every GA controller's chart at its version: nothing to update");
      return new Result(chart.name(), from, from, edits, Optional.empty(), Optional.empty(), false, attempt);
    }
    // A version is written only once its chart is in the registry.
    for (UmbrellaChart.Edit e : edits) {
      requirePublished(r, e);
    }
    String to = chart.newVersion();
    edits.forEach(e -> log.info(e.describe()));
    log.info(chart.name() + " " + from + " -> " + to);
    try {
      AtomicFiles.write(chartPath, chart.chartYaml());
      AtomicFiles.write(valuesPath, chart.valuesYaml());
      AtomicFiles.write(lockPath, ChartLock.write(chart.chartYaml(), clock.instant()));
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot write the umbrella chart in " + dir + " (" + e.getMessage()
          + "): check that it is writable", e);
    }
    if (repo == null) {
      return new Result(chart.name(), from, to, edits, Optional.empty(), Optional.empty(), false, attempt);
    }
    Path top = repo.workTree();
    try {
      String prefix = top.relativize(dir).toString();
      for (String f : List.of("Chart.yaml", "values.yaml", "Chart.lock")) {
        repo.git().add().addFilepattern(prefix.isEmpty() ? f : prefix + "/" + f).call();
      }
      PersonIdent who = repo.tagger();
      RevCommit commit = repo.git().commit().setMessage(COMMIT_MESSAGE + "\n").setAuthor(who).setCommitter(who)
          .setSign(false).call();
      log.info("committed " + commit.abbreviate(12).name() + " \"" + COMMIT_MESSAGE + "\"");
      Optional<String> tag = Optional.empty();
      if (r.tag()) {
        if (repo.tagExists(to)) {
          throw ReleaseException.refused("tag " + to + " already exists in the umbrella chart's clone: a released chart"
              + " version never moves; check what released it");
        }
        // As ACK's job: a lightweight tag X.Y.Z, whose job packages and pushes the chart.
        repo.git().tag().setName(to).setAnnotated(false).setObjectId(commit).call();
        tag = Optional.of(to);
        log.info("tagged " + to);
      }
      return new Result(chart.name(), from, to, edits, Optional.of(commit.getName()), tag, false, attempt);
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot commit the umbrella chart: " + e.getMessage(), e);
    }
  }

  private void requirePublished(Request r, UmbrellaChart.Edit e) {
    String service = e.chartName().replaceFirst("-chart$", "");
    RegistrySession session = r.session().get();
    String ref = session.access().registry().ref(e.chartName(), e.to());
    if (session.manifest(e.chartName(), e.to()).isPresent()) {
      return;
    }
    if (!r.await()) {
      throw ReleaseException.verification(ref + " is not in the registry, so " + e.describe() + " is not written: publish it"
          + " first, or pass --await to wait for it");
    }
    log.info("waiting for " + ref + " before writing it");
    new AwaitRelease(log, retry).run(new AwaitRelease.Request(session, service, ReleaseVersion.parseTag("v" + e.to()),
        List.of(), true, r.awaitTimeout()));
  }

  /** Pushes the branch and the tag; false when the branch push was rejected because the remote moved on. */
  private boolean push(GitRepo repo, Request r, Result result) {
    String branch = repo.branch().orElseThrow(() -> ReleaseException.refused("the umbrella chart's clone is not on a branch:"
        + " check out the branch to push (e.g. main)"));
    List<RefSpec> specs = new ArrayList<>(List.of(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch)));
    result.tag().ifPresent(t -> specs.add(new RefSpec(Constants.R_TAGS + t + ":" + Constants.R_TAGS + t)));
    Iterable<PushResult> results;
    try {
      results = Retry.call(retry, "push of " + result.chart() + " " + result.to() + " to " + r.remote(), log, e -> false,
          () -> repo.git().push().setRemote(r.remote()).setRefSpecs(specs).setAtomic(false)
              .setCredentialsProvider(GitCredentials.fromEnvironment(r.env())).setTimeout(120).call());
    } catch (Exception e) {
      throw ReleaseException.remote("push of the umbrella chart to " + r.remote() + " failed (" + e.getMessage()
          + "); the local commit stays: fix access to the remote and run again", e);
    }
    for (PushResult p : results) {
      RemoteRefUpdate head = p.getRemoteUpdate(Constants.R_HEADS + branch);
      // Another update got there first (not a fast-forward any more, or its ref update held the lock): apply again.
      if (head != null && (head.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
          || head.getStatus() == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
          || head.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON)) {
        log.info("push of " + branch + " rejected (" + head.getStatus().name().toLowerCase().replace('_', ' ')
            + (head.getMessage() != null ? ": " + head.getMessage() : "") + ")");
        return false;
      }
      for (RemoteRefUpdate u : p.getRemoteUpdates()) {
        if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
          if (u.getRemoteName().startsWith(Constants.R_TAGS) && u.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
            return false; // the tag was taken by the other run: apply again for the next version
          }
          throw ReleaseException.remote("push of " + u.getRemoteName() + " to " + r.remote() + " was rejected ("
              + u.getStatus().name().toLowerCase().replace('_', ' ') + "): check the remote and run again", null);
        }
      }
    }
    log.info("pushed " + result.chart() + " " + result.to() + " to " + r.remote());
    return true;
  }

  /** Drops this attempt's commit and tag and moves to the remote branch, to apply the changes again on top. */
  private void rebaseOntoRemote(GitRepo repo, Request r, Result result) {
    String branch = repo.branch().orElseThrow();
    try {
      result.tag().ifPresent(t -> {
        try {
          repo.git().tagDelete().setTags(t).call();
        } catch (GitAPIException e) {
          throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot drop tag " + t + ": " + e.getMessage(), e);
        }
      });
      repo.git().fetch().setRemote(r.remote()).setCredentialsProvider(GitCredentials.fromEnvironment(r.env()))
          .setTimeout(120).call();
      repo.git().reset().setMode(ResetCommand.ResetType.HARD).setRef(r.remote() + "/" + branch).call();
    } catch (GitAPIException e) {
      throw ReleaseException.remote("cannot fetch " + r.remote() + " to apply the update again (" + e.getMessage()
          + "): run again", e);
    }
  }
}
