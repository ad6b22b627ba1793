package dev.ackrelease.steps.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.GitCommand;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportProtocol;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command {@link RemoteCommands} makes reaches the remote with the credentials from the
 * environment and the policy's request time-out, and a push with {@link LocalReceivePack}: what
 * the transport JGit opens for it holds, recorded by a transport that answers for the remote's
 * path (a local path, as LocalReceivePack acts only on those) and then fails the call.
 */
class RemoteCommandsTest {

  private static final String TOKEN = "ghp_remote_commands_test";

  @TempDir Path tmp;

  private final List<Opened> opened = new ArrayList<>();
  private final TransportProtocol probe = new Probe();
  private String command = "";

  @BeforeEach
  void register() {
    Transport.register(probe);
  }

  @AfterEach
  void unregister() {
    Transport.unregister(probe);
  }

  @Test
  void lsRemoteFetchAndPushCarryTheCredentialsAndTheTimeOutAndPushRunsGitsReceivePack() throws Exception {
    try (GitFixture fixture = GitFixture.init(tmp.resolve("clone"))) {
      fixture.write("README.md", "x\n").commit("first");
      String remote = tmp.resolve("origin.probe").toString();
      Retry.Policy policy = new Retry.Policy(1, Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ofMillis(2500));
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        RemoteCommands commands = new RemoteCommands(repo, remote, Map.of("GITHUB_TOKEN", TOKEN), policy);
        fails("ls-remote", commands.lsRemote().setTags(true));
        fails("fetch", commands.fetch().setRefSpecs(new RefSpec("refs/heads/main")));
        fails("push", commands.push().setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")));
      }
    }
    assertEquals(List.of("ls-remote: fetch", "fetch: fetch", "push: push"), opened.stream().map(Opened::operation).toList());
    for (Opened o : opened) {
      assertTrue(o.uri().getPath().endsWith("origin.probe"), o.uri()::toString);
      assertEquals(3, o.timeout(), o.operation() + ": the policy's 2.5 s request time-out, in whole seconds up");
      assertNotNull(o.credentials(), o.operation() + " has no credentials");
      CredentialItem.Username user = new CredentialItem.Username();
      CredentialItem.Password password = new CredentialItem.Password();
      assertTrue(o.credentials().get(o.uri(), user, password), o.operation());
      assertEquals("x-access-token", user.getValue(), o.operation());
      assertArrayEquals(TOKEN.toCharArray(), password.getValue(), o.operation() + ": GITHUB_TOKEN");
    }
    // Fetches leave receive-pack alone; the push runs git's, so the local remote's hooks run.
    assertEquals(RemoteConfig.DEFAULT_RECEIVE_PACK, opened.get(0).receivePack());
    assertEquals(RemoteConfig.DEFAULT_RECEIVE_PACK, opened.get(1).receivePack());
    String receivePack = opened.get(2).receivePack();
    assertNotEquals(RemoteConfig.DEFAULT_RECEIVE_PACK, receivePack, "the push has no LocalReceivePack");
    assertTrue(receivePack.endsWith(" receive-pack"), receivePack);
  }

  @Test
  void theTimeOutIsTheRequestTimeOutInWholeSecondsAtLeastOne() {
    assertEquals(1, RemoteCommands.timeoutSeconds(policy(Duration.ofMillis(1))));
    assertEquals(1, RemoteCommands.timeoutSeconds(policy(Duration.ZERO)));
    assertEquals(2, RemoteCommands.timeoutSeconds(policy(Duration.ofMillis(1001))));
    assertEquals(30, RemoteCommands.timeoutSeconds(policy(Duration.ofSeconds(30))));
    assertEquals(Integer.MAX_VALUE, RemoteCommands.timeoutSeconds(policy(Duration.ofDays(36_500))));
  }

  private static Retry.Policy policy(Duration requestTimeout) {
    return new Retry.Policy(1, Duration.ofMillis(1), Duration.ofSeconds(5), requestTimeout);
  }

  private void fails(String name, GitCommand<?> command) {
    this.command = name;
    Exception e = assertThrows(Exception.class, command::call);
    assertTrue(String.valueOf(e.getMessage()).contains("probe: "), e::toString);
  }

  /** What a command's transport held when it connected ({@code operation}: "command: connection"). */
  record Opened(String operation, URIish uri, CredentialsProvider credentials, int timeout, String receivePack) {}

  /** Answers for a path ending {@code .probe}, ahead of JGit's own transports. */
  private final class Probe extends TransportProtocol {

    @Override
    public String getName() {
      return "probe";
    }

    @Override
    public Set<String> getSchemes() {
      return Set.of();
    }

    @Override
    public boolean canHandle(URIish uri, Repository local, String remoteName) {
      return uri.getScheme() == null && uri.getPath() != null && uri.getPath().endsWith(".probe");
    }

    @Override
    public Transport open(URIish uri, Repository local, String remoteName) {
      return new Transport(local, uri) {
        @Override
        public FetchConnection openFetch() throws TransportException {
          throw record("fetch", this);
        }

        @Override
        public PushConnection openPush() throws TransportException {
          throw record("push", this);
        }

        @Override
        public void close() {}
      };
    }

    private TransportException record(String operation, Transport transport) {
      opened.add(new Opened(command + ": " + operation, transport.getURI(), transport.getCredentialsProvider(), transport.getTimeout(),
          transport.getOptionReceivePack()));
      return new TransportException(transport.getURI(), "probe: " + operation + " recorded");
    }
  }
}
