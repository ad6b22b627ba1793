package dev.ackrelease.steps.umbrella;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
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
import java.nio.file.attribute.PosixFilePermissions;
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
 * repository through JGit's own receive-pack; git's daemon on loopback), and are pushed as before
 * where it does not (git's receive-pack with {@code receive.advertiseAtomic=false}). A push that
 * lost a race says so (the caller applies the change again on top); a ref the remote refuses for
 * another reason is named with the remote's words, and with an atomic push nothing lands.
 */
class UmbrellaPushTest {

  @TempDir Path tmp;

  @Test
  void aRemoteThatTakesAtomicPushesGetsBothRefs() throws Exception {
    Path origin = bareOrigin("atomic");
    assertTrue(push(cloneWithCommit(origin, origin.toString())));
    assertLanded(origin);
  }

  @Test
  void aRemoteWithoutAtomicPushesStillGetsBothRefs() throws Exception {
    Path origin = bareOrigin("plain");
    git(origin, "config", "receive.advertiseAtomic", "false");
    try (GitDaemon daemon = GitDaemon.start(tmp)) {
      assertTrue(push(cloneWithCommit(origin, daemon.url("plain.git"))));
      assertLanded(origin);
    }
  }

  @Test
  void aTagTheRemoteRefusesIsNamedAndTheBranchDoesNotLandWithoutIt() throws Exception {
    Path origin = bareOrigin("protected");
    protectTags(origin);
    try (GitDaemon daemon = GitDaemon.start(tmp)) {
      Path clone = cloneWithCommit(origin, daemon.url("protected.git"));
      ReleaseException e = assertThrows(ReleaseException.class, () -> push(clone));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().contains("refs/tags/46.159.0") && e.getMessage().contains("hook declined"), e.getMessage());
      assertFalse(e.getMessage().contains("refs/heads/main"), e.getMessage());
    }
    assertEquals("", git(origin, "branch", "--list").strip(), "the branch did not land without its tag");
  }

  /** Without atomic push the refs are pushed as before: the branch lands, and the refused tag is still named. */
  @Test
  void aTagARemoteWithoutAtomicPushesRefusesIsNamedToo() throws Exception {
    Path origin = bareOrigin("plain-protected");
    git(origin, "config", "receive.advertiseAtomic", "false");
    protectTags(origin);
    try (GitDaemon daemon = GitDaemon.start(tmp)) {
      Path clone = cloneWithCommit(origin, daemon.url("plain-protected.git"));
      ReleaseException e = assertThrows(ReleaseException.class, () -> push(clone));
      assertTrue(e.getMessage().contains("refs/tags/46.159.0") && e.getMessage().contains("hook declined"), e.getMessage());
    }
    assertEquals("Updating chart dependencies", git(origin, "log", "-1", "--format=%s", "main").strip());
  }

  /**
   * A ref whose lock another update holds on the remote is a lost race too: git's atomic
   * receive-pack says "atomic transaction failed" for every ref, JGit's "failed to lock".
   */
  @Test
  void aHeldRefLockIsALostRace() throws Exception {
    Path origin = bareOrigin("locked");
    Files.createDirectories(origin.resolve("refs/heads"));
    Files.writeString(origin.resolve("refs/heads/main.lock"), "");
    try (GitDaemon daemon = GitDaemon.start(tmp)) {
      assertFalse(push(cloneWithCommit(origin, daemon.url("locked.git"))), "git: applied again on top by the caller");
    }
    Path local = bareOrigin("locked-local");
    Files.createDirectories(local.resolve("refs/heads"));
    Files.writeString(local.resolve("refs/heads/main.lock"), "");
    assertFalse(push(cloneWithCommit(local, local.toString())), "JGit: applied again on top by the caller");
    assertEquals("", git(origin, "tag", "--list").strip() + git(local, "tag", "--list").strip(), "nothing landed");
  }

  @Test
  void aBranchThatMovedOnIsALostRaceNotAFailure() throws Exception {
    Path origin = bareOrigin("moved");
    Path other = cloneWithCommit(origin, origin.toString());
    git(other, "push", "-q", "origin", "main");
    Path clone = tmp.resolve("second");
    git(tmp, "init", "-q", "-b", "main", clone.toString());
    git(clone, "config", "user.name", "Release Bot");
    git(clone, "config", "user.email", "release-bot@example.com");
    git(clone, "remote", "add", "origin", origin.toString());
    Files.writeString(clone.resolve("Chart.yaml"), "name: ack-chart\nversion: 46.159.0\n");
    git(clone, "add", "Chart.yaml");
    git(clone, "commit", "-q", "-m", "Another update");
    git(clone, "tag", "-a", "-m", "46.159.0", "46.159.0");
    assertFalse(push(clone), "not a fast-forward: applied again on top by the caller");
    assertEquals("", git(origin, "tag", "--list").strip(), "nothing landed");
  }

  /** The push honours the request time-out (--request-timeout, which umbrella and publish take), not a fixed 120 s. */
  @Test
  void aRemoteThatNeverAnswersFailsAfterTheRequestTimeOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path clone = cloneWithCommit(bareOrigin("silent"), "http://127.0.0.1:" + silent.getLocalPort() + "/silent.git");
      Retry.Policy policy = new Retry.Policy(1, Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
      try (GitRepo repo = GitRepo.open(clone)) {
        UmbrellaPush push = new UmbrellaPush(Log.NONE, policy, PushTarget.remote("origin"), Map.of());
        ReleaseException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> assertThrows(ReleaseException.class, () -> push.push(repo, "main", result())));
        assertEquals(ReleaseException.Kind.REMOTE, e.kind(), e::getMessage);
      }
    }
  }

  private static UmbrellaUpdate.Result result() {
    return new UmbrellaUpdate.Result("ack-chart", "46.158.1", "46.159.0", List.of(), Optional.empty(),
        Optional.of("46.159.0"), false, 1, 0);
  }

  private boolean push(Path clone) {
    try (GitRepo repo = GitRepo.open(clone)) {
      return new UmbrellaPush(Log.NONE, new Retry.Policy(1, Duration.ofMillis(1)), PushTarget.remote("origin"), Map.of())
          .push(repo, "main", result());
    }
  }

  /** An update hook that refuses every tag. */
  private static void protectTags(Path origin) throws IOException {
    Path hook = origin.resolve("hooks/update");
    Files.writeString(hook, "#!/bin/sh\ncase \"$1\" in refs/tags/*) echo 'tags are protected here' >&2; exit 1;; esac\nexit 0\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
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

  /** git's daemon on loopback serving the repositories under a directory, pushes allowed; stopped by its process. */
  private static final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    /** On a free port; another port when another process took that one first (the daemon then exits). */
    static GitDaemon start(Path base) throws Exception {
      for (int attempt = 1; ; attempt++) {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          port = free.getLocalPort();
        }
        Process p = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base,
            "--export-all", "--enable=receive-pack", "--reuseaddr", base.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        GitDaemon daemon = new GitDaemon(p, port);
        if (daemon.listening() || attempt == 3) {
          return daemon;
        }
        daemon.close();
      }
    }

    /** Whether this daemon (still alive) answers on its port within 20 s. */
    private boolean listening() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (process.isAlive() && System.nanoTime() < deadline) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return process.isAlive();
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      return false;
    }

    String url(String repository) {
      return "git://127.0.0.1:" + port + "/" + repository;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
