package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.CredentialHelper;
import dev.ackrelease.testing.CurrentDirectoryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which {@code docker-credential-<name>} a look-up runs: the one Docker's CLI would, found as Go's
 * {@code exec.LookPath} finds it (docker-credential-helpers' client/command.go runs
 * {@code exec.Command("docker-credential-<name>", ...)}): the first executable regular file on PATH,
 * and none at all when that file is found relative to the current directory (Go's ErrDot).
 */
class CredentialHelperSearchTest {

  private static final String HOST = "registry.example.com";

  @TempDir Path tmp;

  private DockerConfigCredentials credentials(String configJson, String path) throws Exception {
    Files.writeString(Files.createDirectories(tmp.resolve("docker")).resolve("config.json"), configJson);
    return new DockerConfigCredentials(tmp.resolve("docker"), Map.of("PATH", path));
  }

  private static List<String> configs(String name) {
    return List.of("{\"credHelpers\":{\"" + HOST + "\":\"" + name + "\"}}", "{\"credsStore\":\"" + name + "\"}");
  }

  @Test
  void aDirectoryNamedAsTheHelperEarlierOnPathIsPassedOverAndTheHelperAfterItRuns() throws Exception {
    Path dirs = Files.createDirectories(tmp.resolve("dirs/docker-credential-x")).getParent();
    assertTrue(Files.isExecutable(dirs.resolve("docker-credential-x")), "a directory can be 'executed': only its kind tells");
    Path bin = tmp.resolve("bin");
    Path asked = tmp.resolve("asked");
    CredentialHelper.write(bin, "x", HOST, "ann", "ann-secret-1", asked);
    for (String json : configs("x")) {
      RegistryCredentials c = credentials(json, dirs + ":" + bin).lookup(HOST).orElseThrow();
      assertEquals(List.of("ann", "ann-secret-1", "docker-credential-x"), List.of(c.username(), c.password(), c.source()), json);
    }
    // A current directory without the helper is passed over, as Go passes it over.
    assertEquals("ann", credentials(configs("x").get(0), ".:" + bin).lookup(HOST).orElseThrow().username());
    assertEquals(List.of(HOST, HOST, HOST), Files.readAllLines(asked));
  }

  @Test
  void aHelperFoundThroughTheCurrentDirectoryOrARelativeEntryIsRefusedAndNothingRuns() throws Exception {
    Path ran = tmp.resolve("ran");
    Path asked = tmp.resolve("asked");
    Path bin = tmp.resolve("bin");
    try (CurrentDirectoryFile here = CurrentDirectoryFile.script("docker-credential-search-test-", ran)) {
      String name = here.name().substring("docker-credential-".length());
      CredentialHelper.write(bin, name, HOST, "ann", "ann-secret-1", asked);
      Path cwd = Path.of("").toAbsolutePath();
      String relativeBin = cwd.relativize(bin).toString();
      // Go stops at the first file it finds: one found through ".", "" or a relative entry is refused, not looked past.
      for (String path : List.of(".:" + bin, ":" + bin, "./:" + bin, bin + "/..:" + relativeBin + ":" + bin)) {
        for (String json : configs(name)) {
          ReleaseException e = assertThrows(ReleaseException.class, () -> credentials(json, path).lookup(HOST), path + " " + json);
          assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
          assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
      }
      ReleaseException perHost = assertThrows(ReleaseException.class, () -> credentials(configs(name).get(0), ":" + bin).lookup(HOST));
      assertEquals(tmp.resolve("docker/config.json") + " names credential helper '" + name + "' for " + HOST
          + ", but the first docker-credential-" + name + " on PATH is ./" + here.name() + ", relative to the current directory"
          + " (PATH holds '.', an empty or a relative entry), which docker refuses to run: if it is the helper to run,"
          + " export PATH=" + cwd + ":\"$PATH\", else remove that entry from PATH", perHost.getMessage());
      ReleaseException store = assertThrows(ReleaseException.class, () -> credentials(configs(name).get(1), relativeBin).lookup(HOST));
      assertEquals(tmp.resolve("docker/config.json") + " names the credential store '" + name + "', but the first docker-credential-"
          + name + " on PATH is " + relativeBin + "/docker-credential-" + name + ", relative to the current directory"
          + " (PATH holds '.', an empty or a relative entry), which docker refuses to run: if it is the helper to run,"
          + " export PATH=" + bin + ":\"$PATH\", else remove that entry from PATH", store.getMessage());
    }
    assertFalse(Files.exists(ran), "the helper in the current directory ran");
    assertFalse(Files.exists(asked), "the helper after it on PATH ran");
  }
}
