package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A controller's Go module as its {@code go.mod} declares it: the module path, the minimum Go
 * version ({@code go} line) and the suggested toolchain ({@code toolchain} line). ACK's version
 * package is {@code <module>/pkg/version} (code-generator's Dockerfile sets {@code VERSION_PKG}
 * to exactly that), so the module path decides where {@code -X} must point.
 */
public record GoModule(Path dir, String path, Optional<GoVersion> go, Optional<GoVersion> toolchain) {

  /** The three string variables ACK's release build sets with {@code -X}. */
  public static final List<String> VERSION_VARIABLES = List.of("GitVersion", "GitCommit", "BuildDate");

  private static final Pattern MODULE = Pattern.compile("(?m)^\\s*module\\s+\"?([^\\s\"]+)\"?\\s*(//.*)?$");
  private static final Pattern GO = Pattern.compile("(?m)^\\s*go\\s+(\\S+)\\s*(//.*)?$");
  private static final Pattern TOOLCHAIN = Pattern.compile("(?m)^\\s*toolchain\\s+go(\\S+)\\s*(//.*)?$");
  private static final Pattern IMPORT_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*");

  /** Reads {@code dir/go.mod}; a missing or unreadable one is invalid input. */
  public static GoModule read(Path dir) {
    Path goMod = dir.resolve("go.mod");
    if (!Files.isRegularFile(goMod)) {
      throw ReleaseException.invalidInput(dir + " has no go.mod: run in the controller's repository or pass --controller-dir");
    }
    String text;
    try {
      text = Files.readString(goMod, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + goMod + " (" + e.getMessage() + "): check its permissions");
    }
    Matcher module = MODULE.matcher(text);
    if (!module.find() || !IMPORT_PATH.matcher(module.group(1)).matches()) {
      throw ReleaseException.invalidInput(goMod + " has no valid module line: it must start with"
          + " module github.com/aws-controllers-k8s/<service>-controller");
    }
    Matcher go = GO.matcher(text);
    Matcher toolchain = TOOLCHAIN.matcher(text);
    return new GoModule(dir, module.group(1),
        go.find() ? Optional.of(GoVersion.parse(go.group(1), goMod + " go line")) : Optional.empty(),
        toolchain.find() ? Optional.of(GoVersion.parse(toolchain.group(1), goMod + " toolchain line")) : Optional.empty());
  }

  /** ACK's version package of this module: {@code <module>/pkg/version}. */
  public String defaultVersionPackage() {
    return path + "/pkg/version";
  }

  /**
   * The directory of {@code importPath} when it is a package of this module (the module itself or
   * below it); empty for a package of another module.
   */
  public Optional<Path> packageDir(String importPath) {
    if (importPath.equals(path)) {
      return Optional.of(dir);
    }
    if (importPath.startsWith(path + "/")) {
      return Optional.of(dir.resolve(importPath.substring(path.length() + 1)).normalize());
    }
    return Optional.empty();
  }

  /**
   * Checks that the package in {@code packageDir} declares {@code GitVersion}, {@code GitCommit}
   * and {@code BuildDate} as package-level string variables (what {@code -X} can set); returns the
   * names it lacks. A missing directory or one without Go files lacks all three.
   */
  public static List<String> missingVersionVariables(Path packageDir) {
    Set<String> declared = new LinkedHashSet<>();
    if (Files.isDirectory(packageDir)) {
      try (Stream<Path> files = Files.list(packageDir)) {
        for (Path f : files.filter(GoModule::isPackageSource).sorted().toList()) {
          declared.addAll(stringVariables(Files.readString(f, StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw ReleaseException.invalidInput("cannot read " + packageDir + " (" + e.getMessage() + "): check its permissions");
      }
    }
    return VERSION_VARIABLES.stream().filter(v -> !declared.contains(v)).toList();
  }

  private static boolean isPackageSource(Path f) {
    String name = f.getFileName().toString();
    return name.endsWith(".go") && !name.endsWith("_test.go") && Files.isRegularFile(f);
  }

  private static final Pattern VAR_BLOCK = Pattern.compile("(?m)^var\\s*\\(([^)]*)\\)");
  private static final Pattern VAR_LINE = Pattern.compile("(?m)^var\\s+([^(\\n][^\\n]*)$");
  private static final Pattern SPEC = Pattern.compile(
      "^([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)\\s*(string)?\\s*(?:=\\s*(.*))?$");

  /**
   * The package-level variables a Go source declares as strings: {@code var X string}, {@code var
   * X, Y string}, {@code var X = "..."} and the same inside {@code var ( ... )}. Comments are
   * dropped first. This is the part of Go's grammar {@code -X} cares about, not a Go parser.
   */
  static Set<String> stringVariables(String source) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", "");
    Set<String> names = new LinkedHashSet<>();
    Matcher block = VAR_BLOCK.matcher(code);
    while (block.find()) {
      block.group(1).lines().forEach(line -> addSpec(line.strip(), names));
    }
    Matcher line = VAR_LINE.matcher(code);
    while (line.find()) {
      addSpec(line.group(1).strip(), names);
    }
    return names;
  }

  private static void addSpec(String spec, Set<String> names) {
    Matcher m = SPEC.matcher(spec.replaceFirst(";$", "").strip());
    if (!m.matches()) {
      return;
    }
    boolean typedString = m.group(2) != null;
    boolean untypedStringLiteral = m.group(2) == null && m.group(3) != null && m.group(3).strip().matches("\"[^\"]*\"|`[^`]*`");
    if (typedString || untypedStringLiteral) {
      for (String name : m.group(1).split(",")) {
        names.add(name.strip());
      }
    }
  }

  /** Whether {@code text} is a Go import path or a {@code ./} path (never a flag). */
  public static boolean isPackagePath(String text) {
    if (text == null || text.isEmpty() || text.startsWith("-")) {
      return false;
    }
    for (String segment : text.split("/")) {
      if (segment.equals("..")) {
        return false;
      }
    }
    if (text.equals(".") || text.startsWith("./")) {
      return text.length() <= 2 || IMPORT_PATH.matcher(text.substring(2)).matches();
    }
    return IMPORT_PATH.matcher(text).matches();
  }
}
