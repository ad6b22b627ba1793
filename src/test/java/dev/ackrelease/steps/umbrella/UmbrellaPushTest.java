package dev.ackrelease.steps.umbrella;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.ProcessResult;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The umbrella's branch and tag go in one atomic push where the remote takes one (a local
 * repository, through JGit's own receive-pack), and are pushed as before where it does not (git's
 * daemon on loopback, its receive-pack with {@code receive.advertiseAtomic=false}): either way
 * both land, and the git CLI reads them back.
 */
class UmbrellaPushTest {

  @TempDir Path tmp;

  @Test
  void aRemoteThatTakesAtomicPushesGetsBothRefs() throws Exception {
    Path origin = bareOrigin("atomic");
    Path clone = cloneWithCommit(origin, origin.toString());
    assertTrue(push(clone));
    assertLanded(origin);
  }

  @Test
  void aRemoteWithoutAtomicPushesStillGetsBothRefs() throws Exception {
    Path origin = bareOrigin("plain");
    git(origin, "config", "receive.advertiseAtomic", "false");
    // git's own daemon on loopback, whose receive-pack then offers no atomic push.
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process daemon = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + tmp,
        "--export-all", "--enable=receive-pack", "--reuseaddr", tmp.toString())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitListening(port);
      Path clone = cloneWithCommit(origin, "git://127.0.0.1:" + port + "/plain.git");
      assertTrue(push(clone));
      assertLanded(origin);
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("git daemon is not listening on " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  private boolean push(Path clone) {
    try (GitRepo repo = GitRepo.open(clone)) {
      UmbrellaUpdate.Result result = new UmbrellaUpdate.Result("ack-chart", "46.158.1", "46.159.0", List.of(), Optional.empty(),
          Optional.of("46.159.0"), false, 1);
      return new UmbrellaPush(Log.NONE, new Retry.Policy(1, Duration.ofMillis(1)), PushTarget.remote("origin"), Map.of())
          .push(repo, "main", result);
    }
  }

  private Path bareOrigin(String name) {
    Path origin = tmp.resolve(name + ".git");
    git(tmp, "init", "-q", "--bare", "-b", "main", origin.toString());
    return origin;
  }

  private Path cloneWithCommit(Path origin, String url) throws Exception {
    Path clone = tmp.resolve(origin.getFileName() + "-clone");
    git(tmp, "init", "-q", "-b", "main", clone.toString());
    git(clone, "config", "user.name", "Release Bot");
    git(clone, "config", "user.email", "release-bot@example.com");
    git(clone, "remote", "add", "origin", url);
    Files.writeString(clone.resolve("Chart.yaml"), "name: ack-chart\nversion: 46.159.0\n");
    git(clone, "add", "Chart.yaml");
    git(clone, "commit", "-q", "-m", "Updating chart dependencies");
    git(clone, "tag", "-a", "-m", "46.159.0", "46.159.0");
    return clone;
  }

  private void assertLanded(Path origin) {
    assertEquals("Updating chart dependencies", git(origin, "log", "-1", "--format=%s", "main").strip());
    assertEquals("46.159.0", git(origin, "tag", "--list").strip());
    assertEquals(git(origin, "rev-parse", "main").strip(), git(origin, "rev-parse", "46.159.0^{commit}").strip());
  }

  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    ProcessResult r = ProcessResult.run(cmd, null, 60);
    r.assertOk();
    return r.stdout();
  }
}
