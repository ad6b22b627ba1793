package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/ack-release} installed as the archive lays it out ({@code bin/} beside
 * {@code lib/ack-release.jar}), with a stand-in {@code java} on PATH that behaves as the JVM's
 * training run does: it writes its class-data archive as it exits, on SIGTERM too.
 */
class LauncherTest {

  @TempDir Path tmp;

  /** The stand-in java: a training run takes {@code $TRAIN_TENTHS} tenths of a second; any other run exits 0. */
  private static final String FAKE_JAVA = """
      #!/bin/sh
      case "$1" in
        -XX:ArchiveClassesAtExit=*)
          out="${1#*=}"
          trap 'echo archive > "$out"; exit 143' TERM
          : > "$MARK"
          i=0
          while [ "$i" -lt "$TRAIN_TENTHS" ]; do sleep 0.1; i=$((i + 1)); done
          echo archive > "$out" ;;
        *) [ -z "${ARGS:-}" ] || printf '%s\n' "$*" > "$ARGS" ;;
      esac
      exit 0
      """;

  private Process launch(int trainTenths) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/bin"));
    Path lib = Files.createDirectories(tmp.resolve("home/lib"));
    Files.copy(Path.of("scripts/ack-release"), bin.resolve("ack-release"));
    Files.writeString(lib.resolve("ack-release.jar"), "not read by the stand-in java");
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Files.writeString(fakeBin.resolve("java"), FAKE_JAVA);
    assertTrue(fakeBin.resolve("java").toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder(bin.resolve("ack-release").toString(), "--version")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "MARK", tmp.resolve("training").toString(),
        "TRAIN_TENTHS", String.valueOf(trainTenths)));
    pb.environment().remove("ACK_RELEASE_CDS");
    return pb.start();
  }

  private List<String> lib() throws Exception {
    try (Stream<Path> files = Files.list(tmp.resolve("home/lib"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTrainingRunThatFinishesLeavesTheArchiveBesideTheJar() throws Exception {
    Process p = launch(1);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals(List.of("ack-release.jar", "ack-release.jsa", "ack-release.jsa.java"), lib());
    assertEquals(Files.getLastModifiedTime(tmp.resolve("home/lib/ack-release.jar")),
        Files.getLastModifiedTime(tmp.resolve("home/lib/ack-release.jsa")), "the archive carries the jar's time");
  }

  /** The training runs of {@code java} (its JDK's bin directory first on PATH) with the installed launcher, each to its end. */
  private void trainingsWith(Path jdk) throws Exception {
    Files.deleteIfExists(tmp.resolve("training"));
    ProcessBuilder pb = new ProcessBuilder(tmp.resolve("home/bin/ack-release").toString(), "--version")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"), "MARK",
        tmp.resolve("training").toString(), "TRAIN_TENTHS", "1"));
    pb.environment().remove("ACK_RELEASE_CDS");
    pb.environment().remove("JAVA_HOME");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
  }

  /** A JDK whose java is the stand-in that trains, with a release file naming {@code version}. */
  private Path trainingJdk(String version) throws Exception {
    Path jdk = jdk(version);
    Files.writeString(jdk.resolve("bin/java"), FAKE_JAVA);
    return jdk;
  }

  /**
   * The JVM uses the archive only with the jar and the JVM that made it, and otherwise starts
   * without one, silently: another java (a JDK update) or another jar (an older one unpacked in
   * its place) makes it again; the same ones do not.
   */
  @Test
  void anotherJavaOrAnotherJarMakesTheArchiveAgain() throws Exception {
    launch(1).waitFor(30, TimeUnit.SECONDS);
    Path jdk17 = trainingJdk("17.0.15");
    trainingsWith(jdk17);
    assertTrue(Files.exists(tmp.resolve("training")), "the java changed: made again");
    trainingsWith(jdk17);
    assertFalse(Files.exists(tmp.resolve("training")), "the same java and jar: the archive is used");

    Files.writeString(jdk17.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"17.0.16\"\n");
    trainingsWith(jdk17);
    assertTrue(Files.exists(tmp.resolve("training")), "the JDK updated in place: made again");

    Path jar = tmp.resolve("home/lib/ack-release.jar");
    Files.writeString(jar, "another release's jar, from an older commit");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 86_400_000L));
    trainingsWith(jdk17);
    assertTrue(Files.exists(tmp.resolve("training")), "an older jar in its place: made again");
    trainingsWith(jdk17);
    assertFalse(Files.exists(tmp.resolve("training")));
  }

  /**
   * An install whose directory this user cannot write (owned by another user): the archive its owner made for this jar
   * and java is used, and none is made there (a stale one is not used). Before, such an install never used an archive.
   * As root, another user (nobody) runs it, since root writes anywhere.
   */
  @Test
  void aReadOnlyInstallUsesTheArchiveItsOwnerMadeAndMakesNone() throws Exception {
    assertTrue(launch(1).waitFor(30, TimeUnit.SECONDS)); // the owner's first run made the archive
    Path out = Files.createDirectories(tmp.resolve("out"));
    for (Path d : List.of(tmp, tmp.resolve("home"), tmp.resolve("home/bin"), tmp.resolve("fake-bin"), out)) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(d.equals(out) ? "rwxrwxrwx" : "rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(tmp.resolve("fake-bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path lib = tmp.resolve("home/lib");
    Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Files.deleteIfExists(tmp.resolve("training"));
      String args = runAsAnotherUser(out);
      assertTrue(args.contains("-XX:SharedArchiveFile=" + lib.resolve("ack-release.jsa")), args);
      assertFalse(Files.exists(tmp.resolve("training")), "no training run where it cannot write");

      Path jar = lib.resolve("ack-release.jar");
      Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000L));
      args = runAsAnotherUser(out);
      assertFalse(args.contains("SharedArchiveFile"), "an archive of another jar is not used: " + args);
      assertFalse(Files.exists(tmp.resolve("training")));
      assertEquals(List.of("ack-release.jar", "ack-release.jsa", "ack-release.jsa.java"), lib());
    } finally {
      Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The installed launcher's --version run by nobody (when this is root) or this user; the stand-in java's arguments. */
  private String runAsAnotherUser(Path out) throws Exception {
    Path args = out.resolve("args");
    Files.deleteIfExists(args);
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    command.addAll(List.of(tmp.resolve("home/bin/ack-release").toString(), "--version"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(Map.of("PATH", tmp.resolve("fake-bin") + ":" + System.getenv("PATH"), "MARK",
        tmp.resolve("training").toString(), "TRAIN_TENTHS", "1", "ARGS", args.toString()));
    pb.environment().remove("ACK_RELEASE_CDS");
    pb.environment().remove("JAVA_HOME");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
    return Files.readString(args);
  }

  @Test
  void sigtermDuringTheTrainingRunStopsItAndLeavesNoHalfMadeArchive() throws Exception {
    Process p = launch(30);
    for (int i = 0; i < 100 && !Files.exists(tmp.resolve("training")); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(tmp.resolve("training")), "the training run started");
    p.destroy(); // SIGTERM, to the launcher only (as a CI runner that cancels a job's shell)
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue());
    Thread.sleep(4000); // longer than the training run would have gone on without the launcher
    assertEquals(List.of("ack-release.jar"), lib(), "no ack-release.jsa.<pid>.tmp of 30 MB left behind");
  }

  /** A JDK's shape: bin/java (which says which it is and exits 0) and the release file naming {@code version}. */
  private Path jdk(String version) throws Exception {
    Path jdk = Files.createDirectories(tmp.resolve("jdk-" + version).resolve("bin")).getParent();
    Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"java " + version + " ran\"\n");
    Files.setPosixFilePermissions(jdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    return jdk;
  }

  /** The installed launcher, run with exactly PATH (readlink, and {@code javaDir} when given) and JAVA_HOME (when given). */
  private ProcessResult run(Path javaDir, Path javaHome) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/bin"));
    Files.createDirectories(tmp.resolve("home/lib"));
    Files.copy(Path.of("scripts/ack-release"), bin.resolve("ack-release"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(tmp.resolve("home/lib/ack-release.jar"), "not read by the stand-in java");
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    if (!Files.exists(tools.resolve("readlink"))) {
      Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
    }
    Map<String, String> env = new HashMap<>(Map.of("PATH", (javaDir == null ? "" : javaDir + ":") + tools,
        "HOME", tmp.toString(), "ACK_RELEASE_CDS", "off"));
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome.toString());
    }
    return ProcessResult.runIsolated(List.of("/bin/bash", bin.resolve("ack-release").toString(), "--version"), null, env, 60);
  }

  /** No java on PATH, or one older than 17: JAVA_HOME's runs the jar, as Maven's and Gradle's launchers take it. */
  @Test
  void javaHomesJavaRunsWhenPathHasNoneOrAnOldOne() throws Exception {
    Path jdk17 = jdk("17.0.9");
    ProcessResult none = run(null, jdk17);
    assertEquals(0, none.exitCode(), none.stderr());
    assertEquals("java 17.0.9 ran\n", none.stdout());

    ProcessResult old = run(jdk("11.0.22").resolve("bin"), jdk17);
    assertEquals(0, old.exitCode(), old.stderr());
    assertEquals("java 17.0.9 ran\n", old.stdout());

    ProcessResult path = run(jdk("21.0.2").resolve("bin"), jdk17);
    assertEquals("java 21.0.2 ran\n", path.stdout(), "the java on PATH first, when it is 17 or newer");
    ProcessResult unknown = run(jdk("x").resolve("bin"), null);
    assertEquals("java x ran\n", unknown.stdout(), "a version that is not a number is not refused: " + unknown.stderr());
  }

  /** Neither on PATH nor in JAVA_HOME a java 17 or newer: one line, exit 3, naming the one found and the fix. */
  @Test
  void noJava17OnPathOrInJavaHomeIsOneLineNamingIt() throws Exception {
    Path old = jdk("11.0.22");
    ProcessResult r = run(null, old);
    assertEquals(3, r.exitCode(), r.stderr());
    assertEquals("error: JAVA_HOME's java (" + old.resolve("bin/java") + ") is Java 11.0.22: ack-release runs on Java 17 or newer;"
        + " install it (apt-get install -y openjdk-17-jre-headless) and put its bin directory first on PATH\n", r.stderr());

    ProcessResult missing = run(null, tmp.resolve("no-such-jdk"));
    assertEquals(3, missing.exitCode(), missing.stderr());
    assertEquals("error: java is not on PATH (nor in JAVA_HOME, " + tmp.resolve("no-such-jdk") + "): ack-release runs on Java 17"
        + " or newer; install it (apt-get install -y openjdk-17-jre-headless) or put its bin directory on PATH\n", missing.stderr());
  }
}
