package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.cli.Cli;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Held;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while {@code tag} writes its tag ref, held at a point hit every time: the reflog git
 * writes under the ref's lock is a FIFO the test opens when it chooses. The signal waits for the
 * write, so no {@code refs/tags/vX.Y.Z.lock} is left (it would refuse every re-run), the tag is
 * whole, and the same command run again finds it done.
 */
class TagInterruptIT {

  @TempDir Path tmp;

  @Test
  void aSigtermWhileTheTagRefIsWrittenWaitsForItAndLeavesNoLock() throws Exception {
    GitFixture repo = SampleController.create(tmp.resolve("cut"), "s3");
    CliRun prepare = Cli.run("prepare", "v0.1.0", "--service", "s3", "--controller-dir", repo.dir().toString(),
        "--image-repository", "127.0.0.1:5000/ack/s3-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-v0.1.0");
    // JGit logs every ref update, tags too, and writes the log while it holds the ref's lock.
    repo.git("config", "core.logAllRefUpdates", "always");
    Path git = repo.dir().resolve(".git");
    Path reflog = Files.createDirectories(git.resolve("logs/refs/tags")).resolve("v0.1.0");
    ProcessResult.run(List.of("mkfifo", reflog.toString()), null, 10).assertOk();
    Path home = Files.createDirectories(tmp.resolve("home"));

    Jar.Running run = Jar.start(home, Map.of(), "tag", "v0.1.0", "--controller-dir", repo.dir().toString());
    Held.termWhen(run, git.resolve("refs/tags/v0.1.0.lock"));
    // The reader that lets the write go on (a halted JVM has no writer: then it gives up).
    ProcessResult.run(List.of("sh", "-c", "timeout 10 cat " + reflog + " >/dev/null"), null, 30);
    CliRun stopped = run.await();

    assertEquals(143, stopped.exitCode(), stopped::toString);
    List<String> errors = stopped.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), stopped::toString);
    assertTrue(errors.get(0).contains("interrupted by SIGTERM during: ")
        && errors.get(0).endsWith("nothing half-written remains: run the same command again to resume"), errors.get(0));
    assertEquals(List.of(), Held.locks(git), "no lock file left in .git");
    assertEquals("tag", repo.git("cat-file", "-t", "v0.1.0"), "the annotated tag is whole");
    assertEquals(repo.head(), repo.git("rev-parse", "v0.1.0^{commit}"));

    Files.delete(reflog);
    CliRun again = Jar.run(home, Map.of(), "tag", "v0.1.0", "--controller-dir", repo.dir().toString());
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().contains("v0.1.0 is already tagged at "), again::toString);
  }
}
