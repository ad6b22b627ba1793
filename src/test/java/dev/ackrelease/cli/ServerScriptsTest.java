package dev.ackrelease.cli;

import static dev.ackrelease.cli.ScriptRun.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/registry and scripts/github, the local servers of the tests and the demo, exit as
 * ack-release does: --help is the usage on stdout with exit 0; a bad argument is one line, exit 2,
 * and makes nothing; what the machine's state refuses (already running, a port in use) one line,
 * exit 3; nothing to stop is nothing to do (exit 0). No server is started here.
 */
class ServerScriptsTest {

  @TempDir Path tmp;

  private Path bin() {
    Path bin = ScriptRun.bin(tmp.resolve("bin"), 1000);
    for (String tool : List.of("docker-registry", "openssl", "curl", "htpasswd", "java", "mvn")) {
      ScriptRun.write(bin, tool, "echo \"$0 $*\" >> \"$(dirname \"$0\")/ran\"; exit 1");
    }
    return bin;
  }

  @Test
  void helpIsTheUsageOnStdoutWithExitZero() {
    Path bin = bin();
    for (String script : List.of("scripts/registry", "scripts/github")) {
      String first = script.endsWith("registry") ? "A real OCI registry" : "A stand-in for GitHub's REST API";
      for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("start", "--help"), List.of("stop", "--dir", "x", "-h"))) {
        ProcessResult r = ScriptRun.run(script, bin, args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), script + " " + args + ": " + r.stderr());
        assertEquals("", r.stderr(), script + " " + args);
        assertTrue(r.stdout().startsWith(first) && r.stdout().contains("Exit codes: 2 invalid arguments, 3 refused"),
            script + " " + args + ": " + r.stdout());
        assertFalse(r.stdout().contains("set -euo"), r.stdout());
      }
    }
  }

  @Test
  void aBadArgumentIsOneLineWithExitTwoAndMakesNothing() throws Exception {
    Path bin = bin();
    String dir = tmp.resolve("made").toString();
    Path cert = Files.writeString(tmp.resolve("cert.pem"), "pem");
    Map<List<String>, String> cases = Map.ofEntries(
        Map.entry(List.of(), "say start or stop, e.g. scripts/registry start --dir /tmp/ack-registry (scripts/registry --help says more)"),
        Map.entry(List.of("begin", "--dir", dir), "unknown command 'begin': use start or stop, e.g. scripts/registry start --dir /tmp/ack-registry"),
        Map.entry(List.of("start"), "start needs --dir DIR: e.g. scripts/registry start --dir /tmp/ack-registry"),
        Map.entry(List.of("stop", "--dir"), "--dir needs a value: see scripts/registry --help"),
        Map.entry(List.of("start", "--dir", dir, "--port"), "--port needs a value: see scripts/registry --help"),
        Map.entry(List.of("start", "--dir", dir, "--colour"), "unknown argument '--colour': see scripts/registry --help"),
        Map.entry(List.of("stop", "--dir", dir, "--tls"), "stop takes only --dir DIR, not '--tls': e.g. scripts/registry stop --dir /tmp/ack-registry"),
        Map.entry(List.of("start", "--dir", dir, "--port", "5k"),
            "--port '5k' is not a port number: give one from 1 to 65535, or leave --port out for a free one"),
        Map.entry(List.of("start", "--dir", dir, "--port", "65536"),
            "--port '65536' is not a port number: give one from 1 to 65535, or leave --port out for a free one"),
        Map.entry(List.of("start", "--dir", dir, "--auth", "secret"), "--auth takes USER:PASS, a colon between them: e.g. --auth me:secret"),
        Map.entry(List.of("start", "--dir", dir, "--auth", "me:pw", "--token-realm", "http://127.0.0.1:1/token", "--token-cert", cert.toString()),
            "--auth and --token-realm exclude each other: drop one"),
        Map.entry(List.of("start", "--dir", dir, "--token-realm", "http://127.0.0.1:1/token", "--token-cert", dir + "/none.pem"),
            "--token-cert " + dir + "/none.pem is not a file: pass the PEM certificate that signs the tokens"));
    cases.forEach((args, line) -> assertError(2, "error: " + line, ScriptRun.run("scripts/registry", bin, args.toArray(String[]::new))));
    assertFalse(Files.exists(Path.of(dir)), "a bad argument made " + dir);
    assertFalse(Files.exists(bin.resolve("ran")), "a bad argument ran a tool");
  }

  @Test
  void aBadGitHubArgumentIsOneLineWithExitTwoAndMakesNothing() throws Exception {
    Path bin = bin();
    String dir = tmp.resolve("made").toString();
    String token = Files.writeString(tmp.resolve("token"), "ghp_x\n").toString();
    String bare = Files.createDirectories(tmp.resolve("s3.git")).toString();
    String example = "scripts/github start --dir /tmp/gh --token-file /tmp/gh-token --repo aws-controllers-k8s/s3-controller=/tmp/s3-controller.git";
    Map<List<String>, String> cases = Map.ofEntries(
        Map.entry(List.of(), "say start or stop, e.g. " + example + " (scripts/github --help says more)"),
        Map.entry(List.of("stop"), "stop needs --dir DIR: e.g. scripts/github stop --dir /tmp/gh"),
        Map.entry(List.of("start", "--dir", dir), "start needs --token-file FILE (a file holding the token requests must carry): e.g. " + example),
        Map.entry(List.of("start", "--dir", dir, "--token-file", dir + "/t"),
            "--token-file " + dir + "/t is not a file: write the token requests must carry into it first"),
        Map.entry(List.of("start", "--dir", dir, "--token-file", token), "start needs at least one --repo OWNER/NAME=BARE_GIT_DIR: e.g. " + example),
        Map.entry(List.of("start", "--dir", dir, "--token-file", token, "--repo", "s3"),
            "--repo takes OWNER/NAME=BARE_GIT_DIR, not 's3': e.g. --repo aws-controllers-k8s/s3-controller=/tmp/s3-controller.git"),
        Map.entry(List.of("start", "--dir", dir, "--token-file", token, "--repo", "a/s3=" + dir + "/s3.git"),
            "--repo a/s3: " + dir + "/s3.git is not a directory: make the bare repository first: git init --bare -b main " + dir + "/s3.git"),
        Map.entry(List.of("start", "--dir", dir, "--token-file", token, "--repo", "a/s3=" + bare, "--user", dir + "/alice=alice"),
            "--user alice: " + dir + "/alice is not a file: write that user's token into it first"),
        Map.entry(List.of("start", "--dir", dir, "--token-file"), "--token-file needs a value: see scripts/github --help"),
        Map.entry(List.of("stop", "--dir", dir, "--repo", "a/b=c"), "stop takes only --dir DIR, not '--repo': e.g. scripts/github stop --dir /tmp/gh"));
    cases.forEach((args, line) -> assertError(2, "error: " + line, ScriptRun.run("scripts/github", bin, args.toArray(String[]::new))));
    assertFalse(Files.exists(Path.of(dir)), "a bad argument made " + dir);
    assertFalse(Files.exists(bin.resolve("ran")), "a bad argument ran a tool");
  }

  /** Nothing to stop is nothing to do: exit 0 (as systemctl stop), saying so in one line. */
  @Test
  void stoppingWhatIsNotRunningIsNothingToDo() throws Exception {
    Path bin = bin();
    for (String name : List.of("registry", "github")) {
      Path dir = Files.createDirectories(tmp.resolve(name));
      ProcessResult none = ScriptRun.run("scripts/" + name, bin, "stop", "--dir", dir.toString());
      assertEquals(0, none.exitCode(), none.stderr());
      assertTrue(none.stderr().startsWith("nothing to stop: no ") && none.stderr().contains(" was started from " + dir + " (no "
          + dir + "/" + name + ".pid)"), none.stderr());
      assertEquals(1, none.stderr().lines().count(), none.stderr());
      // A PID no process has: the record is removed, and that is said.
      Files.writeString(dir.resolve(name + ".pid"), "4194304\n");
      ProcessResult gone = ScriptRun.run("scripts/" + name, bin, "stop", "--dir", dir.toString());
      assertEquals(0, gone.exitCode(), gone.stderr());
      assertTrue(gone.stderr().contains("(PID 4194304) is not running (its record is removed)"), gone.stderr());
      assertFalse(Files.exists(dir.resolve(name + ".pid")));
    }
  }

  @Test
  void stopEndsTheRecordedProcess() throws Exception {
    Path bin = bin();
    for (String name : List.of("registry", "github")) {
      Path dir = Files.createDirectories(tmp.resolve(name));
      Process sleep = new ProcessBuilder("sleep", "60").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      try {
        Files.writeString(dir.resolve(name + ".pid"), sleep.pid() + "\n");
        ProcessResult r = ScriptRun.run("scripts/" + name, bin, "stop", "--dir", dir.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr() + r.stdout());
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), name + " stop left the process running");
        assertFalse(Files.exists(dir.resolve(name + ".pid")));
      } finally {
        sleep.destroyForcibly();
      }
    }
  }

  /** The recorded PID is this JVM's: a process that runs (stop is never called on it here). */
  @Test
  void startingWhatRunsIsRefused() throws Exception {
    Path bin = bin();
    String jvm = String.valueOf(ProcessHandle.current().pid());
    Path reg = Files.createDirectories(tmp.resolve("reg"));
    Files.writeString(reg.resolve("registry.pid"), jvm + "\n");
    assertError(3, "error: a registry from " + reg + " is already running (PID " + jvm + "): stop it first: scripts/registry stop --dir " + reg,
        ScriptRun.run("scripts/registry", bin, "start", "--dir", reg.toString()));
    Path gh = Files.createDirectories(tmp.resolve("gh"));
    Files.writeString(gh.resolve("github.pid"), jvm + "\n");
    String token = Files.writeString(tmp.resolve("token"), "ghp_x\n").toString();
    String bare = Files.createDirectories(tmp.resolve("s3.git")).toString();
    assertError(3, "error: a GitHub stand-in from " + gh + " is already running (PID " + jvm + "): stop it first: scripts/github stop --dir " + gh,
        ScriptRun.run("scripts/github", bin, "start", "--dir", gh.toString(), "--token-file", token, "--repo", "a/s3=" + bare));
  }

  @Test
  void aPortInUseIsRefused() throws Exception {
    Path bin = bin();
    Path dir = tmp.resolve("reg");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertError(3, "error: port " + port + " on 127.0.0.1 is in use: leave --port out for a free one (scripts/registry start --dir " + dir
          + "), or see what listens there: ss -ltnp 'sport = :" + port + "'",
          ScriptRun.run("scripts/registry", bin, "start", "--dir", dir.toString(), "--port", String.valueOf(port)));
    }
    assertFalse(Files.exists(bin.resolve("ran")), "docker-registry ran");
  }

  @Test
  void aMissingToolIsRefusedWithTheLineThatInstallsIt() {
    Path bin = ScriptRun.bin(tmp.resolve("bare-bin"), 1000);
    assertError(3, "error: docker-registry openssl curl not found on PATH: install them first: sudo apt-get install -y docker-registry openssl curl",
        ScriptRun.run("scripts/registry", bin, "start", "--dir", tmp.resolve("reg").toString()));
  }
}
