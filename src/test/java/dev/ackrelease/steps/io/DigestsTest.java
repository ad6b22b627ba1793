package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI digests: {@code sha256:} and the lower-case hex of SHA-256, SHA-512 for {@code sha512:} (FIPS 180-2 test vectors). */
class DigestsTest {

  static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final String ABC_512 = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
      + "454d4423643ce80e2a9ac94fa54ca49f";

  @TempDir Path tmp;

  @Test
  void bytesFilesAndStreamsGiveTheSameDigest() throws Exception {
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    assertEquals(ABC, Digests.sha256(abc));
    assertEquals(ABC, Digests.sha256(Files.write(tmp.resolve("abc"), abc)));
    assertEquals(ABC, Digests.sha256(new ByteArrayInputStream(abc)));
    assertEquals(EMPTY, Digests.sha256(new byte[0]));
    assertEquals(EMPTY, Digests.sha256(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void aStreamLongerThanOneBlockIsReadToItsEnd() throws Exception {
    byte[] big = new byte[(1 << 16) * 3 + 17];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = 'y';
    assertEquals(Digests.sha256(big), Digests.sha256(new ByteArrayInputStream(big)));
    assertEquals(Digests.sha256(big), Digests.sha256(Files.write(tmp.resolve("big"), big)));
  }

  @Test
  void aStreamIsDigestedFromWhereItStands() throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream("xxabc".getBytes(StandardCharsets.UTF_8));
    in.skip(2);
    assertEquals(ABC, Digests.sha256(in));
  }

  @Test
  void eachDigesterIsFreshAndFormatWritesLowerCaseHex() {
    assertNotSame(Digests.sha256(), Digests.sha256());
    assertEquals("sha256:00ff0a", Digests.format(new byte[] {0, (byte) 0xff, 0x0a}));
  }

  @Test
  void contentIsDigestedInTheAlgorithmOfTheDigestItIsComparedWith() {
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    assertEquals(ABC_512, Digests.like("sha512:" + "0".repeat(128), abc));
    assertEquals(ABC, Digests.like("sha256:" + "0".repeat(64), abc));
    assertEquals(ABC, Digests.like("not a digest", abc), "anything else is compared with SHA-256, and differs");
  }
}
