package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.ProcessResult;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * github-release's key: {@code --public-key FILE}, else the public half of {@code --sign-key REF}
 * (a PEM key, or a KMS key read with GetPublicKey only), else none; both given must be one key.
 */
class ReleasePublicKeyTest {

  static final String PASSWORD = "release-key-pass";

  @TempDir Path tmp;
  Path key;
  Path pub;
  Path other;

  @BeforeEach
  void keys() {
    System.setProperty("aws.accessKeyId", "AKIAKMSTEST");
    System.setProperty("aws.secretAccessKey", "kms-test-secret");
    key = tmp.resolve("key.pem");
    pub = tmp.resolve("key.pub");
    other = tmp.resolve("other.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", other.toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    ProcessResult.run(cmd, null, 60).assertOk();
  }

  static Optional<PublicKey> of(Path publicKey, String signKey, Map<String, String> env) {
    return ReleasePublicKey.of(Optional.ofNullable(publicKey), Optional.ofNullable(signKey), env);
  }

  static String failure(ReleaseException.Kind kind, Runnable r) {
    ReleaseException e = assertThrows(ReleaseException.class, r::run);
    assertEquals(kind, e.kind(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void neitherGivenIsNoKeyAndThePublicKeyAloneIsItself() {
    assertEquals(Optional.empty(), of(null, null, Map.of()));
    assertEquals(SigningKey.publicKey(pub), of(pub, null, Map.of()).orElseThrow());
  }

  @Test
  void aSignKeyAloneGivesItsPublicHalfTheBytesOfItsPublicKeyFile() throws Exception {
    PublicKey fromSignKey = of(null, key.toString(), Map.of()).orElseThrow();
    assertArrayEquals(SigningKey.publicKey(pub).getEncoded(), fromSignKey.getEncoded());
    // What publish --github-release attaches: the signing key's public key, the same one.
    assertEquals(SigningKey.pem(key).publicKey(), fromSignKey);
    assertEquals(Files.readString(pub), SigningKey.pem(key).publicKeyPem());
    // Both given and one key: --public-key's.
    assertEquals(SigningKey.publicKey(pub), of(pub, key.toString(), Map.of()).orElseThrow());
  }

  @Test
  void aPublicKeyThatIsNotTheSignKeysIsInvalidInputNamingBoth() throws Exception {
    String message = failure(ReleaseException.Kind.INVALID_INPUT, () -> of(pub, other.toString(), Map.of()));
    assertEquals("--public-key " + pub + " is not the public half of --sign-key " + other + ": pass the public key of the"
        + " key the release was signed with, or only --sign-key", message);
    String body = Files.readString(other).replaceAll("-----[A-Z ]+-----|\\s", "");
    assertFalse(message.contains(body.substring(0, 24)), "no private byte in " + message);
  }

  @Test
  void anEncryptedSignKeyWithoutItsPasswordIsInvalidInputAndWithItGivesItsPublicHalf() {
    Path encrypted = tmp.resolve("enc.pem");
    openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-passout", "pass:" + PASSWORD, "-out",
        encrypted.toString());
    String message = failure(ReleaseException.Kind.INVALID_INPUT, () -> of(null, encrypted.toString(), Map.of()));
    assertTrue(message.contains("ACK_RELEASE_SIGN_KEY_PASSWORD"), message);
    assertEquals(SigningKey.publicKey(pub), of(null, encrypted.toString(), Map.of("ACK_RELEASE_SIGN_KEY_PASSWORD", PASSWORD))
        .orElseThrow());
  }

  @Test
  void aKmsKeyGivesItsPublicHalfSigningNothingAndOneThatCannotBeReadIsRemote() throws Exception {
    try (KmsStub kms = new KmsStub()) {
      Path kmsPub = kms.publicKeyPem(tmp.resolve("kms.pub"));
      Map<String, String> env = Map.of(KmsSigningKey.ENDPOINT_ENV, kms.endpoint().toString());
      String ref = "awskms:///" + KmsStub.KEY_ARN;
      assertEquals(SigningKey.publicKey(kmsPub), of(null, ref, env).orElseThrow());
      assertEquals(SigningKey.publicKey(kmsPub), of(kmsPub, ref, env).orElseThrow());
      assertEquals(0, kms.signs(), "nothing signed");
      assertEquals("--public-key " + pub + " is not the public half of --sign-key " + ref + ": pass the public key of the"
          + " key the release was signed with, or only --sign-key",
          failure(ReleaseException.Kind.INVALID_INPUT, () -> of(pub, ref, env)));
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Map<String, String> unreachable = Map.of(KmsSigningKey.ENDPOINT_ENV, "http://127.0.0.1:" + closed,
        "ACK_RELEASE_RETRY_ATTEMPTS", "1");
    assertTrue(failure(ReleaseException.Kind.REMOTE, () -> of(null, "awskms:///" + KmsStub.KEY_ARN, unreachable))
        .startsWith("cannot read the public key of KMS key " + KmsStub.KEY_ARN), "exit 4");
  }
}
