package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up as users get it (the launcher's JVM options and class-data archive, {@link Jar#command}):
 * what {@code --help}, {@code tag --dry-run} and plan's decision (one read of each tag) load,
 * counted with {@code -Xlog:class+load}. A command loads only what it uses: never the AWS SDK or
 * Jib on these paths, and no more classes than the bounds below (set from the measurement of
 * 2026-12-05 with about 5% to spare; docs/performance.md, P3). A change that makes picocli build
 * every command's model again, or brings a library's static initialiser onto these paths, fails here.
 */
class StartupIT {

  /**
   * {@code --help}: 1056 classes measured (1496 before picocli came from the archive and the commands
   * were listed from their annotations, 1370 before the log manager was left alone on this path,
   * 1241 before the jar was left unopened, 1179 before the page was built without annotations).
   */
  static final int HELP_MAX_CLASSES = 1110;
  /**
   * {@code tag --dry-run}: 2002 to 2004 measured on 2026-12-06, and 2004 for the code of the day
   * before too (the count moves by a few with JGit's background work: its save of its file-system
   * measurements, gone since, loaded as many classes as the path options' file-name check and the
   * reader that does not save them load now); 1937 measured earlier (2638 when Jackson was loaded for the printer and the
   * settings file, 2187 before the log manager and the record methods of ReleaseVersion were left
   * out, 2097 before semver4j, whose first version loaded the JDK's CLDR locale data, was dropped,
   * 2021 before the command's model was built without reading its annotations).
   */
  static final int TAG_MAX_CLASSES = 2050;
  /**
   * A plan that decides from the registry and builds nothing: 3356 measured (4223 before the
   * commands' models were built without reading their annotations, 4154 before a plain registry
   * named insecure with a port was settled by a plain GET /v2/ instead of a TLS hello).
   */
  static final int PLAN_MAX_CLASSES = 3600;
  /**
   * Of those, read from the jar or the JDK's modules rather than the launcher's archive (when it has
   * one): 78 measured (101, then 95, before), most of them lambda forms spun at run time. Before
   * the training reached a registry, the TLS probe of a host named insecure alone read about 230
   * from the JDK's modules (a no-op publish: 460 outside the archive before, 187 after).
   */
  static final int PLAN_MAX_OUTSIDE_ARCHIVE = 130;

  /** The libraries no start-up path above may load: the AWS SDK (ECR Public, KMS) and Jib. */
  static final List<String> NOT_ON_THESE_PATHS = List.of("software.amazon.", "com.google.cloud.tools.jib.");

  private static final Pattern LOADED = Pattern.compile("^\\[(\\d+)\\]\\[class,load\\] (\\S+) source: (.*)");

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws IOException {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  /**
   * A loaded class: its name, where it came from ("shared objects file" when from the archive) and
   * the id of the thread that loaded it.
   */
  record Loaded(String name, String source, String thread) {}

  /** Runs the jar as the launcher does, with the class-load log; returns the classes loaded, in order. */
  List<Loaded> loads(String... args) throws IOException {
    Path log = Files.createTempFile(tmp, "class-load", ".log");
    List<String> command = new ArrayList<>(Jar.command(home, args));
    command.add(1, "-Xlog:class+load=info:file=" + log + ":tid,tags");
    ProcessResult r = ProcessResult.runIsolated(command, null, Hermetic.env(Map.of("HOME", home.toString())), 300);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + ": " + r.stdout() + r.stderr());
    List<Loaded> loaded = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = LOADED.matcher(line);
      if (m.find()) {
        loaded.add(new Loaded(m.group(2), m.group(3), m.group(1)));
      }
    }
    assertTrue(loaded.size() > 100, () -> "the class-load log of " + String.join(" ", args) + " is read: " + loaded.size());
    return loaded;
  }

  static void assertNone(List<Loaded> loaded, List<String> prefixes, String what) {
    List<String> found = loaded.stream().map(Loaded::name).filter(n -> prefixes.stream().anyMatch(n::startsWith)).toList();
    assertEquals(List.of(), found, what + " loads none of " + prefixes);
  }

  static void assertAtMost(int max, List<Loaded> loaded, String what) {
    assertTrue(loaded.size() <= max, () -> what + " loads " + loaded.size() + " classes, more than " + max
        + ": see what with -Xlog:class+load and load it only where it is used");
  }

  @Test
  void helpListsTheCommandsByNameAndHeaderAlone() throws IOException {
    List<Loaded> loaded = loads("--help");
    assertAtMost(HELP_MAX_CLASSES, loaded, "--help");
    assertNone(loaded, NOT_ON_THESE_PATHS, "--help");
    // Nor any library a command uses: the page is picocli's and ours.
    assertNone(loaded, List.of("org.eclipse.jgit.", "com.fasterxml.jackson.", "org.yaml."), "--help");
    // No command's options are modelled: the enum of publish's --mode names is one of their types.
    assertNone(loaded, List.of("dev.ackrelease.steps.publish.", "dev.ackrelease.steps.registry."), "--help");
    // Nor the log manager: no library on this path logs through java.util.logging (LibraryLogging).
    assertNone(loaded, List.of("java.util.logging.LogManager"), "--help");
    // Nor an annotation read: each annotation type read makes a proxy class at run time, which
    // the archive cannot hold (TopLevelPage builds the page without them).
    assertNone(loaded, List.of("jdk.proxy", "com.sun.proxy."), "--help");
    // No proxy selector (RemoteProxies: set up only where a remote may be reached; it read net.properties).
    assertNone(loaded, List.of("java.net.ProxySelector", "sun.net.spi.DefaultProxySelector"), "--help");
    assertFromTheArchiveWhenThereIsOne(loaded);
  }

  @Test
  void tagDryRunLoadsJGitButNoJacksonMapperAwsSdkOrJib() throws IOException {
    GitFixture repo = released("sns");
    List<Loaded> loaded = loads("tag", "v0.1.0", "--dry-run", "--controller-dir", repo.dir().toString());
    assertAtMost(TAG_MAX_CLASSES, loaded, "tag --dry-run");
    assertNone(loaded, NOT_ON_THESE_PATHS, "tag --dry-run");
    // Without a settings file or --output json, no Jackson mapper or YAML factory is made (the
    // verifier of the settings file's reader still loads a few of Jackson's core classes).
    assertNone(loaded, List.of("com.fasterxml.jackson.databind.", "org.yaml."), "tag --dry-run");
    assertTrue(loaded.stream().anyMatch(l -> l.name().startsWith("org.eclipse.jgit.")), "tag reads the clone with JGit");
    assertNone(loaded, List.of("java.util.logging.LogManager"), "tag --dry-run");
    // The command's model comes from the build's file (CommandModels): no annotation is read.
    assertNone(loaded, List.of("jdk.proxy", "com.sun.proxy."), "tag --dry-run");
    assertNone(loaded, List.of("java.net.ProxySelector", "sun.net.spi.DefaultProxySelector"), "tag --dry-run");
    // JGit's set-up (SystemReader's: a service look-up over the class path, SHA-1's provider for
    // ObjectChecker) runs on the preload's thread beside the parsing, not on the main thread
    // before that thread starts (as it did while GitGlobalConfig, a SystemReader, was initialised
    // to ask whether GIT_CONFIG_GLOBAL was set).
    assertNotEquals(threadThatLoaded(loaded, "dev.ackrelease.cli.Main"),
        threadThatLoaded(loaded, "org.eclipse.jgit.lib.ObjectChecker"), "the thread that set up JGit's SystemReader");
  }

  static String threadThatLoaded(List<Loaded> loaded, String name) {
    return loaded.stream().filter(l -> l.name().equals(name)).map(Loaded::thread).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in the class-load log"));
  }

  @Test
  void planDecidesFromTheRegistryWithoutTheAwsSdkOrJib() throws IOException {
    GitFixture repo = released("sfn");
    List<Loaded> loaded = loads("plan", "--controller-dir", repo.dir().toString(), "--registry", registry.address() + "/ack",
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64");
    assertAtMost(PLAN_MAX_CLASSES, loaded, "plan");
    assertNone(loaded, NOT_ON_THESE_PATHS, "plan's decision");
    // No record's generated equals, hashCode or toString: their first call bootstraps ObjectMethods,
    // method handles spun at run time (Platform's hashCode, for the set --platforms is, was 10 ms).
    assertNone(loaded, List.of("java.lang.runtime.ObjectMethods"), "plan's decision");
    // A plain registry named insecure with a port is settled by one plain request: no TLS at all.
    assertNone(loaded, List.of("sun.security.ssl.SSLContextImpl", "sun.security.ssl.SSLSocketImpl"), "plan on a plain registry");
    if (Jar.JVM_OPTIONS.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
      List<String> outside = loaded.stream().filter(l -> !l.source().startsWith("shared objects file")).map(Loaded::name).toList();
      assertTrue(outside.size() <= PLAN_MAX_OUTSIDE_ARCHIVE, () -> "plan loads " + outside.size() + " classes from outside the"
          + " archive, more than " + PLAN_MAX_OUTSIDE_ARCHIVE + ": cli/Training must reach them: " + outside);
    }
  }

  /**
   * With a real base image, plan reads the reference (registry, repository, tag) and resolves the
   * tag with ack-release's own parser ({@code ImageName}): Jib is loaded only to build.
   */
  @Test
  void planWithARealBaseImageResolvesItWithoutJib() throws Exception {
    GitFixture repo = released("sqs");
    String base = BaseImages.push(registry, tmp.resolve("base"), "ack/startup-base", "1", "startup");
    List<Loaded> loaded = loads("plan", "--controller-dir", repo.dir().toString(), "--registry", registry.address() + "/ack",
        "--insecure-registry", registry.address(), "--base-image", base, "--platforms", "linux/amd64");
    assertAtMost(PLAN_MAX_CLASSES, loaded, "plan with a base image");
    assertNone(loaded, NOT_ON_THESE_PATHS, "plan's decision with a base image");
    assertTrue(loaded.stream().anyMatch(l -> l.name().equals("dev.ackrelease.steps.image.ImageName")),
        "plan read the base image's reference");
  }

  /**
   * picocli is compiled by the build for Java 17 (pom.xml): its jar's Java 5 class files cannot
   * be archived, and with them nothing of ours that implements its interfaces.
   */
  @Test
  void picocliClassesAreJava17ClassFiles() throws IOException {
    try (JarFile jar = new JarFile(Jar.JAR.toFile());
        InputStream in = jar.getInputStream(jar.getEntry("picocli/CommandLine.class"))) {
      DataInputStream data = new DataInputStream(in);
      assertEquals(0xCAFEBABE, data.readInt());
      data.readUnsignedShort();
      assertEquals(61, data.readUnsignedShort(), "picocli's class file version in the shaded jar");
    }
  }
  /**
   * No class in the jar concatenates strings through StringConcatFactory: JGit's (the only
   * library compiled for Java 9 or later) are rewritten by the build (InlineStringConcat), ours
   * and picocli's are compiled with -XDstringConcat=inline. Each such call site spun method
   * handles at run time; JGit linked three before a clone was open.
   */
  @Test
  void noClassInTheJarConcatenatesThroughStringConcatFactory() throws IOException {
    List<String> calling = new ArrayList<>();
    int jgitClasses = 0;
    try (JarFile jar = new JarFile(Jar.JAR.toFile())) {
      for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = jar.getInputStream(entry)) {
          String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          if (constants.contains("java/lang/invoke/StringConcatFactory")) {
            calling.add(entry.getName());
          }
        }
        jgitClasses += entry.getName().startsWith("org/eclipse/jgit/") ? 1 : 0;
      }
    }
    assertTrue(jgitClasses > 1000, "JGit's classes are in the jar: " + jgitClasses);
    assertEquals(List.of(), calling, "classes that link StringConcatFactory at run time");
  }


  /**
   * With the launcher's archive for this jar, every class of picocli and of the shell comes from
   * it, and the jar is never opened.
   */
  static void assertFromTheArchiveWhenThereIsOne(List<Loaded> loaded) {
    if (Jar.JVM_OPTIONS.stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
      return;
    }
    List<String> fromTheJar = loaded.stream()
        .filter(l -> l.name().startsWith("picocli.") || l.name().startsWith("dev.ackrelease.") && !l.name().contains("$$Lambda"))
        .filter(l -> !l.source().startsWith("shared objects file")).map(Loaded::name).toList();
    assertEquals(List.of(), fromTheJar, "classes --help read from the jar, not from the class-data archive");
    // Nor is the jar opened at all: indexing its 19,000 entries was a tenth of the page's time.
    // -jar opened it to read the manifest (the launcher names the main class instead), and
    // picocli's default factory to look for Groovy (Main sets picocli.disable.closures).
    assertNone(loaded, List.of("java.util.zip.ZipFile$Source"), "--help, with every class from the archive,");
  }

  static GitFixture released(String service) {
    GitFixture repo = SampleController.create(shared.resolve("workspace"), service);
    PublishIT.prepareAndTag(repo, service, "v0.1.0", registry.address() + "/ack");
    return repo;
  }
}
