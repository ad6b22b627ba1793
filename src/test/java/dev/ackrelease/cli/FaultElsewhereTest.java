package dev.ackrelease.cli;

import static dev.ackrelease.cli.SettingsTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.fleet.Fleet;
import dev.ackrelease.steps.publish.PublishSummary;
import dev.ackrelease.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error whose input at fault is another file or variable (Docker's config.json, a credential
 * helper) is not led by a setting whose value it merely shows (found by a hostile-input audit:
 * "../.ack-release.yaml:2: insecure-registry: the auth of 127.0.0.1:23239 in .../config.json is not
 * base64", which sent the user to a setting that was right). The setting that gave the file at
 * fault (--public-key's path) still leads it.
 */
class FaultElsewhereTest {

  private static final String HOST = "127.0.0.1:1";

  @TempDir Path tmp;
  private Path dir;
  private Path settings;
  private Path docker;
  private String[] verify;

  @BeforeEach
  void controller() throws IOException {
    dir = Files.createDirectories(tmp.resolve("ws/s3-controller"));
    settings = dir.resolve(".ack-release.yaml");
    docker = Files.createDirectories(tmp.resolve("docker"));
    verify = new String[] {"verify", "--service", "s3", "v1.0.0", "--controller-dir", dir.toString(), "--registry",
        HOST + "/ack", "--no-source-check"};
  }

  @Test
  void aBadDockerConfigEntryIsTheConfigsFaultNotTheInsecureRegistrySettings() throws IOException {
    Path config = docker.resolve("config.json");
    Files.writeString(settings, "# settings\ninsecure-registry: " + HOST + "\n");
    Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString());

    Files.writeString(config, "{\"auths\":{\"" + HOST + "\":{\"auth\":\"!!!\"}}}");
    String base64 = "error: the auth of " + HOST + " in " + config + " is not base64";
    expect(2, base64, Cli.runWith(env, verify));
    Files.delete(settings);
    expect(2, base64, Cli.runWith(Map.of("DOCKER_CONFIG", docker.toString(), "ACK_RELEASE_INSECURE_REGISTRY", HOST), verify));

    Files.writeString(settings, "insecure-registry: " + HOST + "\n");
    String noColon = Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + noColon + "\"}}}");
    expect(2, "error: the auth of " + HOST + " in " + config + " is not user:password", Cli.runWith(env, verify));

    Files.writeString(config, "{\"credHelpers\":{\"" + HOST + "\":\"nonexistent\"}}");
    expect(2, "error: " + config + " names credential helper 'nonexistent' for " + HOST + " but docker-credential-nonexistent"
        + " is not on PATH", Cli.runWith(env, verify));
  }

  /**
   * Over several services too: the run's failure carries the input at fault a service's error names, so its line is
   * led by no setting that error merely shows (a review found the fleet's line led by ACK_RELEASE_INSECURE_REGISTRY).
   */
  @Test
  void aFleetsFailureCarriesTheInputAtFaultOfItsServicesError() {
    Path config = docker.resolve("config.json");
    ReleaseException bad = ReleaseException.invalidIn(config.toString(), "the auth of " + HOST + " in " + config + " is not base64");
    List<Fleet.Outcome<PublishSummary>> outcomes = List.of(
        new Fleet.Outcome<>(new Fleet.Target("s3", dir), Optional.empty(), Optional.of(bad), false),
        new Fleet.Outcome<>(new Fleet.Target("sns", dir), Optional.empty(), Optional.empty(), false));

    ReleaseException failure = FleetOutput.failure(outcomes, Map.of()).orElseThrow();

    assertEquals(Optional.of(config.toString()), failure.inputAtFault());
    assertEquals(Optional.empty(), FleetOutput.failure(List.of(outcomes.get(1)), Map.of()).map(ReleaseException::inputAtFault)
        .flatMap(f -> f));
    // A failure that wraps one with the same message (plan's predicted refusal) still says what its cause says.
    assertEquals(Optional.of(config.toString()), new FleetOutput.Failure(bad.kind(), bad.getMessage(), bad, Map.of()).inputAtFault());
  }

  /** A config.json docker would not read either is exit 2 in one line naming it, not a run that goes anonymous; a directory is none. */
  @Test
  void aDockerConfigThatIsNoObjectOrNoFileIsTheConfigsFault() throws IOException {
    Path config = docker.resolve("config.json");
    Files.writeString(settings, "insecure-registry: " + HOST + "\n");
    Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString());

    Files.writeString(config, "[1,2]");
    expect(2, "error: " + config + " is not a JSON object (it holds an array)", Cli.runWith(env, verify));

    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("/dev/zero"));
    expect(2, "error: " + config + " is a character device, not a file holding JSON: move it away", Cli.runWith(env, verify));

    // A directory is no config, as go-containerregistry's keychain takes it: the run goes on without credentials (here
    // to the registry that is not there, exit 4).
    Files.delete(config);
    Files.createDirectories(config);
    CliRun directory = Cli.runWith(env, verify);
    assertEquals(4, directory.exitCode(), directory::toString);
  }

  @Test
  void aKeyFileWithABadContentIsStillLedByTheSettingThatNamedIt() throws IOException {
    Path key = Files.writeString(dir.resolve("release.pub"), "not a key\n");
    Files.writeString(settings, "insecure-registry: " + HOST + "\npublic-key: release.pub\n");
    expect(2, "error: " + settings + ":2: public-key: " + key + " holds no PEM public key", Cli.runWith(Map.of(), verify));
  }
}
