package dev.ackrelease.steps.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file one thread writes while others read it as it grows: a reader opened at any moment gets
 * every byte from the first, the ones written so far at once and the rest as they come, and ends
 * where the writer finished. Its bytes are read from the file (the page cache), so a reader may
 * start late or read twice (a retried upload) without the writer keeping anything in memory.
 * A writer that fails or is abandoned makes every reader fail ({@link Abandoned}).
 */
public final class GrowingFile {

  /** What moves the file once written (renames it into place), while no reader opens it. */
  public interface Move {
    void run() throws IOException;
  }

  /**
   * What a reader throws once the writer failed: unchecked and without an I/O cause, so nothing
   * takes it for a network failure worth another attempt.
   */
  public static final class Abandoned extends RuntimeException {
    Abandoned(String message) {
      super(message);
    }
  }

  private Path file;
  private long written;
  private boolean finished;
  private Throwable failure;

  private GrowingFile(Path file) {
    this.file = file;
  }

  /** A new, empty file at {@code file} (it must not exist) and the stream that writes it. */
  public static Writer create(Path file) throws IOException {
    GrowingFile growing = new GrowingFile(file);
    return growing.new Writer(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  /** Where the bytes are now. */
  public synchronized Path path() {
    return file;
  }

  /** Runs {@code move}, after which the bytes are at {@code to}; readers opened before keep reading. */
  public synchronized void moved(Path to, Move move) throws IOException {
    move.run();
    file = to;
  }

  /** Whether the writer has finished (all bytes are there) or failed. */
  public synchronized boolean ended() {
    return finished || failure != null;
  }

  /** A reader of every byte from the first; it waits for the writer where it has caught up with it. */
  public synchronized InputStream open() throws IOException {
    return new Reader(FileChannel.open(file, StandardOpenOption.READ));
  }

  private synchronized void grew(long n) {
    written += n;
    notifyAll();
  }

  private synchronized void end(Throwable cause) {
    if (!finished && failure == null) {
      if (cause == null) {
        finished = true;
      } else {
        failure = cause;
      }
    }
    notifyAll();
  }

  /** How many bytes a reader at {@code position} may read now: 0 at the end, waiting while none has come. */
  private synchronized long readable(long position) throws IOException {
    while (written <= position && !finished && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + file + " to grow");
      }
    }
    if (written <= position && failure != null) {
      throw new Abandoned("the writing of " + file + " failed (" + failure.getMessage() + ")");
    }
    return written - position;
  }

  /** The writing end: every write is in the file when it returns; {@link #finish} or {@link #fail} ends it. */
  public final class Writer extends OutputStream {
    private final FileChannel channel;

    private Writer(FileChannel channel) {
      this.channel = channel;
    }

    public GrowingFile file() {
      return GrowingFile.this;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      grew(len);
    }

    /** Closes the file; readers read to its end. */
    public void finish() throws IOException {
      channel.close();
      end(null);
    }

    /** Closes and deletes the file; readers that have not read every byte fail ({@link Abandoned}, naming {@code cause}). */
    public void fail(Throwable cause) {
      end(cause);
      try {
        channel.close();
        Files.deleteIfExists(path());
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }

    /** Without {@link #finish}: the writing was abandoned (readers fail). */
    @Override
    public void close() {
      if (!ended()) {
        fail(new IOException("the writer of " + file + " stopped before the end"));
      }
    }
  }

  private final class Reader extends InputStream {
    private final FileChannel channel;
    private long position;

    Reader(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long ready = readable(position);
      if (ready == 0) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, ready)), position);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
