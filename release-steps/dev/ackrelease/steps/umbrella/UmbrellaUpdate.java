package dev.ackrelease.steps.umbrella;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.YamlInput;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.git.GitLocks;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.CriticalSection;
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
import java.util.function.Supplier;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code umbrella}: ACK's {@code update-chart.sh}, done properly. For every controller clone of
 * the workspace whose chart is GA (major version at least 1), the umbrella chart's dependency is
 * added or upgraded ({@link UmbrellaChart}); a changed dependency must be in the registry first
 * (awaited with {@code --await}, else refused, exit 5; never written otherwise), unchanged ones are
 * not looked up (the registry is not even authenticated when nothing changed: the session is
 * asked for on the first look-up). {@code Chart.lock} is rewritten as {@code helm dependency update} would. Then
 * optionally a commit "Updating chart dependencies", a tag {@code X.Y.Z} (no {@code v}, as ACK's)
 * and a push of both to a {@link PushTarget} (a remote, or a URL for a Prow clone, which has none);
 * a push rejected because another run pushed first is retried on top of it (fetch, reset to the
 * remote branch, apply again), so concurrent runs end with both bumps.
 *
 * <p>Whatever can refuse is checked before the first file is written: the clean tree, the push
 * target, and once the new version is known, the identity that commits, the branch a push needs
 * and a tag {@code X.Y.Z} that already exists. So a refusal leaves no file changed, no commit and
 * no tag, and the run after the obstacle is removed does the whole update.
 */
public final class UmbrellaUpdate {

  public static final String COMMIT_MESSAGE = "Updating chart dependencies";
  static final int PUSH_ATTEMPTS = 5;

  /** What to update and how far to go. {@code repository} is the dependencies' {@code oci://host/namespace}. */
  public record Request(Path chartDir, Path workspace, Supplier<RegistrySession> session, String repository, boolean await,
      Duration awaitTimeout, boolean commit, boolean tag, boolean push, PushTarget target, Map<String, String> env) {}

  /**
   * What happened: the versions, the edits, how far it went, and how many clones were skipped
   * because their chart is older than the umbrella's ({@link UmbrellaChart#behind}).
   */
  public record Result(String chart, String from, String to, List<UmbrellaChart.Edit> edits, Optional<String> commit,
      Optional<String> tag, boolean pushed, int attempts, int skipped) {

    /** "skipped 2 older clones", or empty when none was. */
    public String skippedClones() {
      return skipped == 0 ? "" : "skipped " + skipped + " older clone" + (skipped == 1 ? "" : "s");
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());

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
    if (!Files.isDirectory(dir)) {
      throw ReleaseException.invalidInput("the umbrella chart directory " + Echo.value(dir.toString())
          + (Files.exists(dir) ? " is not a directory" : " does not exist") + ": pass the ack-chart clone to --chart-dir");
    }
    List<UmbrellaChart.Wanted> wanted = wanted(r.workspace());
    if (!r.commit()) {
      return apply(r, dir, wanted, null, 1);
    }
    try (GitRepo repo = GitRepo.open(dir, "the umbrella chart directory", "--chart-dir")) {
      List<String> changes = WorkTreeStatus.trackedChanges(repo);
      if (!changes.isEmpty()) {
        throw ReleaseException.refused("the umbrella chart's clone " + repo.workTree() + " has uncommitted changes ("
            + String.join(", ", changes) + "): commit or stash them first");
      }
      if (r.push()) {
        r.target().requireIn(repo);
      }
      UmbrellaPush pusher = new UmbrellaPush(log, retry, r.target(), r.env());
      for (int attempt = 1; ; attempt++) {
        Result result = apply(r, dir, wanted, repo, attempt);
        if (r.push() && result.edits().isEmpty()) {
          // An earlier run's commit (and tag) whose push a signal or the network cut: this run pushes it.
          result = pusher.unpushed(repo, result, r.tag()).orElse(result);
        }
        if (!r.push() || result.commit().isEmpty()) {
          return result;
        }
        String branch = repo.branch().orElseThrow();
        if (pusher.push(repo, branch, result)) {
          return new Result(result.chart(), result.from(), result.to(), result.edits(), result.commit(), result.tag(), true, attempt,
              result.skipped());
        }
        if (attempt >= PUSH_ATTEMPTS) {
          throw ReleaseException.remote("the push of " + result.chart() + " " + result.to() + " was rejected " + attempt
              + " times (others pushed first each time): run again", null);
        }
        log.info("the remote moved on (another update pushed first): applying the changes again on top of it");
        pusher.moveOntoRemote(repo, branch, result);
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
    chart.behind().forEach(b -> log.info("skipping " + b + " (the umbrella never goes back: pull the clone to update it)"));
    if (edits.isEmpty()) {
      Result none = new Result(chart.name(), from, from, edits, Optional.empty(), Optional.empty(), false, attempt,
          chart.behind().size());
      // Not "every chart at its version" when a clone behind the umbrella was left out.
      log.info(chart.name() + " " + from + (none.skipped() == 0 ? " already has every GA controller's chart at its version:"
          + " nothing to update" : ": nothing to update (" + none.skippedClones() + ")"));
      return none;
    }
    String to = chart.newVersion();
    if (repo != null) {
      requireCommittable(r, repo, to);
    }
    // A version is written only once its chart is in the registry.
    for (UmbrellaChart.Edit e : edits) {
      requirePublished(r, e);
    }
    edits.forEach(e -> log.info(e.describe()));
    log.info(chart.name() + " " + from + " -> " + to);
    // The files, the commit and the tag, as one write a signal waits for: a re-run finds the files
    // already carrying the versions, so it would neither commit what a signal left uncommitted nor
    // tag a commit left without its tag.
    return CriticalSection.run(unfinished(r, dir, repo, to), () -> {
      try {
        AtomicFiles.write(chartPath, chart.chartYaml());
        AtomicFiles.write(valuesPath, chart.valuesYaml());
        AtomicFiles.write(lockPath, ChartLock.write(chart.chartYaml(), clock.instant()));
      } catch (IOException e) {
        throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot write the umbrella chart in " + dir + " (" + e.getMessage()
            + "): check that it is writable", e);
      }
      Result written = new Result(chart.name(), from, to, edits, Optional.empty(), Optional.empty(), false, attempt,
          chart.behind().size());
      return repo == null ? written : commit(r, repo, dir, written);
    });
  }

  /** What the interrupt says when the files, commit and tag did not end whole: the commands that undo them. */
  private static String unfinished(Request r, Path dir, GitRepo repo, String to) {
    if (repo == null) {
      return "writing the umbrella chart in " + dir + " did not finish: put Chart.yaml, values.yaml and Chart.lock back as they"
          + " were, then run the same command again";
    }
    String git = ShellWords.gitIn(repo.workTree());
    return "the umbrella commit of " + to + " did not finish: undo it, then run the same command again: " + git + " reset -q --hard "
        + repo.head().getName() + (r.tag() ? "; " + git + " tag -d " + to : "");
  }

  private Result commit(Request r, GitRepo repo, Path dir, Result written) {
    String to = written.to();
    Path top = repo.workTree();
    try {
      String prefix = top.relativize(dir).toString();
      for (String f : List.of("Chart.yaml", "values.yaml", "Chart.lock")) {
        repo.git().add().addFilepattern(prefix.isEmpty() ? f : prefix + "/" + f).call();
      }
      PersonIdent who = repo.tagger(); // now: the await above may have taken minutes
      RevCommit commit = repo.git().commit().setMessage(COMMIT_MESSAGE + "\n").setAuthor(who).setCommitter(who)
          .setSign(false).call();
      log.info("committed " + commit.abbreviate(12).name() + " \"" + COMMIT_MESSAGE + "\"");
      Optional<String> tag = Optional.empty();
      if (r.tag()) {
        // As ACK's job: a lightweight tag X.Y.Z, whose job packages and pushes the chart.
        repo.git().tag().setName(to).setAnnotated(false).setObjectId(commit).call();
        tag = Optional.of(to);
        log.info("tagged " + to);
      }
      return new Result(written.chart(), written.from(), to, written.edits(), Optional.of(commit.getName()), tag, false,
          written.attempts(), written.skipped());
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot commit the umbrella chart: " + e.getMessage(), e);
    }
  }

  /**
   * What must hold for the commit, the tag and the push, checked before anything is written: who
   * commits (git's identity), a branch to push, and no tag {@code to} yet.
   */
  private static void requireCommittable(Request r, GitRepo repo, String to) {
    repo.tagger();
    if (r.push() && repo.branch().isEmpty()) {
      throw ReleaseException.refused("the umbrella chart's clone is not on a branch (HEAD is detached): check out the branch"
          + " to push (e.g. git checkout main)");
    }
    if (r.tag() && ReleaseTags.exists(repo, to)) {
      throw ReleaseException.refused("tag " + to + " already exists in the umbrella chart's clone, so nothing was written: a"
          + " released chart version never moves; check what released it (git show " + to + ") and run again once it is gone");
    }    // git must be able to write the commit and the tag too (no ref clash, no lock left behind).
    GitLocks.requireIndexUnlocked(repo, "commit the umbrella chart");
    if (r.tag()) {
      GitLocks.requireCreatable(repo, "refs/tags/" + to);
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
}
