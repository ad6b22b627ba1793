package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an ELF executable: its header (which platform a controller binary was built for, so a
 * prebuilt binary for the wrong architecture is refused), whether it is statically linked (no
 * {@code PT_INTERP}, no {@code DT_NEEDED}: a dynamic binary cannot start on a distroless or
 * scratch base), and the value of a Go string variable from the symbol table (to prove
 * {@code -X} really stamped the version, since Go's linker ignores {@code -X} for a package that
 * is not linked, silently).
 */
public record ElfBinary(Path path, boolean is64Bit, boolean littleEndian, int type, int machine) {

  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final int SHT_SYMTAB = 2;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;

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
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      List<String> found = new ArrayList<>();
      List<Segment> segments = segments(ch);
      for (Segment s : segments) {
        if (s.type == PT_INTERP) {
          found.add("interpreter " + cString(read(ch, s.offset, (int) Math.min(s.fileSize, 4096)), 0));
        }
      }
      for (Segment s : segments) {
        if (s.type == PT_DYNAMIC) {
          found.addAll(needed(ch, s, segments));
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    String prefix = goSymbolPrefix(importPath) + ".";
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Map<String, Long> addresses = symbolAddresses(ch, names.stream().map(n -> prefix + n).toList());
      List<Segment> segments = segments(ch);
      Map<String, Optional<String>> values = new LinkedHashMap<>();
      for (String name : names) {
        Long address = addresses.get(prefix + name);
        values.put(name, address == null ? Optional.empty() : Optional.of(readGoString(ch, segments, address)));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Go string whose header (pointer, length) is at {@code address}; {@code ""} when unset. */
  private String readGoString(FileChannel ch, List<Segment> segments, long address) throws IOException {
    ByteBuffer header = readVirtual(ch, segments, address, 16);
    long data = header.getLong(0);
    long length = header.getLong(8);
    if (data == 0 || length <= 0 || length > 1 << 20) {
      return "";
    }
    ByteBuffer bytes = readVirtual(ch, segments, data, (int) length);
    byte[] out = new byte[(int) length];
    bytes.get(0, out);
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * How Go's linker names a package's symbols: the import path with the last element's dots
   * and unusual bytes %-escaped (cmd/internal/objabi.PathToPrefix).
   */
  static String goSymbolPrefix(String importPath) {
    int slash = importPath.lastIndexOf('/');
    StringBuilder sb = new StringBuilder();
    byte[] bytes = importPath.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (c <= ' ' || (c == '.' && i > slash) || c == '%' || c == '"' || c >= 0x7f) {
        sb.append(String.format("%%%02x", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private record Segment(long type, long offset, long vaddr, long fileSize, long memSize) {}

  private ByteBuffer order(ByteBuffer b) {
    return b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }

  private ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > ch.size()) {
      throw new IOException("ELF data at " + offset + "+" + length + " lies outside the file");
    }
    ByteBuffer b = order(ByteBuffer.allocate(length));
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return b.flip();
  }

  private List<Segment> segments(FileChannel ch) throws IOException {
    requireElf64();
    ByteBuffer h = read(ch, 0, 64);
    long phoff = h.getLong(0x20);
    int phentsize = Short.toUnsignedInt(h.getShort(0x36));
    int phnum = Short.toUnsignedInt(h.getShort(0x38));
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      ByteBuffer p = read(ch, phoff + (long) i * phentsize, 56);
      segments.add(new Segment(Integer.toUnsignedLong(p.getInt(0)), p.getLong(8), p.getLong(16), p.getLong(32), p.getLong(40)));
    }
    return segments;
  }

  private List<String> needed(FileChannel ch, Segment dynamic, List<Segment> segments) throws IOException {
    ByteBuffer d = read(ch, dynamic.offset, (int) Math.min(dynamic.fileSize, 1 << 20));
    List<Long> neededOffsets = new ArrayList<>();
    long strtab = -1;
    for (int at = 0; at + 16 <= d.limit(); at += 16) {
      long tag = d.getLong(at);
      long value = d.getLong(at + 8);
      if (tag == DT_NULL) {
        break;
      }
      if (tag == DT_NEEDED) {
        neededOffsets.add(value);
      } else if (tag == 5) { // DT_STRTAB
        strtab = value;
      }
    }
    List<String> libs = new ArrayList<>();
    for (long off : neededOffsets) {
      String name = "a shared library";
      if (strtab >= 0) {
        try {
          name = cString(readVirtual(ch, segments, strtab + off, 256), 0);
        } catch (IOException e) {
          // the name is only for the message
        }
      }
      libs.add("needs " + name);
    }
    return libs;
  }

  /** What {@code go version -m} prints: the Go version and the module lines ({@code path}, {@code mod}, {@code dep}, {@code =>}, {@code build}). */
  public record GoBuildInfo(String goVersion, List<String> lines) {

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
  }

  private static final byte[] BUILDINFO_MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * The Go build information in the binary's {@code .go.buildinfo} section (Go 1.18 and later
   * store it inline: the Go version, then the module information between 16-byte sentinels), as
   * {@code go version -m} reads it; empty for a binary without one.
   */
  public Optional<GoBuildInfo> goBuildInfo() {
    try (FileChannel ch = FileChannel.open(path)) {
      requireElf64();
      ByteBuffer h = read(ch, 0, 64);
      long shoff = h.getLong(0x28);
      int shentsize = Short.toUnsignedInt(h.getShort(0x3A));
      int shnum = Short.toUnsignedInt(h.getShort(0x3C));
      int shstrndx = Short.toUnsignedInt(h.getShort(0x3E));
      if (shoff == 0 || shnum == 0 || shstrndx >= shnum) {
        return Optional.empty();
      }
      ByteBuffer names = section(ch, read(ch, shoff + (long) shstrndx * shentsize, 64));
      for (int i = 0; i < shnum; i++) {
        ByteBuffer sh = read(ch, shoff + (long) i * shentsize, 64);
        if (matches(names, sh.getInt(0), ".go.buildinfo".getBytes(StandardCharsets.US_ASCII))) {
          return parseBuildInfo(section(ch, sh));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private ByteBuffer section(FileChannel ch, ByteBuffer header) throws IOException {
    long offset = header.getLong(0x18);
    long size = header.getLong(0x20);
    if (size > 16 << 20) {
      throw new IOException("section too large");
    }
    return read(ch, offset, (int) size);
  }

  private static Optional<GoBuildInfo> parseBuildInfo(ByteBuffer b) {
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

  /** The addresses of those of {@code symbols} that {@code .symtab} has, in one pass over it. */
  private Map<String, Long> symbolAddresses(FileChannel ch, List<String> symbols) throws IOException {
    requireElf64();
    Map<String, Long> found = new LinkedHashMap<>();
    ByteBuffer h = read(ch, 0, 64);
    long shoff = h.getLong(0x28);
    int shentsize = Short.toUnsignedInt(h.getShort(0x3A));
    int shnum = Short.toUnsignedInt(h.getShort(0x3C));
    if (shoff == 0 || shnum == 0) {
      return found;
    }
    List<byte[]> wanted = symbols.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    for (int i = 0; i < shnum; i++) {
      ByteBuffer s = read(ch, shoff + (long) i * shentsize, 64);
      if (s.getInt(4) != SHT_SYMTAB) {
        continue;
      }
      long symOffset = s.getLong(0x18);
      long symSize = s.getLong(0x20);
      int link = s.getInt(0x28);
      long entSize = Math.max(24, s.getLong(0x38));
      ByteBuffer strHeader = read(ch, shoff + (long) link * shentsize, 64);
      long strOffset = strHeader.getLong(0x18);
      long strSize = strHeader.getLong(0x20);
      if (strSize > Integer.MAX_VALUE || symSize > Integer.MAX_VALUE) {
        return found;
      }
      ByteBuffer strings = read(ch, strOffset, (int) strSize);
      ByteBuffer table = read(ch, symOffset, (int) symSize);
      for (long at = 0; at + 24 <= symSize && found.size() < symbols.size(); at += entSize) {
        int name = table.getInt((int) at);
        for (int w = 0; w < wanted.size(); w++) {
          if (name >= 0 && !found.containsKey(symbols.get(w)) && matches(strings, name, wanted.get(w))) {
            found.put(symbols.get(w), table.getLong((int) at + 8));
          }
        }
      }
    }
    return found;
  }

  private static boolean matches(ByteBuffer strings, int at, byte[] wanted) {
    if (at + wanted.length >= strings.limit()) {
      return false;
    }
    for (int i = 0; i < wanted.length; i++) {
      if (strings.get(at + i) != wanted[i]) {
        return false;
      }
    }
    return strings.get(at + wanted.length) == 0;
  }

  /** Reads {@code length} bytes at a virtual address; bytes past a segment's file size (bss) read as zero. */
  private ByteBuffer readVirtual(FileChannel ch, List<Segment> segments, long address, int length) throws IOException {
    for (Segment s : segments) {
      if (s.type == PT_LOAD && address >= s.vaddr && address + length <= s.vaddr + s.memSize) {
        long inSegment = address - s.vaddr;
        if (inSegment >= s.fileSize) {
          return order(ByteBuffer.allocate(length));
        }
        return read(ch, s.offset + inSegment, length);
      }
    }
    throw new IOException("address 0x" + Long.toHexString(address) + " is in no loaded segment");
  }

  private static String cString(ByteBuffer b, int at) {
    int end = at;
    while (end < b.limit() && b.get(end) != 0) {
      end++;
    }
    byte[] out = new byte[end - at];
    b.get(at, out);
    return new String(out, StandardCharsets.UTF_8);
  }

  private void requireElf64() throws IOException {
    if (!is64Bit) {
      throw new IOException(path + " is not a 64-bit ELF file");
    }
  }
}
