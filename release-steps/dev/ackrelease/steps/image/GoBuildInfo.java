package dev.ackrelease.steps.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Go build information in a binary's {@code .go.buildinfo} section, as {@code go version -m}
 * prints it: the Go version and the module lines ({@code path}, {@code mod}, {@code dep},
 * {@code =>}, {@code build}). Go 1.18 and later store it inline: the Go version, then the module
 * information between 16-byte sentinels.
 */
public record GoBuildInfo(String goVersion, List<String> lines) {

  private static final byte[] BUILDINFO_MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);

  /** The build information of {@code binary}; empty for a binary without one, or one it cannot read. */
  static Optional<GoBuildInfo> read(ElfBinary binary) {
    try (ElfFile elf = ElfFile.open(binary)) {
      return elf.section(".go.buildinfo").flatMap(GoBuildInfo::parse);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The {@code dep} lines as (path, version, sum). A module replaced by another module reports
   * its replacement's; one replaced by a local directory keeps its own path, with the version
   * Go records for the directory ({@code (devel)}) and no sum (the directory is no module path:
   * golang.org/x/mod modfile.IsDirectoryPath).
   */
  public List<List<String>> dependencies() {
    List<List<String>> deps = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t");
      if (f[0].equals("dep") && f.length >= 3) {
        deps.add(List.of(f[1], f[2], f.length > 3 ? f[3] : ""));
      } else if (f[0].equals("=>") && f.length >= 3 && !deps.isEmpty()) {
        String required = deps.get(deps.size() - 1).get(0);
        deps.set(deps.size() - 1, isDirectory(f[1]) ? List.of(required, f[2], "") : List.of(f[1], f[2], f.length > 3 ? f[3] : ""));
      }
    }
    return deps;
  }

  private static boolean isDirectory(String replacement) {
    return replacement.startsWith(".") || replacement.startsWith("/") || replacement.startsWith("\\")
        || replacement.matches("[A-Za-z]:.*");
  }

  /** The main module's path ({@code mod} line). */
  public Optional<String> mainModule() {
    return lines.stream().filter(l -> l.startsWith("mod\t")).map(l -> l.split("\t")[1]).findFirst();
  }

  private static Optional<GoBuildInfo> parse(ByteBuffer b) {
    for (int i = 0; i < BUILDINFO_MAGIC.length; i++) {
      if (b.limit() <= i || b.get(i) != BUILDINFO_MAGIC[i]) {
        return Optional.empty();
      }
    }
    int flags = b.get(15);
    if ((flags & 2) == 0) {
      return Optional.empty(); // before Go 1.18: pointers into the data segment, not read here
    }
    int[] at = {32};
    String version = varintString(b, at);
    String modinfo = varintString(b, at);
    if (modinfo.length() >= 33) {
      modinfo = modinfo.substring(16, modinfo.length() - 16); // the sentinels around it
    }
    List<String> lines = modinfo.lines().filter(l -> !l.isBlank()).toList();
    return Optional.of(new GoBuildInfo(version, lines));
  }

  private static String varintString(ByteBuffer b, int[] at) {
    long length = 0;
    int shift = 0;
    while (true) {
      int x = b.get(at[0]++) & 0xff;
      length |= (long) (x & 0x7f) << shift;
      if (x < 0x80) {
        break;
      }
      shift += 7;
    }
    byte[] bytes = new byte[(int) length];
    b.get(at[0], bytes);
    at[0] += (int) length;
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
