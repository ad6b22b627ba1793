package dev.ackrelease.steps;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Work under way that a person may watch: an upload, a Go build, an image layer. A step opens
 * one with {@link Log#progress}, reports how much is done, and closes it when the work ends
 * (done or failed); the command line draws it as a bar on a terminal, as a line every so often
 * in a log, or not at all. Updates come from any thread.
 */
public interface Progress extends AutoCloseable {

  /** Progress nobody watches. */
  Progress NONE = new Progress() {
    @Override
    public void update(long done) {}

    @Override
    public void close() {}
  };

  /** How much is done, in the unit of the total given when the work began (bytes); a retry may start again from 0. */
  void update(long done);

  /** The work ended, done or not. */
  @Override
  void close();

  /** {@code in}, reporting what is read from it as done here, counted from 0. */
  default InputStream counting(InputStream in) {
    update(0);
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          update(++read);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
          update(read);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        read += skipped;
        update(read);
        return skipped;
      }
    };
  }
}
