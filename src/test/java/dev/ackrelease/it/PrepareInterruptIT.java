package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while prepare writes its branch, files and commit (held at a point hit every time: a
 * pre-commit hook that waits for the test). The signal waits for those writes, so no lock file
 * (.git/index.lock) and no branch without its commit remain, and the same command run again
 * finishes with the branch and commit an uninterrupted run makes; when the writes fail meanwhile,
 * the line says so and the commands it names undo them, after which the same command finishes.
 */
class PrepareInterruptIT {

  static final String[] PREPARE = {"prepare", "v0.2.0", "--service", "s3", "--image-repository", "127.0.0.1:5000/ack/s3-controller"};

  @TempDir Path tmp;
  Path home;
  /** The release an uninterrupted run makes: its branch, subject and tree. */
  String uninterrupted;

  @BeforeEach
  void uninterruptedRun() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    GitFixture reference = SampleController.create(tmp.resolve("reference"), "s3");
    CliRun run = prepare(reference.dir());
    assertEquals(0, run.exitCode(), run::toString);
    uninterrupted = release(reference);
  }

  @Test
  void aSigtermDuringTheReleaseCommitWaitsForItAndTheSameCommandFinishes() throws Exception {
    GitFixture repo = SampleController.create(tmp.resolve("cut"), "s3");
    Path go = holdInTheCommit(repo);

    CliRun stopped = termWhileHeld(repo, go, "exit 0");

    assertEquals(143, stopped.exitCode(), stopped::toString);
    List<String> errors = stopped.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), stopped::toString);
    assertTrue(errors.get(0).contains("interrupted by SIGTERM during: ")
        && errors.get(0).endsWith("nothing half-written remains: run the same command again to resume"), errors.get(0));
    assertEquals(List.of(), locks(repo), "no lock file left in .git");
    assertEquals("", repo.git("status", "--porcelain"), "nothing half-written");

    CliRun again = prepare(repo.dir());
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(uninterrupted, release(repo));
  }

  @Test
  void aCommitFailingAfterTheSignalIsNamedWithTheCommandsThatUndoIt() throws Exception {
    GitFixture repo = SampleController.create(tmp.resolve("cut"), "s3");
    Path go = holdInTheCommit(repo);

    // Ctrl-C reaches the hook too (the terminal's process group): it fails, the commit is not made.
    CliRun stopped = termWhileHeld(repo, go, "exit 1");

    assertEquals(143, stopped.exitCode(), stopped::toString);
    List<String> errors = stopped.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), stopped::toString);
    String undo = "git -C " + repo.dir() + " checkout -q -f main; git -C " + repo.dir() + " branch -q -D release-v0.2.0";
    assertTrue(errors.get(0).endsWith("; child processes were stopped, but the release commit on branch release-v0.2.0 did not"
        + " finish: undo it, then run the same command again: " + undo), errors.get(0));
    assertEquals(List.of(), locks(repo), "no lock file left in .git");

    repo.git("config", "--unset", "core.hooksPath");
    ProcessResult.run(List.of("sh", "-c", undo), null, 30).assertOk();
    CliRun again = prepare(repo.dir());
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(uninterrupted, release(repo));
  }

  /** A pre-commit hook that says it runs (file held), then waits for the file the test writes, and runs it. */
  private Path holdInTheCommit(GitFixture repo) throws Exception {
    Path hooks = Files.createDirectories(tmp.resolve("hooks"));
    Path held = tmp.resolve("held");
    Path go = tmp.resolve("go");
    Path hook = Files.writeString(hooks.resolve("pre-commit"), "#!/bin/sh\ntouch " + held + "\n"
        + "i=0; while [ ! -f " + go + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n. " + go + "\n");
    assertTrue(hook.toFile().setExecutable(true));
    repo.git("config", "core.hooksPath", hooks.toString());
    return go;
  }

  /** Starts prepare, sends SIGTERM once the hook runs, lets the hook end with {@code script} and returns the run. */
  private CliRun termWhileHeld(GitFixture repo, Path go, String script) throws Exception {
    Jar.Running run = Jar.start(home, Map.of(), withDir(repo.dir()));
    Path held = go.resolveSibling("held");
    for (int i = 0; i < 1200 && !Files.exists(held) && run.process().isAlive(); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(held), "prepare reached its commit: " + run.err().getNow(""));
    ProcessResult.run(List.of("kill", "-TERM", Long.toString(run.process().pid())), null, 10).assertOk();
    // Time for a handler that does not wait to stop the JVM before the commit goes on.
    run.process().waitFor(2, TimeUnit.SECONDS);
    Files.writeString(go, script + "\n");
    return run.await();
  }

  private CliRun prepare(Path dir) {
    return Jar.run(home, Map.of(), withDir(dir));
  }

  private static String[] withDir(Path dir) {
    return Stream.concat(Stream.of(PREPARE), Stream.of("--controller-dir", dir.toString())).toArray(String[]::new);
  }

  /** The checked-out branch, the branches, the release commit's subject and tree, the work tree's changes. */
  private static String release(GitFixture repo) {
    return repo.git("rev-parse", "--abbrev-ref", "HEAD") + repo.git("for-each-ref", "--format=%(refname)", "refs/heads")
        + repo.git("log", "-1", "--format=%s %T") + repo.git("rev-list", "--count", "HEAD")
        + repo.git("status", "--porcelain");
  }

  /** Lock files git or JGit left under .git. */
  private static List<String> locks(GitFixture repo) throws Exception {
    Path git = repo.dir().resolve(".git");
    try (Stream<Path> files = Files.walk(git)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".lock")).map(p -> git.relativize(p).toString()).toList();
    }
  }
}
