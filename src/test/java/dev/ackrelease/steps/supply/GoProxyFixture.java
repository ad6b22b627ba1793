package dev.ackrelease.steps.supply;

import dev.ackrelease.testing.ProcessResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Go controller built offline against modules served by a {@code file://} GOPROXY, with the
 * module paths and versions an SBOM gets wrong most easily: two paths that differ only where a
 * {@code -} and a {@code /} swap ({@code github.com/a-b/c}, {@code github.com/a/b-c}), upper-case
 * letters in a path and a version ({@code github.com/Example-Org/x@v1.0.0-RC.1}), a
 * {@code +incompatible} version, and a module replaced by a local directory. The proxy's
 * directories are written with the escaping Go's proxy protocol uses, as literals: Go only fetches
 * a module when they are right, and writes what it fetched into {@code $GOMODCACHE/cache/download}
 * with the same escaped names.
 */
final class GoProxyFixture {

  /** The modules in the proxy: path, version, and the proxy's escaped directory and file name. */
  static final List<List<String>> MODULES = List.of(
      List.of("github.com/a-b/c", "v1.0.0", "github.com/a-b/c", "v1.0.0"),
      List.of("github.com/a/b-c", "v1.0.0", "github.com/a/b-c", "v1.0.0"),
      List.of("github.com/Example-Org/x", "v1.0.0-RC.1", "github.com/!example-!org/x", "v1.0.0-!r!c.1"),
      List.of("github.com/old/lib", "v2.0.0+incompatible", "github.com/old/lib", "v2.0.0+incompatible"));

  /** The module a local directory replaces. */
  static final String LOCAL = "example.com/local";

  final Path root;
  final Path binary;
  final Path modcache;
  final Path main;

  private GoProxyFixture(Path root, Path binary) {
    this.root = root;
    this.binary = binary;
    this.modcache = root.resolve("modcache");
    this.main = root.resolve("main");
  }

  /** Writes the proxy and the main module under {@code root} and builds {@code root/controller} for linux/amd64. */
  static GoProxyFixture build(Path root) throws IOException {
    StringBuilder require = new StringBuilder();
    StringBuilder imports = new StringBuilder();
    StringBuilder uses = new StringBuilder();
    for (int i = 0; i < MODULES.size(); i++) {
      List<String> m = MODULES.get(i);
      serve(root.resolve("proxy"), m.get(0), m.get(1), m.get(2), m.get(3), !m.get(1).endsWith("+incompatible"));
      require.append("\t").append(m.get(0)).append(" ").append(m.get(1)).append("\n");
      imports.append("\tm").append(i).append(" \"").append(m.get(0)).append("\"\n");
      uses.append(", m").append(i).append(".V");
    }
    write(root.resolve("local/go.mod"), "module " + LOCAL + "\n");
    write(root.resolve("local/m.go"), "package m\n\nvar V = \"local\"\n");
    write(root.resolve("main/go.mod"), "module example.com/controller\n\ngo 1.19\n\nrequire (\n" + require + "\t" + LOCAL
        + " v1.0.0\n)\n\nreplace " + LOCAL + " => ../local\n");
    write(root.resolve("main/main.go"), "package main\n\nimport (\n" + imports + "\tlocal \"" + LOCAL + "\"\n)\n\nfunc main() {\n"
        + "\tprintln(local.V" + uses + ")\n}\n");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GOPROXY", root.resolve("proxy").toUri().toString());
    env.put("GOSUMDB", "off");
    env.put("GONOSUMDB", "");
    env.put("GOPRIVATE", "");
    env.put("GOFLAGS", "-modcacherw -mod=mod");
    env.put("GOMODCACHE", root.resolve("modcache").toString());
    env.put("GOPATH", root.resolve("gopath").toString());
    env.put("GOCACHE", Path.of("target", "test-caches", "go", "go-build").toAbsolutePath().toString());
    env.put("GOTOOLCHAIN", "local");
    env.put("GOWORK", "off");
    env.put("CGO_ENABLED", "0");
    env.put("GOOS", "linux");
    env.put("GOARCH", "amd64");
    Path binary = root.resolve("controller");
    ProcessResult.run(List.of("go", "mod", "tidy"), root.resolve("main").toFile(), env, 300).assertOk();
    ProcessResult.run(List.of("go", "build", "-trimpath", "-o", binary.toString(), "."), root.resolve("main").toFile(), env, 300)
        .assertOk();
    return new GoProxyFixture(root, binary);
  }

  /** The {@code h1:} hash go.sum records for the zip of {@code path@version}. */
  String goSum(String path, String version) throws IOException {
    return Files.readAllLines(main.resolve("go.sum")).stream().map(l -> l.split(" "))
        .filter(f -> f[0].equals(path) && f[1].equals(version)).map(f -> f[2]).findFirst().orElseThrow();
  }

  /** A module as the proxy protocol serves it: {@code .info}, {@code .mod} and the zip under {@code <escaped path>/@v/}. */
  private static void serve(Path proxy, String path, String version, String escapedPath, String escapedVersion, boolean goMod)
      throws IOException {
    Path dir = proxy.resolve(escapedPath).resolve("@v");
    write(dir.resolve(escapedVersion + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2020-01-01T00:00:00Z\"}\n");
    write(dir.resolve(escapedVersion + ".mod"), "module " + path + "\n");
    try (OutputStream out = Files.newOutputStream(dir.resolve(escapedVersion + ".zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
      String prefix = path + "@" + version + "/";
      if (goMod) {
        entry(zip, prefix + "go.mod", "module " + path + "\n");
      }
      entry(zip, prefix + "m.go", "package m\n\nvar V = \"" + path + " " + version + "\"\n");
    }
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
