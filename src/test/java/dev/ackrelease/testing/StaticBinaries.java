package dev.ackrelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A statically linked Go executable for linux/{@code arch}, to hand publish as a prebuilt
 * {@code --binary} so a test of the release flow does not build the controller. Built offline
 * once per machine under {@code target/test-caches/prebuilt} (Go's build cache beside it) and
 * reused by every later test JVM.
 */
public final class StaticBinaries {

  private StaticBinaries() {}

  public static synchronized Path controller(String arch) {
    Path dir = Path.of("target", "test-caches", "prebuilt").toAbsolutePath();
    Path binary = dir.resolve("controller-" + arch);
    if (Files.isRegularFile(binary)) {
      return binary;
    }
    try {
      Path src = Files.createDirectories(dir.resolve("src"));
      Files.writeString(src.resolve("go.mod"), "module example.com/prebuilt\n\ngo 1.19\n");
      Files.writeString(src.resolve("main.go"), "package main\n\nfunc main() {\n\tprintln(\"prebuilt controller\")\n}\n");
      Path tmp = Files.createTempFile(dir, "controller-" + arch, ".tmp");
      ProcessResult.run(List.of("go", "build", "-trimpath", "-o", tmp.toString(), "."), src.toFile(), Map.of("CGO_ENABLED", "0",
          "GOOS", "linux", "GOARCH", arch, "GOFLAGS", "-mod=mod", "GOPROXY", "off", "GOTOOLCHAIN", "local",
          "GOCACHE", Path.of("target", "test-caches", "go", "go-build").toAbsolutePath().toString()), 300).assertOk();
      Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
