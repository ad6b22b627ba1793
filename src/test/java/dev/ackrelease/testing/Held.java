package dev.ackrelease.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run held at a point it reaches every time (a hook that waits for the test, a FIFO git writes
 * to), and SIGTERM sent while it is held: the interrupt ITs' tools.
 */
public final class Held {

  private Held() {}

  /**
   * A hook {@code name} in {@code hooks} that says it runs (touches {@code held}), then waits for
   * {@code go} and runs it as a script ({@code exit 0}, {@code exit 1}).
   */
  public static void hook(Path hooks, String name, Path held, Path go) throws Exception {
    Files.createDirectories(hooks);
    Path hook = Files.writeString(hooks.resolve(name), "#!/bin/sh\ntouch " + held + "\n"
        + "i=0; while [ ! -f " + go + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n. " + go + "\n");
    assertTrue(hook.toFile().setExecutable(true));
  }

  /** Waits until {@code held} exists, then SIGTERM, then gives a handler that does not wait the time to halt the JVM. */
  public static void termWhen(Jar.Running run, Path held) throws Exception {
    for (int i = 0; i < 1200 && !Files.exists(held) && run.process().isAlive(); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(held), "the run reached the hold: " + run.err().getNow(""));
    ProcessResult.run(List.of("kill", "-TERM", Long.toString(run.process().pid())), null, 10).assertOk();
    run.process().waitFor(2, TimeUnit.SECONDS);
  }

  /** Lock files git or JGit left under {@code gitDir}. */
  public static List<String> locks(Path gitDir) throws Exception {
    try (Stream<Path> files = Files.walk(gitDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".lock")).map(p -> gitDir.relativize(p).toString()).toList();
    }
  }
}
