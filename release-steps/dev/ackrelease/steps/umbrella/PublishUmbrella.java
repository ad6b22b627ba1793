package dev.ackrelease.steps.umbrella;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlErrors;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.YamlInput;
import dev.ackrelease.steps.auth.Connections;
import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.steps.chart.ChartPackager;
import dev.ackrelease.steps.chart.ChartPublisher;
import dev.ackrelease.steps.chart.CommittedChart;
import dev.ackrelease.steps.chart.HelmOciArtifact;
import dev.ackrelease.steps.chart.PackagedChart;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.WorkTreeStatus;
import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.registry.PublishedArtifact;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code publish --chart-dir ack-chart}: the umbrella chart packaged with its dependencies, as
 * {@code helm package --dependency-update} makes it, and pushed under the immutable-tag rule. The
 * chart comes from the commit at HEAD (not the work tree); {@code Chart.lock} must agree with
 * {@code Chart.yaml} (its digest is Helm's), and each dependency's chart is read from the
 * registry by the version it names (its content layer, checked against its digest) and unpacked
 * into {@code charts/<name>/}, as Helm saves dependencies in a package. The package is reproducible: the commit time is every
 * entry's time.
 */
public final class PublishUmbrella {

  /** What to publish where. */
  public record Request(Path chartDir, Registry registry, RegistryAuthOptions auth, Path cacheDir, boolean dryRun) {}

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());

  private final Log log;
  private final Retry.Policy retry;
  private final Connections connections;

  public PublishUmbrella(Log log, Retry.Policy retry) {
    this.log = log;
    this.retry = retry;
    this.connections = new Connections(log, retry);
  }

  /** What was published: the chart's name and version, and its row. */
  public record Result(String chart, String version, PublishedArtifact row) {}

  public Result run(Request r) {
    try (GitRepo repo = GitRepo.open(r.chartDir().toAbsolutePath().normalize(), "the umbrella chart directory", "--chart-dir")) {
      WorkTreeStatus.requireClean(repo, "publish the umbrella chart");
      String prefix = repo.workTree().relativize(r.chartDir().toAbsolutePath().normalize()).toString();
      try (RunDirectory work = RunDirectory.create(r.cacheDir(), "umbrella")) {
        Path dir = work.resolve("chart");
        CommittedChart.Exported exported = CommittedChart.export(repo, repo.head().getId(), prefix, Optional.of(dir),
            prefix.isEmpty() ? "at the repository's root" : prefix + "/", CommitExport.RELEASE_A_NEW_VERSION);
        log.info("umbrella chart: " + (prefix.isEmpty() ? "the repository root" : prefix + "/") + " of commit "
            + repo.head().abbreviate(12).name() + " (" + Counts.of(exported.files(), "file") + ")");
        byte[] chartYaml = read(dir.resolve("Chart.yaml"), "Chart.yaml");
        byte[] lock = read(dir.resolve("Chart.lock"), "Chart.lock");
        String recorded = ChartLock.recordedDigest(lock);
        if (!recorded.equals(ChartLock.digest(chartYaml))) {
          throw ReleaseException.verification("Chart.lock of the umbrella chart does not match its Chart.yaml (digest " + recorded
              + ", Chart.yaml gives " + ChartLock.digest(chartYaml) + "): run ack-release umbrella, commit and tag again");
        }
        RegistryAccess access = connections.access(r.registry(), r.auth());
        RegistrySession session = connections.session(access);
        JsonNode deps = YAML.readTree(chartYaml).path("dependencies");
        int pulled = 0;
        for (JsonNode d : deps) {
          pullDependency(r, d, dir, access);
          pulled++;
        }
        log.info("pulled " + pulled + " dependency charts into charts/");
        // The commit's rules, as the export read them, also for the dependencies pulled into charts/ since.
        PackagedChart chart = new ChartPackager(log).pack(new ChartPackager.Request(dir, repo.headCommitTime(), Optional.empty(),
            Optional.of(exported.ignore())));
        BuildInputs inputs = BuildInputs.of(Map.of("artifact", "umbrella chart", "tree",
            CommitExport.treeId(repo, repo.head().getId(), prefix).orElseThrow(), "lock", recorded, "version", chart.version(),
            "time", repo.headCommitTime().toString()));
        return new Result(chart.name(), chart.version(), new ChartPublisher(log, retry).publish(ChartPublisher.Request
            .release(access, chart, r.dryRun()).withBuildInputs(inputs.digest()).withSession(session)).artifact());
      }
    } catch (IOException e) {
      throw ReleaseException.invalidInput("the umbrella chart's Chart.yaml is not valid YAML" + YamlErrors.atLine(e) + " ("
          + YamlErrors.reason(e) + "): fix it");
    }
  }

  private void pullDependency(Request r, JsonNode d, Path dir, RegistryAccess target) {
    String name = d.path("name").asText();
    String version = d.path("version").asText();
    String repository = d.path("repository").asText();
    if (!repository.startsWith("oci://") || !name.matches("[a-z0-9][a-z0-9-]*") || !version.matches("v?\\d+\\.\\d+\\.\\d+")) {
      throw ReleaseException.invalidInput("dependency " + name + " " + version + " from '" + repository + "' is not an OCI chart"
          + " by exact version: the umbrella chart lists oci:// repositories and X.Y.Z versions");
    }
    Registry registry = Registry.parse(repository.substring("oci://".length()));
    RegistryAccess access = registry.equals(target.registry()) ? target : connections.readAccess(registry, r.auth());
    RegistrySession session = connections.session(access);
    RegistrySession.Fetched manifest = session.manifest(name, version).orElseThrow(() -> ReleaseException.verification(
        registry.ref(name, version) + " is not in the registry: the umbrella chart names a chart that was never published;"
            + " publish it, or run ack-release umbrella --await"));
    String content = null;
    for (JsonNode layer : manifest.json().path("layers")) {
      if (HelmOciArtifact.CONTENT_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        content = layer.path("digest").asText();
      }
    }
    if (content == null) {
      throw ReleaseException.verification(registry.ref(name, version) + " is not a Helm chart (no chart content layer)");
    }
    byte[] tgz = session.blob(name, content);
    unpack(tgz, name, dir.resolve("charts"), registry.ref(name, version));
  }

  /**
   * Unpacks a dependency's package into {@code charts/<name>/}: helm package saves dependencies
   * unpacked, so the umbrella's package holds their files, not their archives. Only regular
   * files under {@code <name>/}; anything leaving it is refused.
   */
  private static void unpack(byte[] tgz, String name, Path charts, String ref) {
    Path root = charts.resolve(name).normalize();
    try (var tar = new TarArchiveInputStream(
        new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      int files = 0;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        Path out = charts.resolve(e.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          throw ReleaseException.verification(ref + " holds " + e.getName() + ", outside " + name + "/: not a chart package");
        }
        AtomicFiles.write(out, tar.readAllBytes());
        files++;
      }
      if (files == 0 || !Files.isRegularFile(root.resolve("Chart.yaml"))) {
        throw ReleaseException.verification(ref + " is not a chart package (no " + name + "/Chart.yaml)");
      }
    } catch (IOException ex) {
      throw ReleaseException.verification(ref + " is not a readable chart package (" + ex.getMessage() + ")");
    }
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("the umbrella chart has no " + what + " at HEAD: run ack-release umbrella first");
    }
  }
}
