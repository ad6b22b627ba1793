package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Parallel;
import dev.ackrelease.steps.io.PathInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller binary of each platform: a prebuilt one ({@code --binary linux/amd64=PATH,...},
 * checked to be a static ELF executable for that platform) or one built with {@link GoBuild}.
 */
public final class ControllerBinaries {

  /**
   * What to provide: the platforms in index order, prebuilt binaries (checked with {@link
   * #requireValidPrebuilt}, whose result they are), and how to build the rest.
   */
  public record Request(List<Platform> platforms, Map<Platform, Path> prebuilt, Path moduleDir, String mainPackage,
      String versionPackage, BuildInfo info, Path outputDir) {}

  private final GoBuild go;

  public ControllerBinaries(GoBuild go) {
    this.go = go;
  }

  /** Parses {@code linux/amd64=PATH,linux/arm64=PATH}; empty or null gives no prebuilt binary. */
  public static Map<Platform, Path> parsePrebuilt(String text) {
    Map<Platform, Path> binaries = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return binaries;
    }
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0 || part.substring(eq + 1).isBlank()) {
        throw ReleaseException.invalidInput("--binary entry '" + Echo.value(part.strip()) + "' is not PLATFORM=PATH: use e.g. linux/amd64=bin/controller-amd64");
      }
      Platform platform = Platform.parse(part.substring(0, eq));
      Path binary = PathInput.of(part.substring(eq + 1).strip(), "--binary " + platform, "pass the path of the binary");
      if (binaries.put(platform, binary) != null) {
        throw ReleaseException.invalidInput("--binary names " + platform + " twice: give one binary per platform");
      }
    }
    return binaries;
  }

  /**
   * Checks prebuilt binaries before anything runs: each is for a platform in {@code platforms}
   * and is a statically linked 64-bit executable for it. Returns them with absolute paths; invalid input otherwise.
   */
  public static Map<Platform, Path> requireValidPrebuilt(List<Platform> platforms, Map<Platform, Path> prebuilt) {
    Map<Platform, Path> checked = new LinkedHashMap<>();
    for (Map.Entry<Platform, Path> e : prebuilt.entrySet()) {
      if (!platforms.contains(e.getKey())) {
        throw ReleaseException.invalidInput("--binary gives a binary for " + e.getKey() + ", which is not in --platforms "
            + platforms + ": add it to --platforms or drop the binary");
      }
      ElfBinary elf = ElfBinary.requireFor(e.getValue().toAbsolutePath(), e.getKey());
      GoBuild.requireStatic(elf, ReleaseException.Kind.INVALID_INPUT, "--binary " + e.getKey() + "=" + e.getValue());
      checked.put(e.getKey(), elf.path());
    }
    return checked;
  }

  /** One binary per platform, in the order of {@code platforms}. */
  public Map<Platform, Path> provide(Request request) {
    Map<Platform, Path> checked = request.prebuilt();
    Map<Platform, Path> binaries = new LinkedHashMap<>();
    // The platforms build side by side: Go's build cache is safe for concurrent use.
    List<Path> built;
    try {
      built = Parallel.map(request.platforms(), p -> {
        Path prebuilt = checked.get(p);
        if (prebuilt != null) {
          return prebuilt;
        }
        Path output = request.outputDir().resolve(p.os() + "-" + p.architecture()).resolve("controller");
        return go.build(new GoBuild.Request(request.moduleDir(), request.mainPackage(), p, request.info(),
            request.versionPackage(), output)).binary();
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: " + e.getMessage(), e);
    }
    for (int i = 0; i < request.platforms().size(); i++) {
      binaries.put(request.platforms().get(i), built.get(i));
    }
    return binaries;
  }
}
