package dev.ackrelease.steps.image;

import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCredentials;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registry access for the test registries, a base image in them, and skopeo against them. */
final class TestRegistries {

  static final String BASE_FILE = BaseImages.BASE_FILE;

  private TestRegistries() {}

  /** Plain HTTP, named insecure, under namespace {@code ack}. */
  static RegistryAccess plainAccess(RegistryServer server) {
    return server.plainAccess();
  }

  static RegistryAccess tlsAccess(RegistryServer server, String password) {
    return new RegistryAccess(Registry.parse(server.address() + "/ack"),
        Optional.of(new RegistryCredentials(server.username().orElseThrow(), password, "test")), false, server.caFile());
  }

  /**
   * Pushes a two-platform base image (a Docker manifest list, as Jib makes one, with a small
   * file) to {@code <server>/ack/sample-base:1} and returns its reference.
   */
  static String pushBaseImage(RegistryServer server, Path dir) throws Exception {
    return BaseImages.push(server, dir, "ack/sample-base", "1", "sample base 1\n");
  }

  /** skopeo against a test registry: plain HTTP without TLS checks, TLS with its CA and credentials. */
  static ProcessResult skopeo(RegistryServer server, Path work, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    List<String> rest = new ArrayList<>(List.of(args));
    int at = rest.indexOf("--");
    List<String> global = at < 0 ? List.of() : rest.subList(0, at);
    List<String> command = at < 0 ? rest : rest.subList(at + 1, rest.size());
    cmd.addAll(global);
    cmd.add(command.get(0));
    String sub = command.get(0);
    String prefix = sub.equals("copy") ? "--src-" : "--";
    if (server.tls()) {
      Path certs = Files.createDirectories(work.resolve("skopeo-certs"));
      Files.copy(server.caFile().orElseThrow(), certs.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
      cmd.add(prefix + "cert-dir=" + certs);
      cmd.add(prefix + "creds=" + server.username().orElseThrow() + ":" + server.password().orElseThrow());
    } else {
      cmd.add(prefix + "tls-verify=false");
    }
    cmd.addAll(command.subList(1, command.size()));
    return ProcessResult.run(cmd, work.toFile(), 120).assertOk();
  }
}
