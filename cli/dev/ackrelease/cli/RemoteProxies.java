package dev.ackrelease.cli;

import dev.ackrelease.steps.io.EnvironmentProxies;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY ({@link EnvironmentProxies}) for the command lines that may
 * reach a remote. The others (help, version, completion, the commands that only read and write the
 * clone, tag without --push) skip it: the JVM's proxy selector set up at start cost every --help
 * its look-up of net.properties, and a lambda there cost the first lambda's set-up.
 */
final class RemoteProxies implements Supplier<Map<String, String>> {

  /** The commands that reach no remote. */
  static final Set<String> LOCAL = Main.aboutCommandsAnd("build-artifacts", "prepare", "config");

  private RemoteProxies() {}

  /** Whether {@code args} may reach a remote: plain loops, as the other checks made before parsing. */
  static boolean mayReachRemote(String[] args) {
    return PreParse.runs(args, LOCAL) && !PreParse.asksHelp(args) && (!args[0].equals("tag") || PreParse.has(args, "--push"));
  }

  static void installFor(String[] args) {
    if (mayReachRemote(args)) {
      EnvironmentProxies.install(new RemoteProxies());
    }
  }

  /** The environment the command reads (the process's, or an in-process run's own). */
  @Override
  public Map<String, String> get() {
    return Environment.get();
  }
}
