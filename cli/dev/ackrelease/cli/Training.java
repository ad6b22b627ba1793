package dev.ackrelease.cli;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.image.BuildInfo;
import dev.ackrelease.steps.image.ImageBuilder;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.io.GitConfigPreload;
import dev.ackrelease.steps.io.GitEnvironment;
import dev.ackrelease.steps.io.UserHome;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.SystemReader;

/**
 * The training run for the launcher's class-data-sharing archive ({@code scripts/ack-release}
 * makes {@code target/ack-release.jsa} with {@code -XX:ArchiveClassesAtExit} on this): the
 * commands users run most, in one JVM, so their classes (picocli, JGit, Jackson YAML, the
 * steps) load from the archive afterwards. Everything happens in a temp dir that is removed;
 * nothing reaches the network (the dry-run publish targets 127.0.0.1:9, where nothing listens;
 * plan, a no-op publish and verify talk to a {@link TrainingRegistry} on loopback, which records
 * what plan showed, as {@link TrainingPlan} reads it). No Go build;
 * one Jib build of a tiny image on scratch into the temp dir ({@link #imageBuild}).
 */
public final class Training {

  private static final PersonIdent TRAINER = new PersonIdent("ack-release training", "training@example.com");

  private Training() {}

  public static void main(String[] args) throws Exception {
    train(System.err);
  }

  /**
   * The training run. Quiet when every part of it was trained; a part that could not be (plan did
   * not show what the no-op publish needs) is one line on {@code err}, and the run goes on.
   */
  static void train(PrintStream err) throws Exception {
    Path dir = Files.createTempDirectory("ack-release-training");
    String userHome = System.getProperty("user.home");
    SystemReader outer = SystemReader.getInstance();
    try {
      Path repo = dir.resolve("s3-controller");
      Files.createDirectories(repo);
      Files.writeString(repo.resolve("go.mod"), "module github.com/aws-controllers-k8s/s3-controller\n\ngo 1.19\n");
      // A controller's main and version package, so plan and publish get as far as the registry.
      Files.createDirectories(repo.resolve("pkg/version"));
      Files.writeString(repo.resolve("pkg/version/version.go"),
          "package version\n\nvar (\n\tGitVersion string\n\tGitCommit  string\n\tBuildDate  string\n)\n");
      Files.createDirectories(repo.resolve("cmd/controller"));
      Files.writeString(repo.resolve("cmd/controller/main.go"), "package main\n\nimport \"github.com/aws-controllers-k8s/"
          + "s3-controller/pkg/version\"\n\nfunc main() { println(version.GitVersion) }\n");
      // The workspace root's settings, so reading .ack-release.yaml is trained too (the default user, said again).
      Files.writeString(dir.resolve(".ack-release.yaml"), "image-user: \"1000\"\n");
      // One try per request: the dry runs below meet a closed port, and training must stay quick.
      Map<String, String> env = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
          "GIT_CONFIG_NOSYSTEM", "1", "HOME", dir.toString(), "ACK_RELEASE_RETRY_ATTEMPTS", "1");
      // What Main.main does before a command whose libraries log, and before one that opens a
      // clone (Main.run, which the runs below call, does neither): so --help, which skips both,
      // still finds UserHome, LibraryLogging, ClonePreload and RemoteProxies in the archive, and tag the
      // preload's classes; and the signal handlers every command installs (JDK's sun.misc.Signal
      // and their lambdas). The home is the training's own, as HOME says.
      UserHome.alignJvm(env);
      // JGit reads git's variables (GIT_DIR, GIT_INDEX_FILE...) from the training's environment,
      // not the user's: a GIT_DIR set where ack-release first ran would get the training's commits.
      SystemReader.setInstance(new GitEnvironment.Variables(env));
      LibraryLogging.silenceFor(new String[] {"publish"});
      ClonePreload.startFor(new String[] {"tag"});
      RemoteProxies.installFor(new String[] {"publish"});
      Interrupts.install(err);
      run(env, "--help");
      run(env, "publish", "--help");
      // The image repository publish is trained with below: its checks pass and it asks the registry.
      String images = "127.0.0.1:9/ack/s3-controller";
      run(env, "build-artifacts", "v0.1.0", "--service", "s3", "--controller-dir", repo.toString(), "--dry-run",
          "--image-repository", images);
      run(env, "build-artifacts", "v0.1.0", "--service", "s3", "--controller-dir", repo.toString(),
          "--image-repository", images);
      // A real repository, so tag and publish load what they use on one (JGit's reading and writing),
      // made once the preload's read is over, as an open waits for it.
      GitConfigPreload.await();
      try (Git git = Git.init().setDirectory(repo.toFile())
          .setInitialBranch("main").call()) {
        // The tags' identity, the clone's own: the training's home (HOME) has no git configuration.
        StoredConfig config = git.getRepository().getConfig();
        config.setString("user", null, "name", TRAINER.getName());
        config.setString("user", null, "email", TRAINER.getEmailAddress());
        config.save();
        commitAll(git, "Release artifacts for release v0.1.0");
      }
      run(env, "tag", "v0.1.0", "--dry-run", "--controller-dir", repo.toString());
      run(env, "tag", "v0.1.0", "--controller-dir", repo.toString());
      run(env, "publish", "--dry-run", "--controller-dir", repo.toString(), "--registry", "127.0.0.1:9/ack",
          "--insecure-registry", "127.0.0.1:9", "--base-image", "scratch", "--cache-dir", dir.resolve("cache").toString());
      // A re-run that finds everything published, with its read-back, against a stand-in registry on
      // loopback (plain HTTP, named insecure, so its probe is trained too). plan learns each
      // artifact's build inputs; the stand-in then records them, so publish decides "unchanged",
      // builds nothing and reads back (an empty index: the read-back fails, as training may).
      try (TrainingRegistry stub = new TrainingRegistry()) {
        // The next release names the stand-in's image repository, so plan's checks pass and it decides.
        run(env, "build-artifacts", "v0.1.1", "--service", "s3", "--controller-dir", repo.toString(),
            "--image-repository", stub.address() + "/ack/s3-controller");
        try (Git git = Git.open(repo.toFile())) {
          commitAll(git, "Release artifacts for release v0.1.1");
        }
        run(env, "tag", "v0.1.1", "--controller-dir", repo.toString());
        String[] target = {"--controller-dir", repo.toString(), "--registry", stub.address() + "/ack",
            "--insecure-registry", stub.address(), "--base-image", "scratch"};
        StringWriter plan = new StringWriter();
        Main.run(concat(new String[] {"plan", "--output", "json"}, target), new PrintWriter(plan),
            new PrintWriter(new StringWriter()), env);
        Map<String, String> planned = Map.of();
        try {
          planned = TrainingPlan.inputsToRecord(plan.toString());
        } catch (IllegalStateException e) {
          err.println("ack-release training: " + e.getMessage() + ": the no-op publish was not trained");
        }
        // Only when both are recorded: publish must never build (Go, Jib) in training.
        if (!planned.isEmpty()) {
          planned.forEach(stub::record);
          run(env, concat(new String[] {"publish", "--cache-dir", dir.resolve("cache").toString()}, target));
        }
        run(env, "verify", "v0.1.1", "--service", "s3", "--registry", stub.address() + "/ack",
            "--insecure-registry", stub.address());
        streamedUpload(stub);
        tlsClientHello(stub.address());
      }
      imageBuild(dir, err);
    } finally {
      System.setProperty("user.home", userHome); // a test that trains in its own JVM keeps its home
      SystemReader.setInstance(outer);
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // a temp dir left behind is harmless
      }
    }
  }

  /**
   * A layer's streamed upload (a cold publish streams each layer while it is compressed), which no
   * training publish reaches: the stand-in refuses its PATCH, so nothing is sent but the request.
   */
  private static void streamedUpload(TrainingRegistry stub) {
    RegistryAccess access = new RegistryAccess(Registry.parse(stub.address() + "/ack"), Optional.empty(), true, Optional.empty());
    RegistrySession session = new RegistrySession(access, Log.NONE, new Retry.Policy(1, Duration.ofMillis(1)));
    try {
      session.pushBlobStreamed("training", () -> new ByteArrayInputStream(new byte[] {1}), () -> "sha256:" + "0".repeat(64));
    } catch (RuntimeException e) {
      // training: whatever the stand-in answers, the classes are loaded
    }
  }

  /**
   * A cold publish's image build, which no training publish reaches (the no-op one builds
   * nothing): each platform's layer compressed into Jib's cache beside a Jib build on scratch (Jib
   * reads nothing for it), into a layout in the training's temp dir, so a cold publish finds Jib,
   * its steps and the layout's classes in the archive. The binaries are ELF headers and a page of
   * bytes: only their header is checked.
   */
  private static void imageBuild(Path dir, PrintStream err) {
    try {
      Map<Platform, Path> binaries = new LinkedHashMap<>();
      for (Platform platform : Platform.DEFAULTS) {
        byte[] elf = new byte[4096];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0,
            (byte) platform.elfMachine(), (byte) (platform.elfMachine() >> 8)};
        System.arraycopy(header, 0, elf, 0, header.length);
        binaries.put(platform, Files.write(dir.resolve("controller-" + platform.goArch()), elf));
      }
      BuildInfo info = new BuildInfo(ReleaseVersion.parseTag("v0.1.1"), "0".repeat(40), Instant.ofEpochSecond(1_700_000_000L));
      new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(info, "https://github.com/aws-controllers-k8s/s3-controller",
          binaries, List.of(new ImageBuilder.ImageFile("LICENSE", "Apache-2.0\n".getBytes(StandardCharsets.UTF_8))), null,
          BaseImage.SCRATCH, dir.resolve("image-layout"), dir.resolve("image-cache")));
    } catch (IOException | RuntimeException e) {
      err.println("ack-release training: the image build was not trained: " + e.getMessage());
    }
  }

  /**
   * The TLS client every real registry (ECR Public, a host with a CA) is reached with: its
   * verifying context (the JDK's trust store, the certificate checks' set-up) and a hello, sent to
   * the plain stand-in, which refuses it. (A host named insecure with a port, as the stand-in
   * is, is settled by a plain {@code GET /v2/}, which makes no TLS context.)
   */
  private static void tlsClientHello(String address) {
    try {
      HttpsURLConnection c = (HttpsURLConnection) URI.create("https://" + address + "/v2/").toURL().openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(2_000);
      c.getResponseCode();
    } catch (IOException expected) {
      // the stand-in speaks plain HTTP
    }
  }

  private static void commitAll(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.commit().setMessage(message).setAuthor(TRAINER).setCommitter(TRAINER).setSign(false).call();
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
  }

  private static void run(Map<String, String> env, String... args) {
    Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env);
  }
}
