package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file ack-release writes outside its cache ({@code --report}, {@code --oci-layout},
 * {@code $GITHUB_STEP_SUMMARY}) and the package and SBOM it keeps in {@code <cache>/dist} follow
 * one rule (io/OutputFile.java), run as root as CI runs it: a new path or an existing regular
 * file, never a device, FIFO, socket, directory or symlink, never a file git tracks, written
 * atomically; anything else is exit 2 with one line naming the path, before anything is built,
 * written or pushed. Each refusal is checked against a publish that would otherwise push a
 * release: the registry, the clone, the cache and every file of the test stay byte-identical.
 */
class OutputFilesIT {

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;

  @TempDir Path tmp;
  Path root;
  GitFixture repo;
  Path cache;

  @BeforeAll
  static void startRegistry() throws IOException {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  /** A released s3 controller (v0.1.0 tagged at HEAD): publish would build and push it. */
  @BeforeEach
  void released() throws IOException {
    root = tmp.toRealPath();
    repo = SampleController.create(root.resolve("workspace"), "s3");
    PublishIT.prepareAndTag(repo, "s3", "v0.1.0", ns());
    cache = Files.createDirectories(root.resolve("cache"));
  }

  String[] args(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--controller-dir", repo.dir().toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--cache-dir", cache.toString(), "--base-image", "scratch",
        "--platforms", "linux/amd64"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  CliRun publish(String... extra) {
    return Jar.run(home, Map.of(), args("publish", extra));
  }

  /** Every path under the test's directory (not following links): its type, a link's target, a file's hash. */
  Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          files.put(rel, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, Hashes.sha256(Files.readAllBytes(p)));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel + "/", "dir");
        } else {
          files.put(rel, type(p));
        }
      }
    }
    return files;
  }

  static String type(Path p) throws IOException {
    return ProcessResult.run(List.of("stat", "-c", "%F", p.toString()), null, 30).assertOk().stdout().strip();
  }

  /**
   * Runs {@code run} and checks the refusal: exit 2, one line on stderr naming {@code named}, and
   * nothing written under the test's directory (the clone and the cache included), nothing in the
   * registry, the clone's git status clean.
   */
  CliRun refused(String named, Supplier<CliRun> run) throws IOException {
    Map<String, String> before = files();
    Map<String, String> registryBefore = registry.storageSnapshot();

    CliRun r = run.get();

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.errorLine().startsWith("error: cannot write ") && r.errorLine().contains(named), r::toString);
    assertEquals(before, files(), "nothing was written");
    assertEquals(registryBefore, registry.storageSnapshot(), "nothing was pushed");
    assertEquals("", repo.git("status", "--porcelain"), "the clone is clean");
    return r;
  }

  Path fifo(String name) {
    Path fifo = root.resolve(name);
    ProcessResult.run(List.of("mkfifo", fifo.toString()), null, 30).assertOk();
    return fifo;
  }

  @Test
  void aReportToDevFullIsRefusedAndTheDeviceStaysADevice() throws IOException {
    Path full = Path.of("/dev/full");
    String typeBefore = type(full);

    CliRun r = refused("/dev/full", () -> publish("--report", "/dev/full"));

    assertTrue(r.errorLine().contains("it is a character device"), r::toString);
    assertEquals("character special file", typeBefore);
    assertEquals(typeBefore, type(full));
  }

  /**
   * {@code /dev/null} as a device node of its own (mknod, major 1 minor 3), so a regression would
   * replace this node and not the machine's /dev/null that every other process writes to.
   */
  @Test
  void aReportToANullDeviceIsRefusedAndTheDeviceStaysADevice() throws IOException {
    Path node = root.resolve("null");
    ProcessResult.run(List.of("mknod", node.toString(), "c", "1", "3"), null, 30).assertOk();

    CliRun r = refused(node.toString(), () -> publish("--report", node.toString()));

    assertTrue(r.errorLine().contains("it is a character device"), r::toString);
    assertEquals("character special file", type(node));
  }

  @Test
  void aReportToAFifoIsRefusedWithoutOpeningIt() throws IOException {
    Path fifo = fifo("report.fifo");

    CliRun r = refused(fifo.toString(), () -> publish("--report", fifo.toString()));

    assertTrue(r.errorLine().contains("it is a FIFO"), r::toString);
  }

  @Test
  void aReportToASymlinkIsRefusedAndItsTargetIsUnchanged() throws IOException {
    Path precious = Files.writeString(root.resolve("precious.txt"), "keep me\n");
    Path link = Files.createSymbolicLink(root.resolve("report.json"), precious);

    CliRun r = refused(link.toString(), () -> publish("--report", link.toString()));

    assertTrue(r.errorLine().contains("it is a symlink"), r::toString);
    assertEquals("keep me\n", Files.readString(precious));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void aReportToADirectoryIsRefused() throws IOException {
    Path dir = Files.createDirectories(root.resolve("reports"));

    CliRun r = refused(dir.toString(), () -> publish("--report", dir.toString()));

    assertTrue(r.errorLine().contains("it is a directory"), r::toString);
  }

  @Test
  void aReportToAFileTheControllerRepositoryTracksIsRefused() throws IOException {
    Path chart = repo.dir().resolve("helm/Chart.yaml");
    byte[] before = Files.readAllBytes(chart);

    CliRun r = refused(chart.toString(), () -> publish("--report", chart.toString()));
    assertTrue(r.errorLine().contains("git tracks it in " + repo.dir()), r::toString);
    // plan and a fleet run take --report as publish does.
    refused(chart.toString(), () -> Jar.run(home, Map.of(), args("plan", "--report", chart.toString())));
    refused(chart.toString(), () -> Jar.run(home, Map.of(), "publish", "--workspace", repo.dir().getParent().toString(),
        "--registry", ns(), "--insecure-registry", registry.address(), "--cache-dir", cache.toString(), "--report", chart.toString()));
    refused(chart.toString(), () -> Jar.run(home, Map.of(), "verify", "--workspace", repo.dir().getParent().toString(),
        "--registry", ns(), "--insecure-registry", registry.address(), "--report", chart.toString()));

    assertEquals(Hashes.sha256(before), Hashes.sha256(Files.readAllBytes(chart)));
  }

  @Test
  void aReportToAFileTheUmbrellaChartRepositoryTracksIsRefused() throws IOException {
    GitFixture chart = GitFixture.init(root.resolve("ack-chart"));
    chart.write("Chart.yaml", "apiVersion: v2\nname: ack-chart\nversion: 46.159.0\n");
    chart.commit("ack-chart");
    chart.tag("46.159.0");
    Path chartYaml = chart.dir().resolve("Chart.yaml");

    refused(chartYaml.toString(), () -> Jar.run(home, Map.of(), "publish", "--chart-dir", chart.dir().toString(), "--registry",
        ns(), "--insecure-registry", registry.address(), "--cache-dir", cache.toString(), "--report", chartYaml.toString()));

    assertEquals("", chart.git("status", "--porcelain"));
  }

  @Test
  void anOciLayoutThatIsASymlinkOrAFileIsRefused() throws IOException {
    Path layout = Files.createDirectories(root.resolve("layout"));
    Path link = Files.createSymbolicLink(root.resolve("layout-link"), layout);
    Path file = Files.writeString(root.resolve("layout-file"), "not a layout\n");

    CliRun viaLink = refused(link.toString(), () -> publish("--oci-layout", link.toString()));
    CliRun onFile = refused(file.toString(), () -> publish("--oci-layout", file.toString()));

    assertTrue(viaLink.errorLine().contains("it is a symlink"), viaLink::toString);
    assertTrue(onFile.errorLine().contains("it is a regular file, not a directory"), onFile::toString);
  }

  @Test
  void aStepSummaryThatIsAFifoOrASymlinkIsRefused() throws IOException {
    Path fifo = fifo("summary.fifo");
    Path precious = Files.writeString(root.resolve("precious.md"), "keep me\n");
    Path link = Files.createSymbolicLink(root.resolve("summary.md"), precious);

    for (Path summary : List.of(fifo, link)) {
      CliRun r = refused(summary.toString(), () -> Jar.run(home, Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY",
          summary.toString()), args("publish")));
      assertTrue(r.errorLine().contains("$GITHUB_STEP_SUMMARY"), r::toString);
    }
    assertEquals("keep me\n", Files.readString(precious));
  }

  @Test
  void aSymlinkWhereTheCacheKeepsTheChartPackageIsRefusedBeforeAnythingIsPushed() throws IOException {
    Path precious = Files.writeString(root.resolve("precious.tgz"), "keep me\n");
    Path link = Files.createSymbolicLink(Files.createDirectories(cache.resolve("dist")).resolve("s3-chart-0.1.0.tgz"), precious);
    Map<String, String> registryBefore = registry.storageSnapshot();

    CliRun r = publish();

    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.errorLine().startsWith("error: cannot write the chart package " + link + ": it is a symlink"), r::toString);
    assertEquals(registryBefore, registry.storageSnapshot(), "nothing was pushed");
    assertEquals("keep me\n", Files.readString(precious));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void aNewReportAndAnUntrackedRegularOneAreWrittenAtomicallyAndTheSummaryIsAppended() throws IOException {
    Path fresh = Files.createDirectories(root.resolve("reports")).resolve("plan.json");
    Path untracked = Files.writeString(repo.dir().resolve("plan.json"), "an old report\n");
    Object inode = Files.getAttribute(untracked, "unix:ino");
    Path summary = Files.writeString(root.resolve("summary.md"), "### an earlier step\n");
    Map<String, String> actions = Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString());

    CliRun first = Jar.run(home, actions, args("plan", "--report", fresh.toString(), "--output", "json"));
    CliRun second = Jar.run(home, Map.of(), args("plan", "--report", untracked.toString(), "--output", "json"));

    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(0, second.exitCode(), second::toString);
    assertEquals(first.json(), PublishIT.JSON.readTree(Files.readString(fresh)));
    assertEquals(List.of("plan.json"), Files.list(fresh.getParent()).map(p -> p.getFileName().toString()).toList(),
        "no temp file is left");
    assertEquals(second.json(), PublishIT.JSON.readTree(Files.readString(untracked)));
    assertNotEquals(inode, Files.getAttribute(untracked, "unix:ino"), "the report was renamed into place");
    assertFalse(Files.list(repo.dir()).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file is left");
    String md = Files.readString(summary);
    assertTrue(md.startsWith("### an earlier step\n### ack-release plan\n"), md);
  }
}
