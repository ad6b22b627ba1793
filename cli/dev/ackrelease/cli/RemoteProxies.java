package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.EnvironmentProxies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY ({@link EnvironmentProxies}) for the command lines that may
 * reach a remote. The others (help, version, completion, the commands that only read and write the
 * clone or write CI files, tag without --push) skip it: the JVM's proxy selector set up at start cost every --help
 * its look-up of net.properties, and a lambda there cost the first lambda's set-up.
 */
final class RemoteProxies implements Supplier<Map<String, String>> {

  /** The commands that reach no remote. */
  static final Set<String> LOCAL = Main.aboutCommandsAnd("build-artifacts", "prepare", "config", "ci");

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

  /**
   * Makes {@code cli}'s run of {@code args}, where it may reach a remote, refuse a proxy variable
   * that names no proxy ack-release can use ({@link EnvironmentProxies#unusable}) before the
   * command runs: exit 2, one line, as any bad input, rather than a run that goes around the proxy.
   */
  static void refuseUnusable(CommandLine cli, String[] args) {
    if (!mayReachRemote(args)) {
      return;
    }
    IExecutionStrategy run = cli.getExecutionStrategy();
    cli.setExecutionStrategy(parsed -> {
      Optional<String> why = EnvironmentProxies.unusable(Environment.get());
      if (why.isPresent()) {
        List<CommandLine> commands = parsed.asCommandLineList();
        throw new ParameterException(commands.get(commands.size() - 1), why.get(), ReleaseException.invalidInput(why.get()));
      }
      return run.execute(parsed);
    });
  }

  /** The environment the command reads (the process's, or an in-process run's own). */
  @Override
  public Map<String, String> get() {
    return Environment.get();
  }
}
