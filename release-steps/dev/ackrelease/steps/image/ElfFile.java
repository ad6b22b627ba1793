package dev.ackrelease.steps.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ELF64 file open for reading, knowing the ELF layout and nothing of Go: bytes at file offsets
 * in the file's byte order, the program headers (segments), bytes at a virtual address inside a
 * loaded segment, the section header table, and a section's contents by name. Data that lies
 * outside the file is an {@link IOException}.
 */
final class ElfFile implements Closeable {

  private static final int PT_LOAD = 1;

  /** A program header: what the loader maps where. */
  record Segment(long type, long offset, long vaddr, long fileSize, long memSize) {}

  /** The section header table: its file offset, entry size, entry count and the index of the section names. */
  record SectionTable(long offset, int entrySize, int count, int namesIndex) {}

  private final Path path;
  private final boolean is64Bit;
  private final boolean littleEndian;
  private final FileChannel ch;

  private ElfFile(Path path, boolean is64Bit, boolean littleEndian, FileChannel ch) {
    this.path = path;
    this.is64Bit = is64Bit;
    this.littleEndian = littleEndian;
    this.ch = ch;
  }

  /** Opens the file whose header {@code elf} holds. */
  static ElfFile open(ElfBinary elf) throws IOException {
    return new ElfFile(elf.path(), elf.is64Bit(), elf.littleEndian(), FileChannel.open(elf.path(), StandardOpenOption.READ));
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** {@code length} zero bytes in the file's byte order. */
  ByteBuffer zeros(int length) {
    return order(ByteBuffer.allocate(length));
  }

  private ByteBuffer order(ByteBuffer b) {
    return b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }

  /** The {@code length} bytes at file offset {@code offset}. */
  ByteBuffer read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > ch.size()) {
      throw new IOException("ELF data at " + offset + "+" + length + " lies outside the file");
    }
    ByteBuffer b = zeros(length);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return b.flip();
  }

  /** The program headers. */
  List<Segment> segments() throws IOException {
    requireElf64();
    ByteBuffer h = read(0, 64);
    long phoff = h.getLong(0x20);
    int phentsize = Short.toUnsignedInt(h.getShort(0x36));
    int phnum = Short.toUnsignedInt(h.getShort(0x38));
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      ByteBuffer p = read(phoff + (long) i * phentsize, 56);
      segments.add(new Segment(Integer.toUnsignedLong(p.getInt(0)), p.getLong(8), p.getLong(16), p.getLong(32), p.getLong(40)));
    }
    return segments;
  }

  /** Reads {@code length} bytes at a virtual address; bytes past a segment's file size (bss) read as zero. */
  ByteBuffer readVirtual(List<Segment> segments, long address, int length) throws IOException {
    for (Segment s : segments) {
      if (s.type() == PT_LOAD && address >= s.vaddr() && address + length <= s.vaddr() + s.memSize()) {
        long inSegment = address - s.vaddr();
        if (inSegment >= s.fileSize()) {
          return zeros(length);
        }
        return read(s.offset() + inSegment, length);
      }
    }
    throw new IOException("address 0x" + Long.toHexString(address) + " is in no loaded segment");
  }

  /** Where the section headers are, from the ELF header. */
  SectionTable sectionTable() throws IOException {
    requireElf64();
    ByteBuffer h = read(0, 64);
    return new SectionTable(h.getLong(0x28), Short.toUnsignedInt(h.getShort(0x3A)), Short.toUnsignedInt(h.getShort(0x3C)),
        Short.toUnsignedInt(h.getShort(0x3E)));
  }

  /** Section header {@code index} of {@code table}. */
  ByteBuffer sectionHeader(SectionTable table, int index) throws IOException {
    return read(table.offset() + (long) index * table.entrySize(), 64);
  }

  /** The contents of the first section called {@code name}; empty when the file has no such section. */
  Optional<ByteBuffer> section(String name) throws IOException {
    SectionTable t = sectionTable();
    if (t.offset() == 0 || t.count() == 0 || t.namesIndex() >= t.count()) {
      return Optional.empty();
    }
    ByteBuffer names = contents(sectionHeader(t, t.namesIndex()));
    byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < t.count(); i++) {
      ByteBuffer sh = sectionHeader(t, i);
      if (matches(names, sh.getInt(0), wanted)) {
        return Optional.of(contents(sh));
      }
    }
    return Optional.empty();
  }

  private ByteBuffer contents(ByteBuffer header) throws IOException {
    long offset = header.getLong(0x18);
    long size = header.getLong(0x20);
    if (size > 16 << 20) {
      throw new IOException("section too large");
    }
    return read(offset, (int) size);
  }

  /** Whether the NUL-terminated string at {@code at} in a string table is exactly {@code wanted}. */
  static boolean matches(ByteBuffer strings, int at, byte[] wanted) {
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

  /** The NUL-terminated UTF-8 string at {@code at}, or up to the buffer's end. */
  static String cString(ByteBuffer b, int at) {
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
