package dev.ackrelease.steps.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.GitFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** release-pr's git calls honour the request time-out (--request-timeout), as its GitHub requests do: not a fixed 120 s. */
class BranchPushTimeoutTest {

  @TempDir Path tmp;

  @Test
  void aRemoteThatNeverAnswersFailsAfterTheRequestTimeOut() throws Exception {
    try (GitFixture fixture = GitFixture.init(tmp.resolve("clone"));
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      fixture.write("README.md", "x\n").commit("first");
      fixture.git("remote", "add", "origin", "http://127.0.0.1:" + silent.getLocalPort() + "/s3-controller.git");
      Retry.Policy policy = new Retry.Policy(1, Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        BranchPush push = new BranchPush(repo, "origin", Log.NONE, policy, Map.of());
        ReleaseException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> assertThrows(ReleaseException.class, () -> push.remoteCommit("release-v0.1.0")));
        assertEquals(ReleaseException.Kind.REMOTE, e.kind(), e::getMessage);
      }
    }
  }
}
