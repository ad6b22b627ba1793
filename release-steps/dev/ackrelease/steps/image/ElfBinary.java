package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A controller binary as its ELF header describes it: which platform it was built for, so a
 * prebuilt binary for the wrong architecture is refused. The questions asked of its contents are
 * answered elsewhere and reached from here: whether it is statically linked
 * ({@link DynamicLinking}), the value of a Go string variable ({@link GoSymbols}) and its Go build
 * information ({@link GoBuildInfo}); {@link ElfFile} reads the ELF layout for them.
 */
public record ElfBinary(Path path, boolean is64Bit, boolean littleEndian, int type, int machine) {

  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;

  /** Reads {@code path}'s ELF header; a file that is not ELF is invalid input. */
  public static ElfBinary read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw ReleaseException.invalidInput("controller binary " + path + " does not exist: pass an existing file");
    }
    byte[] header = new byte[20];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read controller binary " + path + " (" + e.getMessage() + "): check its permissions");
    }
    if (n < header.length || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
      throw ReleaseException.invalidInput(path + " is not an ELF executable: pass a Linux controller binary built with GOOS=linux");
    }
    boolean little = header[5] == 1;
    ByteBuffer b = ByteBuffer.wrap(header).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    return new ElfBinary(path, header[4] == 2, little, Short.toUnsignedInt(b.getShort(16)), Short.toUnsignedInt(b.getShort(18)));
  }

  /** Refuses a binary that is not a 64-bit executable for {@code platform}. */
  public static ElfBinary requireFor(Path path, Platform platform) {
    ElfBinary elf = read(path);
    if (elf.machine() != platform.elfMachine() || !elf.is64Bit() || !elf.littleEndian()) {
      throw ReleaseException.invalidInput("controller binary " + path + " is for " + elf.describeMachine() + ", not " + platform
          + ": build it with GOOS=" + platform.os() + " GOARCH=" + platform.goArch());
    }
    if (elf.type() != ET_EXEC && elf.type() != ET_DYN) {
      throw ReleaseException.invalidInput(path + " is an ELF object but not an executable: pass the linked controller binary");
    }
    return elf;
  }

  /** A readable name for the machine field. */
  public String describeMachine() {
    return switch (machine) {
      case 62 -> "linux/amd64";
      case 183 -> "linux/arm64";
      case 3 -> "386";
      case 40 -> "arm (32-bit)";
      default -> "ELF machine " + machine;
    };
  }

  /**
   * Why the binary is not static: its interpreter ({@code PT_INTERP}) and the shared libraries
   * it needs ({@code DT_NEEDED}); empty for a statically linked binary.
   */
  public List<String> dynamicDependencies() {
    return DynamicLinking.dependencies(this);
  }

  /**
   * The value of the Go package-level string variable {@code importPath.name} as linked into
   * the binary (from {@code .symtab}); empty when the binary has no such symbol (the package is
   * not linked, or the binary is stripped). An unset variable reads as {@code ""}.
   */
  public Optional<String> goStringVariable(String importPath, String name) {
    return goStringVariables(importPath, List.of(name)).get(name);
  }

  /**
   * {@link #goStringVariable} for several variables of one package, with one pass over the
   * symbol table (which is megabytes in a real controller); each name maps to its value, or to
   * empty when the binary has no such symbol.
   */
  public Map<String, Optional<String>> goStringVariables(String importPath, List<String> names) {
    return GoSymbols.stringVariables(this, importPath, names);
  }

  /**
   * The Go build information in the binary's {@code .go.buildinfo} section, as
   * {@code go version -m} reads it; empty for a binary without one.
   */
  public Optional<GoBuildInfo> goBuildInfo() {
    return GoBuildInfo.read(this);
  }
}
