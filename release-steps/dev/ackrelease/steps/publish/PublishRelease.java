package dev.ackrelease.steps.publish;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.graph.Graph;
import dev.ackrelease.steps.graph.Runner;
import dev.ackrelease.steps.image.ControllerBinaries;
import dev.ackrelease.steps.image.GoBuild;
import dev.ackrelease.steps.image.GoToolchain;
import dev.ackrelease.steps.image.ImageRelease;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.io.PathInput;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.kinds.GitHubReleaseKind;
import dev.ackrelease.steps.kinds.Ledger;
import dev.ackrelease.steps.kinds.Release;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code publish} and {@code plan}: the mode, then the graph of that mode run to the end. Release
 * mode publishes the image and the chart (and with a key their SBOM, signatures and provenance)
 * and reads them back; stable mode only the {@code v<MAJOR>-stable} chart; plan stops after each
 * kind's decision. Which steps run in which order is {@link PublishGraph}'s; what each does is
 * its kind's. Each push follows the immutable-tag rule, so a re-run publishes only what is
 * missing, and a failure carries every row done before it.
 */
public final class PublishRelease {

  /** A failure after some artifacts were handled: the summary so far travels with it. */
  public static final class Failed extends ReleaseException {
    private final transient PublishSummary summary;
    private final boolean predicted;

    Failed(ReleaseException cause, PublishSummary summary) {
      this(cause, summary, false);
    }

    private Failed(ReleaseException cause, PublishSummary summary, boolean predicted) {
      super(cause.kind(), cause.getMessage(), cause);
      this.summary = summary;
      this.predicted = predicted;
    }

    public PublishSummary summary() {
      return summary;
    }

    /** A plan that ran to its end and predicts that publish would refuse: its summary is the whole plan. */
    public boolean predicted() {
      return predicted;
    }
  }

  /** The executor every publish graph runs its steps on, a fleet's many graphs included. */
  private static final ExecutorService STEPS = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "publish-step-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  private final Log log;
  private final Retry.Policy retry;
  private final Connections connections;
  private final boolean sharedConnections;
  private Optional<GitHubReleaseKind.Config> githubRelease = Optional.empty();

  public PublishRelease(Log log, Retry.Policy retry) {
    this(log, retry, null);
  }

  /** A publish on {@code shared} connections (a fleet: one authentication and session per registry); null: its own. */
  public PublishRelease(Log log, Retry.Policy retry, Connections shared) {
    // Steps run side by side: their lines arrive whole, one at a time.
    this.log = Log.serialized(log);
    this.retry = retry;
    this.sharedConnections = shared != null;
    this.connections = shared != null ? shared : new Connections(this.log, retry);
  }

  /** A release also makes the GitHub release of its tag ({@code publish --github-release}), before the read-back. */
  public PublishRelease withGitHubRelease(GitHubReleaseKind.Config config) {
    this.githubRelease = Optional.of(config);
    return this;
  }

  /**
   * The options that are the same whatever the service, checked before a run's mode is decided,
   * in every mode: the main package, the image user, the version package's form and the {@code --go}
   * file. A fleet checks them once, before its first service starts; each service's run checks
   * them again.
   */
  public static void requireOptions(PublishRequest q) {
    GoBuild.requireMainPackage(q.build().mainPackage());
    ImageRelease.requireUser(q.build().imageUser());
    GoBuild.requireVersionPackagePath(q.build().versionPackage());
    q.build().go().ifPresent(GoToolchain::requireExecutable);
  }

  /**
   * What publish writes under (plan writes nothing), checked before its mode is decided and its
   * first line printed: the cache its run directory is made in, and, where Go builds, the paths
   * go writes into its line-based build files, which must hold no newline or other control
   * character: the cache (the run directory is go's GOTMPDIR and holds its -o outputs), GOCACHE,
   * GOPATH and the controller's clone. A fleet checks them once, before its first service starts.
   */
  public static void requireCache(PublishRequest q) {
    PublishRequest.Build b = q.build();
    if (b.platforms().stream().anyMatch(p -> !b.prebuilt().containsKey(p))) {
      PathInput.withoutControls(q.run().cacheDir(), "the cache directory", "pass a --cache-dir without one, e.g. --cache-dir"
          + " \"$HOME/.cache/ack-release\"");
      for (String variable : List.of("GOCACHE", "GOPATH")) {
        String value = q.source().env().get(variable);
        if (value != null && !value.isBlank()) {
          PathInput.withoutControls(PathInput.of(value, variable, "set it to a directory, or unset it"), variable,
              "set " + variable + " to a path without one, or unset it");
        }
      }
      PathInput.withoutControls(q.source().controllerDir(), "the controller directory", "move the clone to a path"
          + " without one and pass that to --controller-dir");
    }
    RunDirectory.requireUsable(q.run().cacheDir());
    CacheLayout.require(q.run().cacheDir()); // before the mode's line too: one line, as the cache's other refusals
  }

  /** {@code plan}: the mode, the version and each artifact's decision (one read of each tag; nothing written). */
  public PublishSummary plan(PublishRequest q) {
    return withMode(q, false);
  }

  public PublishSummary run(PublishRequest q) {
    return withMode(q, true);
  }

  private PublishSummary withMode(PublishRequest request, boolean publish) {
    Path dir = request.source().controllerDir().toAbsolutePath().normalize();
    // The binaries given are checked once, here; the run goes on with them as checked.
    PublishRequest q = request.withPrebuilt(ControllerBinaries.requireValidPrebuilt(request.build().platforms(),
        request.build().prebuilt()));
    requireOptions(q);
    if (publish) {
      requireCache(q);
    }
    String service = q.source().service().map(ReleaseArtifacts::requireService).orElseGet(() -> ControllerLocator.serviceOf(dir));
    try (GitRepo repo = GitRepo.open(dir)) {
      PublishMode mode = PublishMode.detect(repo, q.source().mode(), q.source().env());
      if (mode.kind() == PublishMode.Kind.NOTHING) {
        return PublishSummary.nothingToPublish(service, mode.reason());
      }
      ReleaseVersion version = mode.version().orElseThrow();
      boolean stable = mode.kind() == PublishMode.Kind.STABLE;
      log.info((stable ? "stable mode" : "release mode") + ": " + mode.reason());
      // Runs side by side on one --cache-dir never share a work directory; plan writes nothing.
      try (RunDirectory work = publish ? RunDirectory.create(q.run().cacheDir(), service + "-" + version.plain()) : null) {
        Run run = new Run(q, service, version, stable, publish);
        Optional<Path> workDir = Optional.ofNullable(work).map(w -> w.resolve(""));
        PublishGraph.Wiring wiring = run.wiring(() -> run.checked(new CheckInputs(log, retry, connections)
            .check(q, repo, service, version, stable, workDir)));
        PublishGraph graphs = new PublishGraph(log, retry);
        githubRelease.ifPresent(c -> graphs.withGitHubRelease(new GitHubReleaseKind(log, retry, c)));
        Graph graph = !publish ? graphs.plan(wiring, stable) : stable ? graphs.stable(wiring) : graphs.release(wiring);
        return run.finish(graph);
      }
    }
  }

  /** One run's state: the ledger of rows, the checked release, the read-back's warnings. */
  private final class Run {
    private final PublishRequest q;
    private final String service;
    private final ReleaseVersion version;
    private final boolean stable;
    private final boolean publish;
    private final Ledger ledger = new Ledger();
    private final AtomicReference<Release> release = new AtomicReference<>();
    private final List<String> warnings = new ArrayList<>();
    private volatile boolean verified;

    Run(PublishRequest q, String service, ReleaseVersion version, boolean stable, boolean publish) {
      this.q = q;
      this.service = service;
      this.version = version;
      this.stable = stable;
      this.publish = publish;
    }

    PublishGraph.Wiring wiring(Supplier<Release> check) {
      boolean key = q.signing().key().isPresent();
      return new PublishGraph.Wiring(check, ledger, q.run().dryRun(), publish && q.run().verify(),
          publish && !stable && (q.signing().sbom() || key), publish && key, publish && q.run().ociLayout().isPresent(), this::verify);
    }

    Release checked(Release r) {
      release.set(r);
      return r;
    }

    /** The read-back: what the registry holds is this release, built from the tag's commit. */
    private List<String> verify(Release r) {
      List<String> found = new VerifyRelease(log, retry).run(new VerifyRelease.Request(r.session(), service, version,
          r.platforms(), stable, r.supply().key().map(k -> k.publicKey()), Optional.of(new VerifyRelease.Source(
              r.source().chartCommit(), "the tag " + version.tag())), false)).warnings();
      warnings.addAll(found);
      verified = true;
      log.info("verified " + version.tag() + " in " + r.registry());
      return found;
    }

    PublishSummary finish(Graph graph) {
      Runner.Outcome outcome;
      try {
        outcome = new Runner(STEPS).run(graph);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failed(new ReleaseException(ReleaseException.Kind.INTERNAL, "interrupted while publishing", e), summary(
            List.of("interrupted")));
      }
      Optional<Throwable> failure = outcome.firstFailure();
      if (failure.isPresent()) {
        ReleaseException e = failure.get() instanceof ReleaseException r ? r : new ReleaseException(
            ReleaseException.Kind.INTERNAL, "a publish step failed unexpectedly: " + failure.get(), failure.get());
        throw new Failed(e, summary(List.of(e.getMessage())));
      }
      List<String> wouldRefuse = rows(Action.WOULD_REFUSE);
      if (!wouldRefuse.isEmpty()) {
        ReleaseException e = ReleaseException.refused("dry run: publishing would be refused for " + String.join("; ", wouldRefuse));
        throw new Failed(e, summary(List.of(e.getMessage())));
      }
      // plan predicts what publish would do: other build inputs recorded under a released tag
      // are a build publish refuses unless the digests agree, so plan is refused as publish would be.
      List<String> conflicts = publish ? List.of() : rows(Action.CONFLICT);
      if (!conflicts.isEmpty()) {
        ReleaseException e = ReleaseException.refused("plan: publishing would be refused for " + String.join("; ", conflicts)
            + ": released versions are immutable: release a new version (publish --dry-run with these options builds this one"
            + " and compares the digests)");
        throw new Failed(e, summary(List.of(e.getMessage())), true);
      }
      return summary(List.of());
    }

    /** The ledger's rows with {@code action}, each as its reference and detail. */
    private List<String> rows(Action action) {
      return ledger.rows().stream().filter(a -> a.action() == action).map(a -> a.ref() + ": " + a.detail()).toList();
    }

    PublishSummary summary(List<String> problems) {
      List<PublishedArtifact> rows = ledger.rows();
      Map<String, String> build = Optional.ofNullable(release.get()).map(Release::buildFacts).orElse(Map.of());
      return new PublishSummary(service, stable ? "stable" : "release", version.tag(), q.target().registry().toString(),
          q.run().dryRun(), rows, problems, verified, null, Map.copyOf(build),
          // Shared connections count every service's retries together: a service reports its own rows'.
          sharedConnections ? rows.stream().mapToInt(PublishedArtifact::retries).sum() : retry.retries(), List.copyOf(warnings));
    }
  }
}
