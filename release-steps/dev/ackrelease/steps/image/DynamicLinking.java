package dev.ackrelease.steps.image;

import dev.ackrelease.steps.image.ElfFile.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Why an ELF executable is not statically linked: its interpreter ({@code PT_INTERP}) and the
 * shared libraries its dynamic section says it needs ({@code DT_NEEDED}). A dynamic binary cannot
 * start on a distroless or scratch base.
 */
final class DynamicLinking {

  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;

  private DynamicLinking() {}

  /** The interpreter and the needed libraries, as message fragments; empty for a statically linked binary. */
  static List<String> dependencies(ElfBinary binary) {
    try (ElfFile elf = ElfFile.open(binary)) {
      List<String> found = new ArrayList<>();
      List<Segment> segments = elf.segments();
      for (Segment s : segments) {
        if (s.type() == PT_INTERP) {
          found.add("interpreter " + ElfFile.cString(elf.read(s.offset(), (int) Math.min(s.fileSize(), 4096)), 0));
        }
      }
      for (Segment s : segments) {
        if (s.type() == PT_DYNAMIC) {
          found.addAll(needed(elf, s, segments));
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> needed(ElfFile elf, Segment dynamic, List<Segment> segments) throws IOException {
    ByteBuffer d = elf.read(dynamic.offset(), (int) Math.min(dynamic.fileSize(), 1 << 20));
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
      } else if (tag == DT_STRTAB) {
        strtab = value;
      }
    }
    List<String> libs = new ArrayList<>();
    for (long off : neededOffsets) {
      String name = "a shared library";
      if (strtab >= 0) {
        try {
          name = ElfFile.cString(elf.readVirtual(segments, strtab + off, 256), 0);
        } catch (IOException e) {
          // the name is only for the message
        }
      }
      libs.add("needs " + name);
    }
    return libs;
  }
}
