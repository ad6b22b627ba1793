package dev.ackrelease.steps.image;

import dev.ackrelease.steps.image.ElfFile.SectionTable;
import dev.ackrelease.steps.image.ElfFile.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of Go package-level string variables as linked into a binary, looked up by symbol
 * name in its {@code .symtab}: proof that {@code -X} really stamped the version, since Go's linker
 * ignores {@code -X} for a package that is not linked, silently.
 */
final class GoSymbols {

  private static final int SHT_SYMTAB = 2;

  private GoSymbols() {}

  /**
   * Each of {@code names} in package {@code importPath} mapped to its value, or to empty when the
   * binary has no such symbol; one pass over the symbol table (megabytes in a real controller).
   */
  static Map<String, Optional<String>> stringVariables(ElfBinary binary, String importPath, List<String> names) {
    String prefix = prefix(importPath) + ".";
    try (ElfFile elf = ElfFile.open(binary)) {
      Map<String, Long> addresses = symbolAddresses(elf, names.stream().map(n -> prefix + n).toList());
      List<Segment> segments = elf.segments();
      Map<String, Optional<String>> values = new LinkedHashMap<>();
      for (String name : names) {
        Long address = addresses.get(prefix + name);
        values.put(name, address == null ? Optional.empty() : Optional.of(readGoString(elf, segments, address)));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Go string whose header (pointer, length) is at {@code address}; {@code ""} when unset. */
  private static String readGoString(ElfFile elf, List<Segment> segments, long address) throws IOException {
    ByteBuffer header = elf.readVirtual(segments, address, 16);
    long data = header.getLong(0);
    long length = header.getLong(8);
    if (data == 0 || length <= 0 || length > 1 << 20) {
      return "";
    }
    ByteBuffer bytes = elf.readVirtual(segments, data, (int) length);
    byte[] out = new byte[(int) length];
    bytes.get(0, out);
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * How Go's linker names a package's symbols: the import path with the last element's dots
   * and unusual bytes %-escaped (cmd/internal/objabi.PathToPrefix).
   */
  static String prefix(String importPath) {
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

  /** The addresses of those of {@code symbols} that {@code .symtab} has, in one pass over it. */
  private static Map<String, Long> symbolAddresses(ElfFile elf, List<String> symbols) throws IOException {
    Map<String, Long> found = new LinkedHashMap<>();
    SectionTable t = elf.sectionTable();
    if (t.offset() == 0 || t.count() == 0) {
      return found;
    }
    List<byte[]> wanted = symbols.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    for (int i = 0; i < t.count(); i++) {
      ByteBuffer s = elf.sectionHeader(t, i);
      if (s.getInt(4) != SHT_SYMTAB) {
        continue;
      }
      long symOffset = s.getLong(0x18);
      long symSize = s.getLong(0x20);
      int link = s.getInt(0x28);
      long entSize = Math.max(24, s.getLong(0x38));
      ByteBuffer strHeader = elf.sectionHeader(t, link);
      long strOffset = strHeader.getLong(0x18);
      long strSize = strHeader.getLong(0x20);
      if (strSize > Integer.MAX_VALUE || symSize > Integer.MAX_VALUE) {
        return found;
      }
      ByteBuffer strings = elf.read(strOffset, (int) strSize);
      ByteBuffer table = elf.read(symOffset, (int) symSize);
      for (long at = 0; at + 24 <= symSize && found.size() < symbols.size(); at += entSize) {
        int name = table.getInt((int) at);
        for (int w = 0; w < wanted.size(); w++) {
          if (name >= 0 && !found.containsKey(symbols.get(w)) && ElfFile.matches(strings, name, wanted.get(w))) {
            found.put(symbols.get(w), table.getLong((int) at + 8));
          }
        }
      }
    }
    return found;
  }
}
