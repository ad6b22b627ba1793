package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.testing.CredentialHelper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker config rules, case by case: a per-host helper wins, then the store, then
 * {@code auths} ({@code auth} as base64 {@code user:password}, else both fields); a helper that
 * fails or answers nothing usable; every secret read is registered before it can be printed.
 */
class DockerConfigLookupTest {

  @TempDir Path tmp;

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  DockerConfigCredentials config(String json) throws Exception {
    Files.writeString(Files.createDirectories(tmp.resolve("docker")).resolve("config.json"), json);
    return new DockerConfigCredentials(tmp.resolve("docker"), Map.of("PATH", ":" + tmp.resolve("empty") + ":" + tmp.resolve("bin")
        + ":/usr/bin:/bin"));
  }

  /** A helper script answering {@code body} on stdout with exit {@code code}. */
  Path helper(String name, int code, String body) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-" + name);
    Files.writeString(helper, "#!/bin/sh\ncat >/dev/null\nprintf '%s' '" + body + "'\nexit " + code + "\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return helper;
  }

  @Test
  void aBase64AuthIsSplitAtItsFirstColon() throws Exception {
    RegistryCredentials c = config("{\"auths\":{\"https://registry.example.com/v1/\":{\"auth\":\"" + b64("erin:pass:with:colons-1")
        + "\"}}}").lookup("REGISTRY.example.com").orElseThrow();
    assertEquals(List.of("erin", "pass:with:colons-1", "docker config " + tmp.resolve("docker/config.json")),
        List.of(c.username(), c.password(), c.source()));
    assertEquals("****", Secrets.redact("pass:with:colons-1"));
  }

  @Test
  void anAuthThatIsNotBase64OrNotUserColonPasswordIsInvalidInput() throws Exception {
    for (String auth : List.of("%%%not-base64", b64("no-colon-here"), b64(":starts-with-colon"))) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> config("{\"auths\":{\"registry.example.com\":{\"auth\":\""
          + auth + "\"}}}").lookup("registry.example.com"));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().endsWith(": run docker login registry.example.com again"), e.getMessage());
    }
  }

  @Test
  void usernameAndPasswordNeedBothAndOtherHostsAreSkipped() throws Exception {
    DockerConfigCredentials c = config("""
        {"auths":{"other.example.com":{"username":"x","password":"other-secret-1"},
                  "registry.example.com":{"username":"","password":"lonely-secret-1"},
                  "registry.example.com:5000":{"username":"frank","password":"franks-secret-1","auth":null}}}""");
    assertEquals(Optional.empty(), c.lookup("registry.example.com"));
    RegistryCredentials frank = c.lookup("registry.example.com:5000").orElseThrow();
    assertEquals(List.of("frank", "franks-secret-1"), List.of(frank.username(), frank.password()));
  }

  @Test
  void aPerHostHelperIsAskedForItsHostOnly() throws Exception {
    Path asked = tmp.resolve("asked");
    CredentialHelper.write(tmp.resolve("bin"), "ecr", "registry.example.com", "AWS", "helper-secret-1", asked);
    DockerConfigCredentials c = config("""
        {"credHelpers":{"registry.example.com":"ecr"},"auths":{"registry.example.com":{"username":"u","password":"file-pw-1"}}}""");
    RegistryCredentials fromHelper = c.lookup("registry.example.com").orElseThrow();
    assertEquals(List.of("AWS", "helper-secret-1", "docker-credential-ecr"),
        List.of(fromHelper.username(), fromHelper.password(), fromHelper.source()));
    assertEquals(List.of("registry.example.com"), Files.readAllLines(asked));
    assertEquals("****", Secrets.redact("helper-secret-1"));
  }

  @Test
  void aHelperWithoutTheHostOrWithAnEmptyAnswerGivesNothingAndTheStoreFallsBackToAuths() throws Exception {
    helper("notfound", 1, "credentials not found in native keychain");
    helper("empty", 0, "{\"Username\":\"\",\"Secret\":\"s\"}");
    helper("nosecret", 0, "{\"Username\":\"u\",\"Secret\":null}");
    assertEquals(Optional.empty(), config("{\"credHelpers\":{\"h.example.com\":\"notfound\"}}").lookup("h.example.com"));
    assertEquals(Optional.empty(), config("{\"credHelpers\":{\"h.example.com\":\"empty\"}}").lookup("h.example.com"));
    assertEquals(Optional.empty(), config("{\"credHelpers\":{\"h.example.com\":\"nosecret\"}}").lookup("h.example.com"));
    RegistryCredentials fallBack = config("""
        {"credsStore":"empty","auths":{"h.example.com":{"username":"gina","password":"ginas-pw-1"}}}""")
        .lookup("h.example.com").orElseThrow();
    assertEquals("gina", fallBack.username());
    // A store that is not installed: auths still answer.
    assertEquals("gina", config("""
        {"credsStore":"missing","auths":{"h.example.com":{"username":"gina","password":"ginas-pw-1"}}}""")
        .lookup("h.example.com").orElseThrow().username());
  }

  @Test
  void aHelperThatFailsIsARemoteFailureNamingItsExitCode() throws Exception {
    helper("broken", 3, "something else went wrong");
    ReleaseException e = assertThrows(ReleaseException.class, () -> config("{\"credsStore\":\"broken\"}").lookup("h.example.com"));
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertEquals("docker-credential-broken get failed for h.example.com (exit 3): run docker login h.example.com again",
        e.getMessage());
    Path notExecutable = Files.writeString(Files.createDirectories(tmp.resolve("bin")).resolve("docker-credential-plain"), "x");
    assertFalse(Files.isExecutable(notExecutable));
    ReleaseException missing = assertThrows(ReleaseException.class,
        () -> config("{\"credHelpers\":{\"h.example.com\":\"plain\"}}").lookup("h.example.com"));
    assertTrue(missing.getMessage().contains("docker-credential-plain is not on PATH"), missing.getMessage());
  }

  @Test
  void aHelperThatAnswersNoJsonIsARemoteFailure() throws Exception {
    helper("garbled", 0, "not json {");
    ReleaseException e = assertThrows(ReleaseException.class, () -> config("{\"credsStore\":\"garbled\"}").lookup("h.example.com"));
    assertEquals(ReleaseException.Kind.REMOTE, e.kind());
    assertTrue(e.getMessage().startsWith("docker-credential-garbled get answered h.example.com with no JSON: check the helper"),
        e.getMessage());
  }

  @Test
  void whatAHelperPrintsInsteadOfJsonIsInNoMessageOfTheFailureNorItsCauses() throws Exception {
    // A helper printing the bare secret: the parser's message would quote it ("Unrecognized token '...'"), and
    // --stacktrace prints every cause; nothing registered it as a secret, so nothing would redact it.
    helper("bare", 0, "bareHelperSecret42");
    ReleaseException e = assertThrows(ReleaseException.class, () -> config("{\"credsStore\":\"bare\"}").lookup("h.example.com"));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("bareHelperSecret42"), t.toString());
    }
  }

  @Test
  void aHelperThatHangsIsStoppedWithTheProcessesItStartedBeforeTheLookUpFails() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path pidFile = tmp.resolve("pids");
    Path helper = bin.resolve("docker-credential-hangs");
    Files.writeString(helper, "#!/bin/sh\nsleep 300 &\necho $$ $! > '" + pidFile + "'\nwait\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(Files.createDirectories(tmp.resolve("docker")).resolve("config.json"), "{\"credsStore\":\"hangs\"}");
    DockerConfigCredentials config = new DockerConfigCredentials(tmp.resolve("docker"), Map.of("PATH", bin.toString()), 1);

    ReleaseException e = assertThrows(ReleaseException.class, () -> config.lookup("h.example.com"));
    List<ProcessHandle> tree = Stream.of(Files.readString(pidFile).strip().split(" "))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)).stream()).toList();
    try {
      assertEquals("docker-credential-hangs get did not answer within 1 s: check the helper", e.getMessage());
      // Killed and waited for: gone by the time the look-up fails, not some time after.
      assertEquals(List.of(), tree.stream().filter(ProcessHandle::isAlive).toList(), "the helper or its child still runs");
    } finally {
      tree.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aHelperThatLeavesAProcessHoldingItsOutputIsAnsweredWhenItExits() throws Exception {
    // The child keeps the helper's stdout open after the helper exited: reading to end-of-file would wait for it.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path pidFile = tmp.resolve("background.pid");
    Path helper = bin.resolve("docker-credential-spawns");
    Files.writeString(helper, "#!/bin/sh\nread host\nsleep 300 &\necho $! > '" + pidFile + "'\n"
        + "printf '{\"Username\":\"ivan\",\"Secret\":\"ivans-secret-1\"}'\nsleep 0.5\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(Files.createDirectories(tmp.resolve("docker")).resolve("config.json"), "{\"credsStore\":\"spawns\"}");
    DockerConfigCredentials config = new DockerConfigCredentials(tmp.resolve("docker"), Map.of("PATH", bin + ":/usr/bin:/bin"), 20);
    try {
      assertEquals("ivans-secret-1", assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> config.lookup("h.example.com").orElseThrow().password()));
    } finally {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void anIdentityTokenIsTheCredentialEvenBesideTheUserNameDockerLoginKeepsInAuth() throws Exception {
    RegistryCredentials c = config("{\"auths\":{\"h.example.com\":{\"auth\":\"" + b64("dana:") + "\",\"identitytoken\":\"id-token-9\"}}}")
        .lookup("h.example.com").orElseThrow();
    assertEquals(List.of("<token>", "id-token-9"), List.of(c.username(), c.password()));
    assertEquals("****", Secrets.redact("id-token-9"));
  }

  @Test
  void dockerHubsCredentialsAreFoundUnderTheKeyDockerLoginWritesWhicheverOfItsNamesIsPulledFrom() throws Exception {
    DockerConfigCredentials auths = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub-user:hub-pw-123") + "\"}}}");
    for (String host : List.of("registry-1.docker.io", "index.docker.io", "docker.io")) {
      assertEquals("hub-user", auths.lookup(host).orElseThrow().username(), host);
    }
    assertEquals(Optional.empty(), auths.lookup("registry.example.com"));

    Path asked = tmp.resolve("asked");
    CredentialHelper.write(tmp.resolve("bin"), "desktop", "https://index.docker.io/v1/", "hub-user", "hub-token-456", asked);
    assertEquals("hub-token-456", config("{\"credsStore\":\"desktop\"}").lookup("registry-1.docker.io").orElseThrow().password());
    assertEquals("hub-token-456", config("{\"credHelpers\":{\"https://index.docker.io/v1/\":\"desktop\"}}")
        .lookup("registry-1.docker.io").orElseThrow().password());
    assertEquals(List.of("https://index.docker.io/v1/", "https://index.docker.io/v1/"), Files.readAllLines(asked));
  }

  @Test
  void keysAreComparedByHostWhateverTheirSchemeOrPath() {
    assertEquals("registry.example.com:5000", DockerConfigCredentials.hostOf(" http://registry.example.com:5000/v2/ "));
    assertEquals("index.docker.io", DockerConfigCredentials.hostOf("https://index.docker.io/v1/"));
    assertEquals("registry.example.com", DockerConfigCredentials.hostOf("registry.example.com/"));
    assertEquals("", DockerConfigCredentials.hostOf("/path"));
  }
}
