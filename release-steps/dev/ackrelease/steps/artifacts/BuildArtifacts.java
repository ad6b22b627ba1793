package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.ackrelease.steps.io.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The release artifacts step: puts the release version and image repository into the five
 * places of a controller repo (helm/Chart.yaml, helm/values.yaml, helm/templates/NOTES.txt,
 * config/controller/kustomization.yaml), changing no other byte; renders a new chart when the
 * controller has no helm/ yet. Everything is read and validated before anything is written.
 */
public final class BuildArtifacts {

  /** Write the files, only check them, or show the diff. */
  public enum Mode { WRITE, CHECK, DRY_RUN }

  /**
   * What to build: the controller dir ({@code null}: found from {@code workingDir}), the service,
   * the version tag ({@code null}: the newest release tag reachable from HEAD), the image
   * repository ({@code null}: ACK's default for the service).
   */
  public record Request(Path controllerDir, Path workingDir, String service, String version, String imageRepository,
      Mode mode) {}

  /** What a run did. */
  public enum Action { UPDATED, CREATED, UP_TO_DATE, WOULD_CHANGE, CHECK_PASSED, CHECK_FAILED }

  /** One file's bytes before ({@code null} for a new file) and after. */
  public record FileChange(String file, byte[] before, byte[] after) {
    public boolean created() {
      return before == null;
    }

    public String diff() {
      return UnifiedDiff.of(file, before, after);
    }
  }

  /**
   * Everything a run would do, computed without writing: the resolved inputs, the places that
   * change (old → new) and the files with their new bytes.
   */
  public record Plan(Path controllerDir, String service, ReleaseVersion version, String versionSource,
      String imageRepository, List<Place> changes, List<FileChange> files) {

    public boolean upToDate() {
      return files.isEmpty();
    }

    /** Paths (relative to the controller dir) of the files this plan creates. */
    public List<String> createdFiles() {
      return files.stream().filter(FileChange::created).map(FileChange::file).toList();
    }

    /** Paths (relative to the controller dir) of every file this plan writes. */
    public List<String> writtenFiles() {
      return files.stream().map(FileChange::file).toList();
    }

    /** The unified diff of every file this plan writes. */
    public String diff() {
      StringBuilder diff = new StringBuilder();
      files.forEach(f -> diff.append(f.diff()));
      return diff.toString();
    }
  }

  /** The plan and what was done with it. */
  public record Result(Plan plan, Action action) {}

  private final Log log;
  private final ChartRenderer renderer = new ChartRenderer();

  public BuildArtifacts(Log log) {
    this.log = log;
  }

  /** Plans, then writes, checks or diffs according to the mode. */
  public Result run(Request request) {
    Plan plan = plan(request);
    if (request.mode() == Mode.CHECK) {
      return new Result(plan, plan.upToDate() ? Action.CHECK_PASSED : Action.CHECK_FAILED);
    }
    if (plan.upToDate()) {
      log.info("the artifacts of " + plan.controllerDir() + " already carry " + plan.version().plain());
      return new Result(plan, Action.UP_TO_DATE);
    }
    if (request.mode() == Mode.DRY_RUN) {
      return new Result(plan, Action.WOULD_CHANGE);
    }
    write(plan);
    return new Result(plan, plan.createdFiles().isEmpty() ? Action.UPDATED : Action.CREATED);
  }

  /** Resolves the inputs, reads and validates every file, and computes the new bytes; writes nothing. */
  public Plan plan(Request request) {
    String service = ReleaseArtifacts.requireService(request.service());
    String repository = ReleaseArtifacts.requireImageRepository(request.imageRepository() != null
        ? request.imageRepository() : ReleaseArtifacts.defaultImageRepository(service));
    Path dir = ControllerLocator.locate(request.controllerDir(), request.workingDir(), service);
    ResolvedVersion resolved = resolveVersion(request.version(), dir);
    ReleaseVersion version = resolved.version();
    log.info("controller " + dir + ", version " + version.plain() + " (" + resolved.source() + "), image " + repository);

    List<Place> changes = new ArrayList<>();
    List<FileChange> files = new ArrayList<>();
    Path helm = RepoPaths.inside(dir, "helm");
    if (Files.exists(helm) && !Files.isDirectory(helm)) {
      throw ReleaseException.invalidInput("helm in " + dir + " is a file, not the chart directory: restore helm/ from git"
          + " or move the file away");
    }
    if (Files.isDirectory(helm)) {
      ReleaseArtifacts.Artifacts artifacts = ReleaseArtifacts.read(dir);
      artifacts.requireService(service);
      List<Place> targets = artifacts.targets(service, version, repository);
      for (String file : ReleaseArtifacts.FILES) {
        rewrite(file, artifacts.texts().get(file), targets, changes, files);
      }
    } else if (request.mode() == Mode.CHECK) {
      throw ReleaseException.verification(dir.resolve("helm") + " does not exist: run ack-release build-artifacts "
          + version.tag() + " --service " + service + " to create the chart, and commit it");
    } else {
      log.info("no helm/ in " + dir + ": rendering a new " + service + "-chart");
      renderer.renderChart(service, version, repository).forEach((file, text) -> files.add(newFile(file, text)));
      planKustomization(dir, service, version, repository, changes, files);
    }
    return new Plan(dir, service, version, resolved.source(), repository, List.copyOf(changes), List.copyOf(files));
  }

  /** Writes a plan's files all at once (temp files, then atomic moves). */
  public void write(Plan plan) {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    plan.files().forEach(f -> contents.put(f.file(), f.after()));
    ArtifactRewriter.writeAll(plan.controllerDir(), contents);
    plan.files().forEach(f -> log.info((f.created() ? "created " : "updated ") + f.file()));
  }

  private void planKustomization(Path dir, String service, ReleaseVersion version, String repository,
      List<Place> changes, List<FileChange> files) {
    String file = ReleaseArtifacts.KUSTOMIZATION;
    if (Files.exists(RepoPaths.inside(dir, file))) {
      String text = ReleaseArtifacts.readText(dir, file);
      rewrite(file, text, ReleaseArtifacts.targets(ArtifactPlaces.locate(file, text), service, version, repository),
          changes, files);
    } else {
      files.add(newFile(file, renderer.renderKustomization(service, version, repository,
          manifestsNextTo(dir.resolve(file)))));
    }
  }

  private static void rewrite(String file, String text, List<Place> targets, List<Place> changes,
      List<FileChange> files) {
    List<Place> here = targets.stream().filter(p -> p.file().equals(file) && p.differs()).toList();
    if (!here.isEmpty()) {
      changes.addAll(here);
      files.add(new FileChange(file, bytes(text), bytes(ArtifactRewriter.rewrite(text, here))));
    }
  }

  private static FileChange newFile(String file, String text) {
    return new FileChange(file, null, bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The YAML manifests already in config/controller/, for the resources of a new kustomization. */
  private static List<String> manifestsNextTo(Path kustomization) {
    Path dir = kustomization.getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith("kustomization."))
          .sorted().toList();
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot list " + dir + " (" + e.getMessage() + "): check its permissions");
    }
  }

  private record ResolvedVersion(ReleaseVersion version, String source) {}

  private static ResolvedVersion resolveVersion(String version, Path dir) {
    if (version != null) {
      return new ResolvedVersion(ReleaseVersion.parseTag(version), "given");
    }
    String fix = ": pass the version, e.g. ack-release build-artifacts v1.2.3";
    try (GitRepo repo = GitRepo.open(dir)) {
      ReleaseTag tag = ReleaseTags.newestReachableFromHead(repo).orElseThrow(() -> ReleaseException.invalidInput(
          "no VERSION given and no release tag vX.Y.Z is reachable from HEAD in " + dir + fix));
      return new ResolvedVersion(tag.version(), "tag " + tag.name() + ", the newest reachable from HEAD");
    } catch (ReleaseException e) {
      if (e.kind() == ReleaseException.Kind.INVALID_INPUT || e.getMessage().startsWith("shallow clone")) {
        throw e;
      }
      throw ReleaseException.invalidInput("no VERSION given and " + e.getMessage().replaceFirst(":.*$", "") + fix);
    }
  }
}
