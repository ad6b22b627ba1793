package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees on stderr: bars drawn in place on a terminal (under a pseudo-terminal made
 * by util-linux's {@code script}), a few lines in a log, no escape byte without colour, and the
 * registry's access log naming ack-release as the client.
 */
class ProgressIT {

  /** A base image whose layer (about 12 MiB, incompressible) takes seconds through a throttled proxy. */
  static final String BIG_BASE = "ack/big-base";
  static final String SMALL_BASE = "ack/small-base";
  /** 2 MiB/s: the big layer uploads for about six seconds. */
  static final long SLOW = 2L << 20;

  static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

  /** A status line of an upload to {@code service}'s image: its label, a bar, bytes of the total, the rate and the time left. */
  static Pattern uploadBar(String service) {
    return Pattern.compile("pushing image blob sha256:[0-9a-f]{12} to " + service + "-controller +\\[[=> ]+\\] +[0-9.]+"
        + " (B|KiB|MiB) / [0-9.]+ MiB +[0-9.]+ (B|KiB|MiB)/s +ETA [0-9ms]+");
  }

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    byte[] noise = new byte[9 << 20];
    new Random(23).nextBytes(noise);
    BaseImages.push(registry, shared.resolve("big"), BIG_BASE, "1", Base64.getEncoder().encodeToString(noise));
    BaseImages.push(registry, shared.resolve("small"), SMALL_BASE, "1", "small base\n");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  GitFixture released(String service, String registryNamespace) {
    GitFixture repo = SampleController.create(tmp, service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registryNamespace);
    return repo;
  }

  static List<String> publish(GitFixture repo, String namespace, String base, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", namespace,
        "--insecure-registry", registry.address(), "--cache-dir", repo.dir().resolveSibling("cache").toString(),
        "--base-image", base));
    args.addAll(List.of(extra));
    return args;
  }

  /**
   * In a log (stderr a pipe, so auto is plain): an image and a chart, unsigned, in under ten lines,
   * a line for each artifact pushed; no line per blob, no escape byte. Every request the registry
   * saw said it came from ack-release, Jib's pull of the base image too.
   */
  @Test
  void aPlainPublishOfAnImageAndAChartIsAFewLinesAndTheRegistrySeesAckRelease() throws Exception {
    String ns = registry.address() + "/ack";
    GitFixture repo = released("sqs", ns);
    int before = registry.userAgents().size();

    CliRun run = Jar.run(home, Map.of(), publish(repo, ns, registry.address() + "/" + SMALL_BASE + ":1").toArray(String[]::new));

    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.errLines();
    assertTrue(lines.size() < 10, lines.size() + " lines:\n" + run.err());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("pushed " + ns + "/sqs-controller:0.1.0 (sha256:")).count(), run.err());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("pushed " + ns + "/sqs-chart:0.1.0 (sha256:")).count(), run.err());
    assertTrue(lines.stream().allMatch(l -> !l.contains("blob") && !l.contains("reading it back") && !l.contains(" MB ")), run.err());
    assertFalse(run.err().contains("\u001b"), "no escape byte in a log");

    List<String> logged = registry.userAgents();
    List<String> agents = logged.subList(before, logged.size());
    assertTrue(agents.size() > 10, agents.toString());
    Pattern ours = Pattern.compile("ack-release/[0-9A-Za-z.+-]+");
    for (String agent : agents) {
      assertTrue(agent.startsWith("ack-release/") || agent.startsWith("jib "), agent);
      assertTrue(ours.matcher(agent).find(), agent);
    }
    // Jib's is "jib <tool version> <tool name> ack-release/<version> Google-HTTP-Java-Client/...".
    assertTrue(agents.stream().anyMatch(a -> a.startsWith("jib ") && a.contains(" " + agents.get(agents.size() - 1) + " ")),
        "Jib pulled the base with ack-release's agent after its own: " + agents);
  }

  /** A run on a terminal and the registry namespace it published to. */
  record Screen(CliRun run, String ns) {}

  /**
   * {@code service} published on a terminal ({@code script}) with {@code env}, one platform on the
   * big base, its uploads through a proxy that lets 2 MiB a second through, so bars are seen moving.
   */
  Screen slowPublishOnATerminal(String service, Map<String, String> env) throws Exception {
    try (FaultProxy proxy = new FaultProxy(registry.address())) {
      proxy.fail("PUT", "/blobs/uploads/", -1, new FaultProxy.Throttle(SLOW));
      String ns = proxy.address() + "/ack";
      GitFixture repo = released(service, ns);
      Map<String, String> terminal = new HashMap<>(Map.of("TERM", "xterm", "COLUMNS", "160"));
      terminal.putAll(env);
      CliRun run = Jar.runOnTerminal(home, terminal, publish(repo, ns, registry.address() + "/" + BIG_BASE + ":1",
          "--insecure-registry", proxy.address(), "--platforms", "linux/amd64").toArray(String[]::new));
      assertEquals(0, run.exitCode(), run::toString);
      return new Screen(run, ns);
    }
  }

  /**
   * On a terminal (auto: a terminal outside CI is tty): a bar in place for the go build, the Jib
   * layer and each upload, with bytes, rate and ETA; then the line per artifact, in colour.
   */
  @Test
  void onATerminalEachUploadIsABarWithBytesRateAndTimeLeft() throws Exception {
    Screen s = slowPublishOnATerminal("sns", Map.of());

    String screen = s.run().out();
    assertTrue(Pattern.compile("\r\u001b\\[[0-9]+A\u001b\\[J").matcher(screen).find(), "bars redrawn in place: " + screen);
    String plain = SGR.matcher(screen).replaceAll("");
    assertTrue(uploadBar("sns").matcher(plain).find(), "an upload's bar: " + plain);
    assertTrue(Pattern.compile("[1-9][0-9.]* MiB / [0-9.]+ MiB +[0-9.]+ (KiB|MiB)/s +ETA [1-9][0-9ms]*").matcher(plain).find(),
        "a bar midway, with a rate and the time left: " + plain);
    assertTrue(plain.contains("go build ./cmd/controller for linux/amd64  ["), plain);
    assertTrue(plain.contains("building the image for linux/amd64 (Jib)  ["), plain);
    assertTrue(screen.contains("\u001b[32mpushed\u001b[0m " + s.ns() + "/sns-controller:0.1.0 (sha256:"), "in colour: " + screen);
    assertTrue(plain.contains("pushed " + s.ns() + "/sns-chart:0.1.0 (sha256:"), plain);
  }

  /** NO_COLOR (no-color.org): not one escape byte, the progress rewritten after carriage returns instead. */
  @Test
  void noColorWritesNoEscapeByteOnATerminal() throws Exception {
    Screen s = slowPublishOnATerminal("ses", Map.of("NO_COLOR", "1"));

    String screen = s.run().out();
    assertFalse(screen.contains("\u001b"), screen);
    assertTrue(uploadBar("ses").matcher(screen).find(), "the bar, without escapes: " + screen);
    assertTrue(screen.contains("pushed " + s.ns() + "/ses-controller:0.1.0 (sha256:"), screen);
  }

  /** --no-color does what NO_COLOR does; CI=true makes auto plain even on a terminal (no status line at all). */
  @Test
  void theNoColorOptionAndCiOnATerminal() throws Exception {
    String ns = registry.address() + "/ack";
    GitFixture repo = released("sfn", ns);
    List<String> dryRun = publish(repo, ns, "scratch", "--dry-run", "--platforms", "linux/amd64");

    List<String> noColor = new ArrayList<>(dryRun);
    noColor.add("--no-color");
    CliRun plainTerminal = Jar.runOnTerminal(home, Map.of("TERM", "xterm", "COLUMNS", "120"), noColor.toArray(String[]::new));
    assertEquals(0, plainTerminal.exitCode(), plainTerminal::toString);
    assertFalse(plainTerminal.out().contains("\u001b"), plainTerminal.out());
    assertTrue(plainTerminal.out().contains("go build ./cmd/controller for linux/amd64  ["), "bars, without escapes: "
        + plainTerminal.out());

    CliRun ci = Jar.runOnTerminal(home, Map.of("TERM", "xterm", "CI", "true"), dryRun.toArray(String[]::new));
    assertEquals(0, ci.exitCode(), ci::toString);
    assertFalse(ci.out().contains("\u001b"), ci.out());
    assertFalse(ci.out().contains("go build ./cmd/controller"), "no status line in CI: " + ci.out());
    assertTrue(ci.out().contains("would push " + ns + "/sfn-controller:0.1.0"), ci.out());
  }
}
