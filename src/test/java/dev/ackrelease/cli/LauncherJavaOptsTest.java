package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ACK_RELEASE_JAVA_OPTS} through the installed launcher ({@code bin/} beside {@code lib/ack-release.jar}, as the
 * release archive and the image lay it out), with this JVM's java behind a stand-in that records each start and answers
 * for ack-release's main class: options the JVM refuses are bad input (one line, exit 2, nothing made), and good ones
 * cost a JVM start once, not on every run.
 */
class LauncherJavaOptsTest {

  @TempDir Path tmp;

  /**
   * The stand-in: each start's arguments on a line of $STARTS. The run of ack-release is the JVM started with the run's
   * options (up to -cp) and -version, saying "ran" when it started; anything else is java's.
   */
  private static String standIn(Path java) {
    return "#!/bin/sh\n"
        + "printf '%s\\n' \"$*\" >> \"$STARTS\"\n"
        + "case \" $* \" in *' dev.ackrelease.cli.Main '*) ;; *) exec '" + java + "' \"$@\" ;; esac\n"
        + "cut=\n"
        + "for a do shift; [ \"$a\" = -cp ] && cut=1; [ -n \"$cut\" ] || set -- \"$@\" \"$a\"; done\n"
        + "'" + java + "' \"$@\" -version 2> \"$STARTS.jvm\" || { cat \"$STARTS.jvm\" >&2; exit 1; }\n"
        + "echo ran\n";
  }

  /** The installed launcher's --version with {@code env} (PATH to the stand-in; the class-data archive on, as by default). */
  private ProcessResult run(Map<String, String> env, String... shell) throws Exception {
    return run(false, env, shell);
  }

  /**
   * As {@link #run(Map, String...)}, by another user where {@code asAnother} and this is root (nobody: root writes
   * anywhere, a directory of mode 555 too, and {@code [ -w ]} says so), else by this user.
   */
  private ProcessResult run(boolean asAnother, Map<String, String> env, String... shell) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/bin"));
    Path lib = Files.createDirectories(tmp.resolve("home/lib"));
    Files.copy(Path.of("scripts/ack-release"), bin.resolve("ack-release"), StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(lib.resolve("ack-release.jar"))) {
      Files.writeString(lib.resolve("ack-release.jar"), "not read: the stand-in answers for ack-release");
    }
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Files.writeString(fakeBin.resolve("java"), standIn(Path.of(System.getProperty("java.home"), "bin", "java")));
    assertTrue(fakeBin.resolve("java").toFile().setExecutable(true));
    Path out = Files.createDirectories(tmp.resolve("out")); // the stand-in's record, which the other user writes too
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    Map<String, String> all = new HashMap<>(Map.of("PATH", fakeBin + ":/usr/bin:/bin", "HOME", tmp.toString(),
        "STARTS", out.resolve("starts").toString()));
    all.putAll(env);
    List<String> command = new ArrayList<>();
    if (asAnother && root()) {
      command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    command.addAll(shell.length > 0 ? List.of("/bin/bash", "-c", shell[0] + "; exec " + bin.resolve("ack-release") + " --version")
        : List.of(bin.resolve("ack-release").toString(), "--version"));
    return ProcessResult.runIsolated(command, null, all, 60);
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The JVM starts since the last call, each by its arguments. */
  private List<String> starts() throws Exception {
    Path starts = tmp.resolve("out/starts");
    List<String> lines = Files.exists(starts) ? Files.readAllLines(starts) : List.of();
    Files.deleteIfExists(starts);
    return lines;
  }

  private List<String> lib() throws Exception {
    return names(tmp.resolve("home/lib"));
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anOptionTheJvmRefusesIsOneLineNamingItExit2AndNothingIsMade() throws Exception {
    for (String opts : List.of("-Xfoo", "-Xmx1q", "-Dsome.property=1 -XX:+NoSuchOption")) {
      ProcessResult r = run(Map.of("ACK_RELEASE_JAVA_OPTS", opts));
      String bad = opts.substring(opts.lastIndexOf(' ') + 1);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals("", r.stdout());
      assertEquals(1, r.stderr().lines().count(), r.stderr());
      assertTrue(r.stderr().startsWith("error: ACK_RELEASE_JAVA_OPTS: the JVM refuses its option " + bad + " ("), r.stderr());
      assertTrue(r.stderr().endsWith("): correct or remove it, or run without them: unset ACK_RELEASE_JAVA_OPTS\n"), r.stderr());
      assertEquals(1, starts().size(), "the options tried, no training run and no run");
      assertEquals(List.of("ack-release.jar"), lib(), "no class-data archive, no record of the options");
    }
    ProcessResult both = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xms64m -XX:+UseG1GC"));
    assertEquals(2, both.exitCode(), both.toString());
    assertTrue(both.stderr().startsWith("error: ACK_RELEASE_JAVA_OPTS: the JVM cannot start with its options ("), both.stderr());
  }

  @Test
  void theFixItGivesWorksWhenPasted() throws Exception {
    ProcessResult refused = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xfoo", "ACK_RELEASE_CDS", "off"));
    String fix = refused.stderr().strip().substring(refused.stderr().strip().lastIndexOf(": ") + 2);
    ProcessResult fixed = run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xfoo", "ACK_RELEASE_CDS", "off"), fix);
    assertEquals(0, fixed.exitCode(), fix + ": " + fixed);
    assertEquals("ran\n", fixed.stdout());
  }

  /** Good options are tried once with this java; the run after starts one JVM only, as a run without any does. */
  @Test
  void goodOptionsCostOneTryNotAJvmOnEveryRun() throws Exception {
    Map<String, String> env = Map.of("ACK_RELEASE_JAVA_OPTS", " -Xmx64m  -Dack.x=1 ", "ACK_RELEASE_CDS", "off");
    ProcessResult first = run(env);
    assertEquals(0, first.exitCode(), first.toString());
    assertEquals("ran\n", first.stdout());
    List<String> tried = starts();
    assertEquals(2, tried.size(), tried::toString);
    assertTrue(tried.get(0).endsWith("-Xmx64m -Dack.x=1 -version"), tried::toString);
    assertTrue(tried.get(1).contains("-Xmx64m -Dack.x=1 -cp "), "the run has them: " + tried);

    assertEquals("ran\n", run(env).stdout());
    assertEquals(1, starts().size(), "the same options: the run alone");
    assertEquals("ran\n", run(Map.of("ACK_RELEASE_CDS", "off")).stdout());
    assertEquals(1, starts().size(), "no options: the run alone");
    assertEquals("ran\n", run(Map.of("ACK_RELEASE_JAVA_OPTS", "-Xmx96m", "ACK_RELEASE_CDS", "off")).stdout());
    assertEquals(2, starts().size(), "other options are tried");
  }

  /**
   * An install whose lib/ this user cannot write (owned by another user, or a read-only image): an option the JVM refuses
   * is still one line and exit 2, where before nothing was tried there and the JVM's own lines were exit 1; good options
   * are tried once and recorded in this user's cache (made 0700), not beside the jar.
   */
  @Test
  void aReadOnlyInstallTriesOptionsOnceAndRecordsThemInTheUsersCache() throws Exception {
    Path home = readOnlyInstall().resolve("user");
    Map<String, String> bad = Map.of("ACK_RELEASE_JAVA_OPTS", "-Xfoo", "HOME", home.toString());
    try {
      ProcessResult r = run(true, bad);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals(1, r.stderr().lines().count(), r.stderr());
      assertTrue(r.stderr().startsWith("error: ACK_RELEASE_JAVA_OPTS: the JVM refuses its option -Xfoo ("), r.stderr());
      assertEquals(1, starts().size(), "the options tried, no run");
      assertFalse(Files.exists(home), "bad input has no side effect");

      Map<String, String> good = Map.of("ACK_RELEASE_JAVA_OPTS", "-Xmx64m", "HOME", home.toString());
      ProcessResult first = run(true, good);
      assertEquals("ran\n", first.stdout(), first.toString());
      assertEquals(2, starts().size(), "tried, then the run");
      Path cache = home.resolve(".cache/ack-release");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
      assertTrue(Files.readString(cache.resolve("java-opts")).startsWith(tmp.resolve("home/lib/ack-release.jar") + "\n"));
      assertEquals("ran\n", run(true, good).stdout());
      assertEquals(1, starts().size(), "the same options: the run alone");
      assertEquals(List.of("ack-release.jar"), lib(), "nothing beside the jar");
      assertEquals(List.of("java-opts"), names(cache), "no temp file left");
    } finally {
      Files.setPosixFilePermissions(tmp.resolve("home/lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /**
   * Where the user has no cache of their own (an unwritable HOME, here the install's lib/; an empty HOME; a relative
   * XDG_CACHE_HOME; a cache directory that is a symlink, or one others can write, where another user could plant a
   * symlink), nothing is written and each run tries its options: a refused one is still exit 2.
   */
  @Test
  void withoutACacheOfItsOwnAReadOnlyInstallTriesItsOptionsOnEveryRun() throws Exception {
    Path out = readOnlyInstall();
    Path theirs = ownedByTheUser(Files.createDirectories(out.resolve("theirs")), "rwx------");
    Files.createDirectories(out.resolve("linked"));
    Files.createSymbolicLink(out.resolve("linked/ack-release"), theirs);
    ownedByTheUser(Files.createDirectories(out.resolve("open/ack-release")), "rwxrwxrwx");
    try {
      for (Map<String, String> where : List.of(Map.of("HOME", tmp.resolve("home/lib").toString()), Map.of("HOME", ""),
          Map.of("XDG_CACHE_HOME", "relative"), Map.of("XDG_CACHE_HOME", out.resolve("linked").toString()),
          Map.of("XDG_CACHE_HOME", out.resolve("open").toString()))) {
        Map<String, String> env = new HashMap<>(where);
        env.put("ACK_RELEASE_JAVA_OPTS", "-Xmx64m");
        for (int i = 0; i < 2; i++) {
          ProcessResult ran = run(true, env);
          assertEquals("ran\n", ran.stdout(), where + ": " + ran);
          assertEquals(2, starts().size(), "tried on every run: " + where);
        }
        env.put("ACK_RELEASE_JAVA_OPTS", "-Xfoo");
        ProcessResult r = run(true, env);
        assertEquals(2, r.exitCode(), where + ": " + r);
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        starts();
      }
      assertEquals(List.of(), names(theirs), "nothing written through the symlink");
      assertEquals(List.of(), names(out.resolve("open/ack-release")), "nothing written where others can write");
      assertEquals(List.of("ack-release.jar"), lib(), "nothing in the unwritable HOME (the install's lib/)");
    } finally {
      Files.setPosixFilePermissions(tmp.resolve("home/lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The install laid out, its lib/ read-only and the rest readable by the other user; a directory they can write. */
  private Path readOnlyInstall() throws Exception {
    run(Map.of("ACK_RELEASE_CDS", "off")); // lays it out
    starts();
    Files.delete(tmp.resolve("out/starts.jvm")); // the stand-in's, this user's: the other user's run writes its own
    for (Path d : List.of(tmp, tmp.resolve("home"), tmp.resolve("home/bin"), tmp.resolve("fake-bin"),
        tmp.resolve("fake-bin/java"))) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(tmp.resolve("home/lib"), PosixFilePermissions.fromString("r-xr-xr-x"));
    return tmp.resolve("out");
  }

  /** {@code dir}, owned by the user the launcher runs as (nobody, when this is root), with {@code mode}. */
  private static Path ownedByTheUser(Path dir, String mode) throws Exception {
    if (root()) {
      Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    }
    return Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
  }
}
