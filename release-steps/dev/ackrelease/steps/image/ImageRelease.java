package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.CommitExport;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.io.BuildInputs;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the image part of {@code publish} is made from: {@link #prepare} checks every build input
 * before anything is built or pushed (the Go toolchain and the version package when something is
 * to be built, the image user, and the repository files that go into the image, read from the
 * release commit), and {@link #buildInputs} describes them canonically for the registry's
 * record. Building and pushing are the image kind's steps ({@code kinds/ImageKind}).
 */
public final class ImageRelease {

  /** The repository files ACK's Dockerfile copies into {@code /bin/} beside the controller. */
  public static final List<String> REPOSITORY_FILES = List.of("LICENSE", "ATTRIBUTION.md");

  /** What {@link #prepare} settled: the toolchain (absent when every binary is prebuilt), version package and files. */
  public record Inputs(Optional<GoToolchain> go, String versionPackage, List<ImageBuilder.ImageFile> files, String user) {}

  private static final Pattern USER = Pattern.compile(
      "[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");

  /** The largest UID or GID a container runtime takes (moby/sys/user's maxID, runc's: 2^31 - 1). */
  static final long MAX_ID = Integer.MAX_VALUE;

  /**
   * {@code --image-user} as the image's USER: a name or a UID, optionally {@code :GROUP} (a name
   * or a GID); a number (all digits) must be 0 to 2^31 - 1, as Docker's and runc's user parsing
   * allow. Blank is ACK's 1000. Checked with the other options before a run's mode is decided, and again here.
   */
  public static String requireUser(String user) {
    String u = user == null || user.isBlank() ? ImageBuilder.DEFAULT_USER : user.strip();
    String fix = ": pass a name or UID, optionally :GROUP, e.g. 1000 or 65532:65532";
    if (!USER.matcher(u).matches()) {
      throw ReleaseException.invalidInput("--image-user '" + Echo.value(user) + "' is not a user" + fix);
    }
    for (String id : u.split(":")) {
      if (id.matches("[0-9]+") && (id.length() > 10 || Long.parseLong(id) > MAX_ID)) {
        throw ReleaseException.invalidInput("--image-user '" + Echo.value(user) + "' has the ID " + Echo.value(id)
            + ", more than the " + MAX_ID + " a container runtime takes" + fix);
      }
    }
    return u;
  }

  private ImageRelease() {}

  /** The repository name of a service's controller image: {@code s3-controller}. */
  public static String repositoryName(String service) {
    return service + "-controller";
  }

  /**
   * Checks the build inputs before anything runs. {@code needsGo} is false when every platform
   * has a prebuilt binary; then neither Go nor the version package is looked at.
   */
  public static Inputs prepare(Log log, GitRepo repo, boolean needsGo, Optional<Path> goFlag, Map<String, String> env,
      BuildConfig pins, Optional<String> versionPackage, String user) {
    String u = requireUser(user);
    Optional<GoToolchain> go = Optional.empty();
    String pkg = versionPackage.orElse("");
    if (needsGo) {
      GoModule module = GoModule.read(repo.workTree());
      GoToolchain toolchain = GoToolchain.resolve(log, goFlag, env, module, pins);
      pkg = GoBuild.requireVersionPackage(module, versionPackage, toolchain);
      log.detail("version package: " + pkg);
      go = Optional.of(toolchain);
    }
    List<ImageBuilder.ImageFile> files = new ArrayList<>();
    for (String name : REPOSITORY_FILES) {
      Optional<byte[]> content = CommitExport.fileAtHead(repo, name);
      if (content.isPresent()) {
        files.add(new ImageBuilder.ImageFile(name, content.get()));
      } else {
        log.info(name + " is not in the release commit: the image has no " + ImageBuilder.FILES_DIR + name
            + " (ACK's images carry it; commit it to ship it)");
      }
    }
    return new Inputs(go, pkg, files, u);
  }

  /**
   * The format of the image's build inputs: bumped whenever the same inputs would build another
   * image (2: the base.digest label), so a re-run never takes an image built the old way for
   * "already published". A test pins what each format's recipe writes.
   */
  public static final String INPUTS_FORMAT = "ack-release/image-inputs/2";

  /**
   * Everything the image is made from, described canonically: the commit (its tree, the commit
   * and its time, which are stamped in), the version, the platforms, the base by digest, the Go
   * toolchain and the ldflags, the main package, the user and the files, the source label,
   * prebuilt binaries by hash, and the image recipe's version. The same description builds the
   * same image; its digest is recorded on the published index.
   */
  public static BuildInputs buildInputs(String tree, BuildInfo info, String source, List<Platform> platforms,
      Map<Platform, Path> prebuilt, String mainPackage, Inputs inputs, BaseImage base) {
    Map<String, Object> d = new TreeMap<>();
    d.put("format", INPUTS_FORMAT);
    d.put("recipe", ImageBuilder.TOOL_NAME + ":" + ImageBuilder.TOOL_VERSION);
    d.put("tree", tree);
    d.put("commit", info.commit());
    d.put("commitTime", info.commitTime().toString());
    d.put("version", info.version().plain());
    d.put("platforms", platforms.stream().map(Platform::toString).toList());
    d.put("base", base.isScratch() ? "scratch" : base.repository() + "@" + base.digest().orElse(base.ref()));
    d.put("go", inputs.go().map(g -> g.version().toolchainName()).orElse(""));
    d.put("ldflags", inputs.go().isPresent() ? GoBuild.ldflags(inputs.versionPackage(), info) : "");
    d.put("mainPackage", mainPackage);
    d.put("user", inputs.user());
    Map<String, String> files = new TreeMap<>();
    inputs.files().forEach(f -> files.put(f.name(), OciLayout.sha256(f.content())));
    d.put("files", files);
    d.put("source", source == null ? "" : source);
    d.put("prebuilt", prebuiltDigests(prebuilt));
    return BuildInputs.of(d);
  }

  /**
   * The SHA-256 of each prebuilt binary by platform, read side by side (one per core): each is
   * tens of megabytes, and this is on the way to the registry's decision.
   */
  private static Map<String, String> prebuiltDigests(Map<Platform, Path> prebuilt) {
    List<Map.Entry<Platform, Path>> binaries = List.copyOf(prebuilt.entrySet());
    List<String> digests;
    try {
      digests = Parallel.map(binaries, Runtime.getRuntime().availableProcessors(), b -> fileDigest(b.getValue()));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("hashing a binary threw " + e, e);
    }
    Map<String, String> byPlatform = new TreeMap<>();
    for (int i = 0; i < binaries.size(); i++) {
      byPlatform.put(binaries.get(i).getKey().toString(), digests.get(i));
    }
    return byPlatform;
  }

  private static String fileDigest(Path file) {
    try {
      return Digests.sha256(file);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " (" + e.getMessage() + "): pass a readable --binary");
    }
  }


}
