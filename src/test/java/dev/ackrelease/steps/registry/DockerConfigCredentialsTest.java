package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.CredentialHelper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker config lookups: credsStore with a real helper process, fall-back to auths, bad configs. */
class DockerConfigCredentialsTest {

  @TempDir Path tmp;

  private DockerConfigCredentials credentials(String configJson) throws Exception {
    Files.writeString(Files.createDirectories(tmp.resolve("docker")).resolve("config.json"), configJson);
    return new DockerConfigCredentials(tmp.resolve("docker"), Map.of("PATH", tmp.resolve("bin") + ":/usr/bin:/bin"));
  }

  @Test
  void theCredsStoreIsAskedFirstAndAuthsAreTheFallBack() throws Exception {
    Path asked = tmp.resolve("asked");
    CredentialHelper.write(tmp.resolve("bin"), "store", "registry.example.com", "carol", "store-secret", asked);
    DockerConfigCredentials config = credentials("""
        {"credsStore":"store","auths":{"https://other.example.com/v1/":{"username":"dave","password":"file-secret"}}}""");

    RegistryCredentials fromStore = config.lookup("registry.example.com").orElseThrow();
    assertEquals(List.of("carol", "store-secret", "docker-credential-store"),
        List.of(fromStore.username(), fromStore.password(), fromStore.source()));
    RegistryCredentials fromFile = config.lookup("other.example.com").orElseThrow();
    assertEquals(List.of("dave", "file-secret"), List.of(fromFile.username(), fromFile.password()));
    assertEquals(Optional.empty(), config.lookup("third.example.com"));
    assertEquals(List.of("registry.example.com", "other.example.com", "third.example.com"), Files.readAllLines(asked));
  }

  @Test
  void aMissingPerHostHelperOrABrokenFileIsInvalidInput() throws Exception {
    ReleaseException helper = assertThrows(ReleaseException.class,
        () -> credentials("{\"credHelpers\":{\"registry.example.com\":\"absent\"}}").lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, helper.kind());
    ReleaseException nul = assertThrows(ReleaseException.class,
        () -> credentials("{\"credHelpers\":{\"registry.example.com\":\"a\\u0000b\"}}").lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, nul.kind());
    assertEquals(Optional.empty(), credentials("{\"credsStore\":\"a\\u0000b\"}").lookup("registry.example.com"));
    ReleaseException broken = assertThrows(ReleaseException.class, () -> credentials("{not json").lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, broken.kind());
    assertEquals(Optional.empty(), new DockerConfigCredentials(tmp.resolve("nowhere"), Map.of()).lookup("registry.example.com"));
  }

  @Test
  void withoutADockerConfigTheFilePodmanAndSkopeoLogInToIsRead() throws Exception {
    String auths = "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + Base64.getEncoder().encodeToString(
        "erin:podman-pw-1".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    Path dockerDir = tmp.resolve("no-docker");
    Path authFile = Files.writeString(Files.createDirectories(tmp.resolve("auth")).resolve("my-auth.json"), auths);
    Path runtime = tmp.resolve("run");
    Files.writeString(Files.createDirectories(runtime.resolve("containers")).resolve("auth.json"), auths);
    Path home = tmp.resolve("home");
    Files.writeString(Files.createDirectories(home.resolve(".config/containers")).resolve("auth.json"), auths);

    for (Map<String, String> env : List.of(Map.of("REGISTRY_AUTH_FILE", authFile.toString()), Map.of("XDG_RUNTIME_DIR", runtime.toString()),
        Map.of("HOME", home.toString()), Map.of("XDG_CONFIG_HOME", home.resolve(".config").toString()))) {
      RegistryCredentials found = DockerConfigCredentials.forEnvironment(dockerDir, env).lookup("registry.example.com").orElseThrow();
      assertEquals(List.of("erin", "podman-pw-1"), List.of(found.username(), found.password()), env.toString());
      assertTrue(found.source().startsWith("auth file " + tmp), found.source());
    }
    // A Docker config wins, as in go-containerregistry's keychain.
    Files.writeString(Files.createDirectories(dockerDir).resolve("config.json"), "{\"auths\":{}}");
    assertEquals(Optional.empty(), DockerConfigCredentials.forEnvironment(dockerDir, Map.of("REGISTRY_AUTH_FILE", authFile.toString()))
        .lookup("registry.example.com"));
  }

  @Test
  void aDockerConfigVariableNamingTheFileInsteadOfItsDirectoryIsInvalidInput() throws Exception {
    Path file = Files.writeString(Files.createDirectories(tmp.resolve("my docker")).resolve("config.json"), "{}");
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> DockerConfigCredentials.forEnvironment(file, Map.of("DOCKER_CONFIG", file.toString())).lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("DOCKER_CONFIG names the file " + file + ", not the directory that holds config.json: export DOCKER_CONFIG='"
        + file.getParent() + "'", e.getMessage());
  }

  /**
   * What docker refuses is refused, naming the file and what it is (it was read as no credentials:
   * a hostile-input audit); a device is never opened (reading /dev/zero would fill the memory); an
   * empty file or {@code null} holds nothing, as for docker.
   */
  @Test
  void aConfigThatIsNoObjectADirectoryOrADeviceIsInvalidInputInTheFile() throws Exception {
    Path config = tmp.resolve("docker/config.json");
    for (String json : List.of("[1,2]", "\"text\"", "42", "true")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> credentials(json).lookup("registry.example.com"), json);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertEquals(Optional.of(config.toString()), e.inputAtFault());
      assertTrue(e.getMessage().startsWith(config + " is not a JSON object (it holds a"), e.getMessage());
    }
    assertTrue(assertThrows(ReleaseException.class, () -> credentials("[1,2]").lookup("h")).getMessage()
        .contains("(it holds an array), which docker cannot read either: fix the file"));
    assertEquals(Optional.empty(), credentials("").lookup("registry.example.com"));
    assertEquals(Optional.empty(), credentials("null").lookup("registry.example.com"));

    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("/dev/zero"));
    Map<String, String> env = Map.of("DOCKER_CONFIG", config.getParent().toString());
    ReleaseException device = assertThrows(ReleaseException.class,
        () -> DockerConfigCredentials.forEnvironment(config.getParent(), env).lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, device.kind());
    assertEquals(Optional.of(config.toString()), device.inputAtFault());
    assertEquals(config + " is a character device, not a file holding JSON: move it away (mv " + config + " " + config
        + ".bad) or point DOCKER_CONFIG elsewhere", device.getMessage());

    Files.delete(config);
    Files.createDirectories(config);
    // A directory is no config, as go-containerregistry's keychain (crane, ko) takes it (fileExists): podman's file is
    // read instead (docker mounts a directory where a missing file was bind-mounted), else there are no credentials.
    Path authFile = Files.writeString(tmp.resolve("auth.json"), "{\"auths\":{\"registry.example.com\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
    assertEquals("ann", DockerConfigCredentials.forEnvironment(config.getParent(), Map.of("REGISTRY_AUTH_FILE", authFile.toString()))
        .lookup("registry.example.com").orElseThrow().username());
    assertEquals(Optional.empty(), DockerConfigCredentials.forEnvironment(config.getParent(), Map.of()).lookup("registry.example.com"));
  }

  /**
   * Fields of the wrong shape are refused, as docker's json.Unmarshal into its ConfigFile refuses them (auths:
   * map[string]AuthConfig, credHelpers: map[string]string, credsStore: string); they were read as no credentials (a
   * hostile-input audit). Null is none, as for docker.
   */
  @Test
  void fieldsDockerCannotReadEitherAreInvalidInput() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("shapes"));
    Path config = dir.resolve("config.json");
    Map<String, String> cases = Map.of(
        "{\"auths\":[1]}", "auths is not an object (it holds an array)",
        "{\"auths\":\"x\"}", "auths is not an object (it holds a string)",
        "{\"auths\":{\"registry.example.com\":5}}", "auths's entry for registry.example.com is not an object (it holds a number)",
        "{\"credHelpers\":[1]}", "credHelpers is not an object (it holds an array)",
        "{\"credHelpers\":{\"registry.example.com\":{}}}", "credHelpers's entry for registry.example.com is not a string (it holds an object)",
        "{\"credsStore\":5}", "credsStore is not a string (it holds a number)");
    for (var c : cases.entrySet()) {
      Files.writeString(config, c.getKey());
      ReleaseException e = assertThrows(ReleaseException.class, () -> DockerConfigCredentials.forEnvironment(dir, Map.of())
          .lookup("registry.example.com"), c.getKey());
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), c.getKey());
      assertEquals(config + ": " + c.getValue() + ", which docker cannot read either: fix the file or point DOCKER_CONFIG elsewhere",
          e.getMessage());
    }
    Files.writeString(config, "{\"auths\":null,\"credHelpers\":{\"x\":null},\"credsStore\":null}");
    assertEquals(Optional.empty(), DockerConfigCredentials.forEnvironment(dir, Map.of()).lookup("registry.example.com"));
  }

  @Test
  void aDockerConfigVariableNamingADeviceIsInvalidInput() {
    Path device = Path.of("/dev/null");
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> DockerConfigCredentials.forEnvironment(device, Map.of("DOCKER_CONFIG", device.toString())).lookup("registry.example.com"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("DOCKER_CONFIG names /dev/null, a character device, not the directory that holds config.json: export"
        + " DOCKER_CONFIG=DIR", e.getMessage());
  }

  @Test
  void authKeysAreComparedByHost() {
    assertEquals("registry.example.com:5000", DockerConfigCredentials.hostOf("https://registry.example.com:5000/v1/"));
    assertEquals("registry.example.com", DockerConfigCredentials.hostOf("registry.example.com"));
  }
}
