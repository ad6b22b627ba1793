package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as users run it: a separate JVM with nothing else on the classpath. */
class JarIT {

  @TempDir Path tmp;

  static ProcessResult jar(Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of("java", "-Duser.home=" + home, "-jar", System.getProperty("ack.release.jar", "target/ack-release.jar")));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1"), 120);
  }

  @Test
  void helpListsCommandsAndTheExitCodesHaveTheirPage() {
    ProcessResult r = jar(tmp, "--help");
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stdout().contains("\n  tag "), r.stdout());
    assertTrue(r.stdout().contains("Exit codes: run 'ack-release help exit-codes'."), r.stdout());
    ProcessResult codes = jar(tmp, "help", "exit-codes");
    assertEquals(0, codes.exitCode(), codes.stderr());
    assertTrue(codes.stdout().matches("(?s).*\\n\\s*6\\s+build failed\\n.*"), codes.stdout());
    assertTrue(codes.stdout().matches("(?s).*\\n\\s*130/143\\s+interrupted.*"), codes.stdout());
  }

  @Test
  void versionAndCompletion() {
    assertTrue(jar(tmp, "--version").assertOk().stdout().startsWith("ack-release "));
    String completion = jar(tmp, "completion", "bash").assertOk().stdout();
    assertTrue(completion.contains("complete -F"), "a bash completion script");
    assertTrue(completion.contains("tag"), "it completes the subcommands");
  }

  @Test
  void tagsARealRepositoryAndGitReadsItBack() {
    try (GitFixture repo = GitFixture.controller(tmp.resolve("sns-controller"), "sns", "0.1.0")) {
      ProcessResult r = jar(tmp, "tag", "v0.1.0", "--controller-dir", repo.dir().toString());
      assertEquals(0, r.exitCode(), r.stderr());
      assertEquals("tag", repo.git("cat-file", "-t", "v0.1.0"));
    }
  }

  /**
   * The home is HOME's, as git's is (git's path.c expand_user_path): a user in a container often
   * has another home, or none, in the password database, which is the JVM's user.home. The tag's
   * tagger is the identity of $HOME/.gitconfig, and nothing is written to the account's home.
   */
  @Test
  void theHomeIsHomesAsForGit() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path account = Files.createDirectories(tmp.resolve("account"));
    Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Home User\n\temail = home@example.com\n");
    Files.writeString(account.resolve(".gitconfig"), "[user]\n\tname = Account User\n\temail = account@example.com\n");
    try (GitFixture repo = GitFixture.controller(tmp.resolve("sns-controller"), "sns", "0.1.0")) {
      repo.git("config", "--unset", "user.name");
      repo.git("config", "--unset", "user.email");
      List<String> cmd = List.of("java", "-Duser.home=" + account, "-jar", System.getProperty("ack.release.jar", "target/ack-release.jar"),
          "tag", "v0.1.0", "--controller-dir", repo.dir().toString());
      ProcessResult r = ProcessResult.run(cmd, null, Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1"), 120);
      assertEquals(0, r.exitCode(), r.stderr());
      String tag = repo.git("cat-file", "-p", "v0.1.0");
      assertTrue(tag.contains("\ntagger Home User <home@example.com> "), tag);
      try (var written = Files.list(account)) {
        assertEquals(List.of(account.resolve(".gitconfig")), written.toList(), "nothing in the account's home");
      }
    }
  }

  /**
   * Output is UTF-8 whatever the locale, as git's is and as JSON must be: under LC_ALL=C the
   * JVM's default charset is ASCII, which wrote every other character as '?' (found by a
   * new-user trial: a commit title in notes' JSON).
   */
  @Test
  void outputIsUtf8UnderTheCLocale() {
    try (GitFixture repo = GitFixture.controller(tmp.resolve("sns-controller"), "sns", "0.1.0")) {
      repo.tag("v0.1.0");
      repo.write("README.md", "café\n");
      repo.commit("Fix café handling ✓");
      List<String> cmd = List.of("java", "-Duser.home=" + tmp, "-jar", System.getProperty("ack.release.jar", "target/ack-release.jar"),
          "notes", "v0.1.1", "--controller-dir", repo.dir().toString(), "-o", "json");
      ProcessResult r = ProcessResult.run(cmd, null, Map.of("HOME", tmp.toString(), "GIT_CONFIG_NOSYSTEM", "1", "LC_ALL", "C",
          "LANG", "C"), 120);
      assertEquals(0, r.exitCode(), r.stderr());
      assertTrue(r.stdout().contains("\"title\" : \"Fix café handling ✓\""), r.stdout());
    }
  }

  /** The launcher and the jar as the release archive installs them: bin/ack-release beside lib/ack-release.jar. */
  private Path installed() throws IOException {
    Path install = Files.createDirectories(tmp.resolve("opt"));
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("lib"));
    Files.copy(Path.of("scripts/ack-release"), install.resolve("bin/ack-release"));
    Files.createSymbolicLink(install.resolve("lib/ack-release.jar"),
        Path.of(System.getProperty("ack.release.jar", "target/ack-release.jar")).toAbsolutePath());
    return install;
  }

  /**
   * A java older than 17 first on PATH (or none) is named in one line with exit 3, from its
   * installation's release file, before any JVM runs (it would fail with UnsupportedClassVersionError).
   */
  @Test
  void theLauncherNamesAMissingOrOldJavaInOneLine() throws IOException {
    Path install = installed();
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
    Path ran = tmp.resolve("old-java-ran");
    for (String version : List.of("11.0.22", "1.8.0_402")) {
      Path jdk = Files.createDirectories(tmp.resolve("jdk-" + version).resolve("bin")).getParent();
      Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\ntouch '" + ran + "'\n");
      Files.setPosixFilePermissions(jdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
      ProcessResult r = ProcessResult.runIsolated(List.of("/bin/bash", install.resolve("bin/ack-release").toString(), "--version"),
          null, Map.of("PATH", jdk.resolve("bin") + ":" + tools, "HOME", tmp.toString()), 60); // no JAVA_HOME: PATH's is the one
      assertEquals(3, r.exitCode(), r.stderr());
      assertEquals("error: the java on PATH (" + jdk.resolve("bin/java") + ") is Java " + version + ": ack-release runs on Java 17"
          + " or newer; install it (apt-get install -y openjdk-17-jre-headless) and put its bin directory first on PATH\n", r.stderr());
      assertFalse(Files.exists(ran), "the old java did not run");
    }
    ProcessResult none = ProcessResult.runIsolated(List.of("/bin/bash", install.resolve("bin/ack-release").toString(), "--version"),
        null, Map.of("PATH", tools.toString(), "HOME", tmp.toString()), 60);
    assertEquals(3, none.exitCode(), none.stderr());
    assertEquals(1, none.stderr().lines().count(), none.stderr());
    assertTrue(none.stderr().startsWith("error: java is not on PATH: "), none.stderr());
  }

  /**
   * Under the C locale the JVM reads its arguments and file names as ASCII: a clone under a
   * directory named with any other letter could not be named (picocli: "Malformed input"). The
   * launcher, as installed (bin/ack-release beside lib/ack-release.jar), gives such a JVM C's
   * UTF-8 character type.
   */
  @Test
  void theLauncherNamesANonAsciiPathUnderTheCLocale() throws Exception {
    Path install = installed();
    try (GitFixture repo = GitFixture.controller(tmp.resolve("café").resolve("sns-controller"), "sns", "0.1.0")) {
      for (Map<String, String> locale : List.of(Map.of("LC_ALL", "C", "LANG", "C"), Map.of("LC_ALL", "", "LANG", "POSIX"))) {
        Map<String, String> env = new HashMap<>(locale);
        env.putAll(Map.of("HOME", tmp.toString(), "GIT_CONFIG_NOSYSTEM", "1", "ACK_RELEASE_CDS", "off"));
        ProcessResult r = ProcessResult.run(List.of("bash", install.resolve("bin/ack-release").toString(), "tag", "v0.1.0",
            "--dry-run", "--controller-dir", repo.dir().toString()), null, env, 120);
        assertEquals(0, r.exitCode(), locale + ": " + r.stderr());
        assertTrue(r.stdout().startsWith("Would tag v0.1.0 at "), locale + ": " + r.stdout());
      }
    }
  }

  @Test
  void usageErrorIsOneLineOnStderrWithExitCode2() {
    ProcessResult r = jar(tmp, "tag");
    assertEquals(2, r.exitCode());
    assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
    assertTrue(r.stderr().startsWith("error: Missing required parameter: 'VERSION'"), r.stderr());
    assertEquals("", r.stdout());
  }

  /**
   * A result that cannot be written (stdout on a full disk) is a failure, said in one line: the
   * JVM's PrintStream swallowed the write error, and the run exited 0 with its JSON lost. A
   * reader that went away (a broken pipe: | head -1) has what it wanted: no error.
   */
  @Test
  void aResultStdoutCannotTakeIsAFailureInOneLine() throws Exception {
    List<String> cmd = List.of("java", "-Duser.home=" + tmp, "-jar", System.getProperty("ack.release.jar", "target/ack-release.jar"),
        "config", "--schema");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String stderr = Files.readString(err);
    assertEquals(6, p.exitValue(), stderr);
    assertEquals(1, stderr.lines().count(), stderr);
    assertTrue(stderr.startsWith("error: cannot write the output to stdout (No space left on device):"), stderr);

    Process head = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(err.toFile()).start();
    head.getInputStream().close();
    assertTrue(head.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, head.exitValue(), Files.readString(err));
    assertEquals("", Files.readString(err));
  }

  /**
   * Opening a clone writes nothing outside it: JGit recorded its measurement of the file system's
   * timestamps in the user's configuration ($XDG_CONFIG_HOME/jgit/config, else ~/.config's), a
   * refused run's too (found by a hostile-input audit).
   */
  @Test
  void aRunThatOpensACloneWritesNothingInTheUsersConfiguration() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("untouched-home"));
    Path xdg = Files.createDirectories(tmp.resolve("xdg-config"));
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0")) {
      repo.git("config", "--unset", "user.name");
      repo.git("config", "--unset", "user.email");

      CliRun refused = Jar.run(home, Map.of("XDG_CONFIG_HOME", xdg.toString()), "tag", "v0.1.0", "--controller-dir", repo.dir().toString());
      CliRun plain = Jar.run(home, Map.of(), "tag", "v0.1.0", "--controller-dir", repo.dir().toString());

      assertEquals(3, refused.exitCode(), refused::toString);
      assertEquals(3, plain.exitCode(), plain::toString);
      assertFalse(Files.exists(xdg.resolve("jgit")), "JGit's measurement under XDG_CONFIG_HOME");
      assertFalse(Files.exists(home.resolve(".config")), "JGit's measurement under HOME");
    }
  }

  @Test
  void unknownCommandIsUsageError() {
    ProcessResult r = jar(tmp, "relase");
    assertEquals(2, r.exitCode());
    assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
  }

  @Test
  void withoutAGitIdentityNoTagIsCreated() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("empty-home"));
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "0.1.0")) {
      repo.git("config", "--unset", "user.name");
      repo.git("config", "--unset", "user.email");

      ProcessResult r = jar(home, "tag", "v0.1.0", "--controller-dir", repo.dir().toString());

      assertEquals(3, r.exitCode(), r.stderr());
      assertTrue(r.stderr().contains("git config user.email"), r.stderr());
      assertEquals(List.of(), repo.tags());
    }
  }

  /**
   * Behind a proxy, as helm, crane and skopeo work there: HTTP_PROXY and HTTPS_PROXY carry the
   * registry's requests (the JVM reads only its own properties), NO_PROXY's hosts go direct.
   */
  @Test
  void registryRequestsGoThroughTheProxyTheEnvironmentNames() throws Exception {
    try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<String> seen = new CopyOnWriteArrayList<>();
      Thread server = new Thread(() -> {
        while (true) {
          try (Socket s = proxy.accept()) {
            seen.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine());
            s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return; // closed
          }
        }
      });
      server.setDaemon(true);
      server.start();
      String url = "http://127.0.0.1:" + proxy.getLocalPort();
      String[] await = {"await", "v0.1.0", "--service", "s3", "--registry", "registry.invalid:5000/ack", "--insecure-registry",
          "registry.invalid:5000", "--timeout", "5s"};

      CliRun direct = Jar.run(tmp, Map.of("HTTP_PROXY", url, "https_proxy", url, "NO_PROXY", "example.com,.invalid"), await);
      assertEquals(List.of(), seen, direct.err());
      CliRun proxied = Jar.run(tmp, Map.of("HTTP_PROXY", url, "https_proxy", url, "NO_PROXY", "example.com"), await);
      assertTrue(seen.contains("GET http://registry.invalid:5000/v2/ HTTP/1.1"), seen + "\n" + proxied.err());
    }
  }

  /**
   * A proxy variable with a port out of range, read as the jar starts (its user name and password
   * become secrets before anything runs): it crashed every command, exit 1 with a stack trace
   * (InetSocketAddress's "port out of range"). A command that may reach a remote refuses it in one
   * line, exit 2; one that reaches none (ci prow) runs.
   */
  @Test
  void aProxyPortOutOfRangeIsOneLineExit2AndNoCrash() throws Exception {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://alice:pw-99@proxy.corp:99999");
    CliRun await = Jar.run(tmp, env, "await", "v0.1.0", "--service", "s3", "--registry", "registry.invalid:5000/ack", "--timeout", "5s");
    assertEquals(2, await.exitCode(), await::toString);
    assertEquals(List.of("error: HTTPS_PROXY is not a proxy URL (host and a port from 1 to 65535): set it to"
        + " http://[USER:PASSWORD@]HOST[:PORT] or socks5://[USER:PASSWORD@]HOST[:PORT], e.g. export HTTPS_PROXY=http://proxy.example.com:3128,"
        + " or unset HTTPS_PROXY"), await.errLines());
    CliRun ci = Jar.run(tmp, env, "ci", "prow", "--help");
    assertEquals(0, ci.exitCode(), ci::toString);
  }
}
