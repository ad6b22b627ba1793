package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ackrelease.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy variable that names no proxy ack-release can use stops a command that may reach a remote
 * before it runs: one line, exit 2, without the value (it may hold a password). A port out of range
 * crashed every command (exit 1, a stack trace: InetSocketAddress's "port out of range"), found by
 * a hostile-input audit; Go's tools fail each request through it at the dial ({@code net}: "invalid
 * port"), and go around it only where {@code NO_PROXY} has {@code *}.
 */
class ProxyVariablesTest {

  @TempDir Path tmp;

  static final String FIX = ": set it to http://[USER:PASSWORD@]HOST[:PORT] or socks5://[USER:PASSWORD@]HOST[:PORT], e.g. export %s"
      + "=http://proxy.example.com:3128, or unset %s";

  CliRun verify(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("ACK_RELEASE_RETRY_ATTEMPTS", "1");
    return Cli.runWith(all, "verify", "--service", "s3", "v1.0.0", "--controller-dir", tmp.toString(), "--registry", "127.0.0.1:1/ack",
        "--no-source-check", "--platforms", "linux/amd64");
  }

  @Test
  void aPortOutOfRangeIsOneLineExit2WithoutTheValue() {
    for (String port : new String[] {"99999", "65536", "0"}) {
      CliRun run = verify(Map.of("HTTPS_PROXY", "http://alice:s3cret-pw@proxy.corp:" + port));
      assertEquals(2, run.exitCode(), run::toString);
      assertEquals("error: HTTPS_PROXY is not a proxy URL (host and a port from 1 to 65535)" + FIX.formatted("HTTPS_PROXY", "HTTPS_PROXY"),
          run.errorLine());
      assertEquals(1, run.errLines().size(), run::toString);
      assertFalse(run.err().contains("s3cret-pw") || run.out().contains("s3cret-pw"), run::toString);
    }
    CliRun lower = verify(Map.of("http_proxy", "proxy.corp:70000"));
    assertEquals("error: http_proxy is not a proxy URL (host and a port from 1 to 65535)" + FIX.formatted("http_proxy", "http_proxy"),
        lower.errorLine());
  }

  @Test
  void aSchemeAckReleaseDoesNotSpeakToAProxyIsRefusedNotGoneAround() {
    CliRun run = verify(Map.of("HTTP_PROXY", "https://proxy.corp:443"));
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("error: HTTP_PROXY names a proxy of a scheme ack-release does not speak to a proxy" + FIX.formatted("HTTP_PROXY", "HTTP_PROXY"),
        run.errorLine());
  }

  @Test
  void noProxyStarACommandThatReachesNoRemoteAndAUsableProxyRunAsBefore() throws Exception {
    // Every request goes direct: the unreachable registry is the run's failure (exit 4), as with no proxy at all.
    assertEquals(4, verify(Map.of("HTTPS_PROXY", "http://proxy.corp:99999", "NO_PROXY", "example.com, *")).exitCode());
    assertEquals(4, verify(Map.of("HTTPS_PROXY", "http://proxy.corp:3128")).exitCode());
    // ci prow writes CI files and reaches no remote: the variable is not its input.
    Path controller = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    CliRun ci = Cli.runWith(Map.of("HTTPS_PROXY", "http://proxy.corp:99999"), "ci", "prow", "--help");
    assertEquals(0, ci.exitCode(), ci::toString);
    assertFalse(Files.list(controller).findAny().isPresent());
  }
}
