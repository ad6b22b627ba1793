package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tag --push} takes the time-outs every other remote-reaching command takes, and its push
 * honours them: a git server that lists its tags but never answers the push ends the run within
 * {@code --request-timeout} (exit 4), not after JGit's two minutes.
 */
class TagTimeoutsTest {

  /** How long the stalling server holds a push before it hangs up: far beyond the time-out given. */
  static final int HOLD_MILLIS = 20_000;

  @TempDir Path tmp;

  @Test
  void tagHelpShowsTheTimeOutsAsPublishDescribesThem() {
    CliRun help = Cli.run("tag", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    for (String name : List.of("--retry-timeout", "--request-timeout")) {
      assertTrue(help.out().contains(name + "=DURATION"), () -> "tag --help shows " + name + ": " + help);
      assertEquals(String.join(" ", HelpTest.spec("publish").findOption(name).description()),
          String.join(" ", HelpTest.spec("tag").findOption(name).description()), "tag describes " + name + " as publish does");
    }
  }

  @Test
  void aPushTheServerNeverAnswersIsCutAtTheRequestTimeOut() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0");
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serve(server, requests), "stalling-git-server");
      serving.setDaemon(true);
      serving.start();
      repo.git("remote", "add", "origin", "http://127.0.0.1:" + server.getLocalPort() + "/s3-controller.git");

      long start = System.nanoTime();
      CliRun run = Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "2", "ACK_RELEASE_RETRY_DELAY_MS", "1"),
          "tag", "v0.1.0", "--push", "--request-timeout", "1s", "--retry-timeout", "5s",
          "--controller-dir", repo.dir().toString());
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;

      assertEquals(4, run.exitCode(), run::toString);
      assertTrue(run.errorLine().startsWith("error: push of tag v0.1.0 to origin failed"), run::toString);
      assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
      assertTrue(requests.stream().anyMatch(r -> r.contains("service=git-receive-pack")), "the push reached the server: " + requests);
      assertTrue(seconds < 10, "tag --push took " + seconds + " s with --request-timeout 1s: " + run + " " + requests);
      assertEquals(List.of("v0.1.0"), repo.tags(), "the local tag stays, as the error says");
    }
  }

  /**
   * A git smart-HTTP server with no refs: it lists none (so the tag is new there) and holds every
   * other request, a push, without a word until {@link #HOLD_MILLIS} pass.
   */
  private static void serve(ServerSocket server, List<String> requests) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread answer = new Thread(() -> answer(client, requests), "stalling-git-server-client");
        answer.setDaemon(true);
        answer.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void answer(Socket client, List<String> requests) {
    try (client) {
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
      String line = in.readLine();
      requests.add(String.valueOf(line));
      for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
        // The headers say nothing this server needs.
      }
      if (line != null && line.startsWith("GET ") && line.contains("/info/refs?service=git-upload-pack")) {
        String body = "001e# service=git-upload-pack\n" + "0000" + "0000";
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n"
            + "Cache-Control: no-cache\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return;
      }
      Thread.sleep(HOLD_MILLIS);
    } catch (IOException | InterruptedException e) {
      // The client hung up, or the test ended: nothing more to say.
    }
  }
}
