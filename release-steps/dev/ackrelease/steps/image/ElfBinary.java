package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the header of an ELF executable: enough to tell which platform a controller binary was
 * built for, so a prebuilt binary for the wrong architecture is refused before it is put in an
 * image.
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
}
