package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines get HTTPS_PROXY's selector: those that may reach a remote, no help or local command. */
class RemoteProxiesTest {

  @Test
  void onlyCommandLinesThatMayReachARemote() {
    for (List<String> args : List.of(List.of("publish"), List.of("plan", "--service", "s3"), List.of("verify"),
        List.of("await"), List.of("umbrella"), List.of("notes", "v0.1.0"), List.of("release-pr"), List.of("github-release"),
        List.of("tag", "v0.1.0", "--push"))) {
      assertEquals(true, RemoteProxies.mayReachRemote(args.toArray(String[]::new)), args.toString());
    }
    for (List<String> args : List.<List<String>>of(List.of(), List.of("--help"), List.of("--version"), List.of("help", "publish"),
        List.of("completion", "bash"), List.of("publish", "--help"), List.of("plan", "-h"), List.of("tag", "v0.1.0"),
        List.of("tag", "v0.1.0", "--dry-run"), List.of("build-artifacts", "v0.1.0"), List.of("prepare", "v0.1.0"),
        List.of("config"))) {
      assertEquals(false, RemoteProxies.mayReachRemote(args.toArray(String[]::new)), args.toString());
    }
  }
}
