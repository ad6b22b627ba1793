package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.ProcessResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as openssl writes them: plain and encrypted PKCS#8; signatures openssl verifies; bad keys are exit 2. */
class SigningKeyTest {

  @TempDir Path tmp;

  Path openssl(String... args) {
    ProcessResult.run(new ArrayList<>(List.of(args)) {{ add(0, "openssl"); }}, null, 60).assertOk();
    return tmp;
  }

  @Test
  void anEncryptedKeyOpensWithItsPasswordAndSignsWhatOpensslVerifies() throws Exception {
    Path key = tmp.resolve("enc.pem");
    Path pub = tmp.resolve("enc.pub");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", "pass:s3cret-key-pass",
        "-out", key.toString());
    openssl("pkey", "-in", key.toString(), "-passin", "pass:s3cret-key-pass", "-pubout", "-out", pub.toString());
    assertTrue(Files.readString(key).contains("ENCRYPTED PRIVATE KEY"));

    SigningKey signing = SigningKey.fromOption(Optional.of(key.toString()), Map.of("ACK_RELEASE_SIGN_KEY_PASSWORD",
        "s3cret-key-pass")).orElseThrow();

    assertEquals(Files.readString(pub), signing.publicKeyPem());
    byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
    Files.write(tmp.resolve("payload"), payload);
    Files.write(tmp.resolve("sig"), signing.sign(payload));
    String out = ProcessResult.run(List.of("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature",
        tmp.resolve("sig").toString(), tmp.resolve("payload").toString()), null, 60).assertOk().stdout().strip();
    assertEquals("Verified OK", out);
    assertTrue(!signing.toString().contains("PRIVATE"), signing.toString());
  }

  @Test
  void aWrongOrMissingPasswordAndKeysThatAreNotP256AreInvalidInput() throws Exception {
    Path key = tmp.resolve("enc.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", "pass:right",
        "-out", key.toString());
    Path rsa = tmp.resolve("rsa.pem");
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa.toString());
    Path p384 = tmp.resolve("p384.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", p384.toString());
    // A 256-bit field like P-256's: the JDK parses it but cannot sign with it, nor can cosign verify it.
    Path k1 = tmp.resolve("k1.pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", k1.toString());
    Path garbled = Files.writeString(tmp.resolve("garbled.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n%%%not base64%%%\n");
    Path k1pub = tmp.resolve("k1.pub");
    openssl("pkey", "-in", k1.toString(), "-pubout", "-out", k1pub.toString());
    for (var attempt : List.<Supplier<?>>of(
        () -> SigningKey.fromOption(Optional.of(key.toString()), Map.of("ACK_RELEASE_SIGN_KEY_PASSWORD", "wrong")),
        () -> SigningKey.fromOption(Optional.of(key.toString()), Map.of()),
        () -> SigningKey.pem(rsa),
        () -> SigningKey.pem(p384),
        () -> SigningKey.pem(k1),
        () -> SigningKey.publicKey(k1pub),
        () -> SigningKey.pem(tmp.resolve("missing.pem")),
        () -> SigningKey.pem(Path.of("/dev/zero")),
        () -> SigningKey.publicKey(Path.of("/dev/zero")),
        () -> SigningKey.pem(tmp),
        () -> SigningKey.fromOption(Optional.of("awskms:///"), Map.of("AWS_REGION", "us-east-1")),
        () -> SigningKey.fromOption(Optional.of("awskms:///arn:aws:kms::1:key/x"), Map.of()),
        () -> SigningKey.fromOption(Optional.of("awskms:///alias/release"), Map.of("AWS_REGION", "us-east-1",
            "ACK_RELEASE_KMS_ENDPOINT", "foo")),
        () -> SigningKey.fromOption(Optional.of("awskms:///alias/release"), Map.of("AWS_REGION", "us-east-1",
            "ACK_RELEASE_KMS_ENDPOINT", "http://127.0.0.1:70000")),
        () -> SigningKey.fromOption(Optional.of("awskms:///alias/release"), Map.of("AWS_REGION", "us-east-1",
            "ACK_RELEASE_KMS_ENDPOINT", "https://u:right@kms.example.com")),
        () -> SigningKey.fromOption(Optional.of(garbled.toString()), Map.of("ACK_RELEASE_SIGN_KEY_PASSWORD", "right")))) {
      ReleaseException e = assertThrows(ReleaseException.class, attempt::get);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
      assertTrue(!e.getMessage().contains("right"), "no password in messages");
    }
  }
}
