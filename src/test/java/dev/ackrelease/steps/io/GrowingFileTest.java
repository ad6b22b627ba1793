package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read while it is written: every byte, from the first, ending where the writer finished. */
class GrowingFileTest {

  @TempDir Path tmp;

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void aReaderOpenedBeforeTheBytesGetsEachAsItIsWrittenAndEndsWithTheWriter() throws Exception {
    byte[] data = bytes(300_000);
    GrowingFile.Writer w = GrowingFile.create(tmp.resolve("f"));
    InputStream early = w.file().open();
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = early) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    w.write(data, 0, 1000);
    Thread.sleep(100);
    assertFalse(read.isDone(), "the reader waits for the writer, it does not end at the bytes written so far");
    assertEquals(1000, Files.size(w.file().path()), "every write is in the file when it returns");
    w.write(data, 1000, data.length - 1000);
    assertFalse(w.file().ended());
    w.finish();
    assertTrue(w.file().ended());
    assertArrayEquals(data, read.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aReaderOpenedLateOrAfterAMoveReadsFromTheFirstByte() throws Exception {
    byte[] data = bytes(70_000);
    GrowingFile.Writer w = GrowingFile.create(tmp.resolve("f"));
    w.write(data, 0, 50_000);
    InputStream before = w.file().open();
    w.write(data, 50_000, 20_000);
    w.finish();
    Path moved = tmp.resolve("moved");
    w.file().moved(moved, () -> Files.move(tmp.resolve("f"), moved));

    assertEquals(moved, w.file().path());
    try (InputStream after = w.file().open()) {
      assertArrayEquals(data, after.readAllBytes(), "a reader opened after the move reads the file where it is");
    }
    try (InputStream in = before) {
      assertArrayEquals(data, in.readAllBytes(), "a reader opened before the move keeps reading it");
    }
  }

  @Test
  void aFailedOrAbandonedWriterFailsItsReadersAndLeavesNoFile() throws Exception {
    GrowingFile.Writer failed = GrowingFile.create(tmp.resolve("failed"));
    failed.write(bytes(10), 0, 10);
    InputStream reader = failed.file().open();
    failed.fail(new IOException("the binary could not be read"));
    assertFalse(Files.exists(tmp.resolve("failed")), "the partial file is deleted");
    GrowingFile.Abandoned e = assertThrows(GrowingFile.Abandoned.class, () -> reader.readAllBytes());
    assertTrue(e.getMessage().contains("the binary could not be read"), e.getMessage());

    GrowingFile.Writer abandoned = GrowingFile.create(tmp.resolve("abandoned"));
    InputStream waiting = abandoned.file().open();
    abandoned.close();
    assertThrows(GrowingFile.Abandoned.class, () -> waiting.read());
    assertFalse(Files.exists(tmp.resolve("abandoned")));
  }
}
