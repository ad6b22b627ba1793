package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.ProcessResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release key's rules: where it comes from ({@code --sign-key}; {@code ACK_RELEASE_SIGN_KEY}
 * is that option's variable, read by the CLI's settings as every option's), what a key file may be (a regular PEM file of at most 64 KiB
 * holding a PKCS#8 P-256 key), that it must make signatures its public key verifies before
 * anything is published, and that every bad key is exit 2.
 */
class SigningKeyRulesTest {

  @TempDir Path tmp;

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  Path keyFile(String name, KeyPair kp) throws Exception {
    return Files.writeString(tmp.resolve(name), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
  }

  static String invalid(Runnable r) {
    ReleaseException e = assertThrows(ReleaseException.class, r::run);
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void theKeyComesFromTheOptionOnly() throws Exception {
    KeyPair a = p256();
    KeyPair b = p256();
    Path fileA = keyFile("a.pem", a);
    Path fileB = keyFile("b.pem", b);
    assertEquals(a.getPublic(), SigningKey.fromOption(Optional.of(fileA.toString()), Map.of("ACK_RELEASE_SIGN_KEY",
        fileB.toString())).orElseThrow().publicKey());
    // The variable reaches the library as the option's value (flag > env > file), never a second way.
    assertEquals(Optional.empty(), SigningKey.fromOption(Optional.empty(), Map.of("ACK_RELEASE_SIGN_KEY", fileB.toString())));
    assertEquals(Optional.empty(), SigningKey.fromOption(Optional.empty(), Map.of()));
    assertTrue(invalid(() -> SigningKey.fromOption(Optional.of("awskms:///"), Map.of("AWS_REGION", "us-east-1")))
        .startsWith("--sign-key awskms:/// names no KMS key"));
  }

  @Test
  void anEmptyPasswordIsNoPassword() throws Exception {
    Path key = tmp.resolve("enc.pem");
    ProcessResult.run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
        "-pass", "pass:right-pass", "-out", key.toString()), null, 60).assertOk();
    assertEquals("the signing key " + key + " is encrypted: set ACK_RELEASE_SIGN_KEY_PASSWORD to its password",
        invalid(() -> SigningKey.fromOption(Optional.of(key.toString()), Map.of("ACK_RELEASE_SIGN_KEY_PASSWORD", ""))));
    assertTrue(invalid(() -> SigningKey.pem(key, Optional.of("wrong-pass"))).startsWith("cannot open the encrypted signing key"));
    assertFalse(SigningKey.pem(key, Optional.of("right-pass")).toString().contains("right-pass"));
  }

  @Test
  void aKeyWhosePublicPointIsInfinityIsInvalidInput() throws Exception {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    for (BigInteger d : List.of(BigInteger.ZERO, spec.getOrder())) {
      byte[] der = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec)).getEncoded();
      Path file = Files.writeString(tmp.resolve("zero.pem"), pem("PRIVATE KEY", der));
      assertTrue(invalid(() -> SigningKey.pem(file)).startsWith("the signing key " + file + " is not a usable P-256 key"));
    }
  }

  @Test
  void aKeyThatCannotMakeASignatureItsPublicKeyVerifiesIsInvalidInput() throws Exception {
    PublicKey other = p256().getPublic();
    KeyPair mine = p256();
    SigningKey real = SigningKey.pem(keyFile("mine.pem", mine));
    // Signs with one key, names another public key: what a mismatched KMS key or file would do.
    SigningKey wrongHalf = new SigningKey(real::sign, other, "mismatched");
    assertEquals("the signing key mismatched cannot make a signature its public key verifies: pass an ECDSA P-256 key"
        + " (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)", invalid(() -> wrongHalf.requireSigns("mismatched")));
    SigningKey failing = new SigningKey(payload -> {
      throw ReleaseException.remote("KMS Sign failed", null);
    }, other, "kms");
    invalid(() -> failing.requireSigns("kms"));
    SigningKey good = SigningKey.pem(keyFile("good.pem", mine));
    good.requireSigns("good");
    assertEquals("SigningKey[" + tmp.resolve("good.pem") + "]", good.toString());
  }

  @Test
  void keyFilesAreRegularPemFilesOfAtMost64KiB() throws Exception {
    String key = pem("PRIVATE KEY", p256().getPrivate().getEncoded());
    Path exactly = Files.writeString(tmp.resolve("64k.pem"), key + " ".repeat(64 * 1024 - key.length()));
    assertEquals(64 * 1024, Files.size(exactly));
    SigningKey.pem(exactly);
    Path over = Files.writeString(tmp.resolve("over.pem"), key + " ".repeat(64 * 1024 - key.length() + 1));
    assertEquals("the signing key " + over + " is not a PEM file (a regular file of at most 64 KiB): pass one to --sign-key",
        invalid(() -> SigningKey.pem(over)));
    assertEquals(tmp + " is not a PEM file (a regular file of at most 64 KiB): pass one to --public-key",
        "" + invalid(() -> SigningKey.publicKey(tmp)).replace("the public key ", ""));
    // A file that is not there says so (it was 'not a PEM file': found by a new-user trial).
    Path missing = tmp.resolve("missing.pem");
    assertEquals("the signing key " + missing + " does not exist: pass a PEM file to --sign-key", invalid(() -> SigningKey.pem(missing)));
  }

  @Test
  void aFileWithoutAPkcs8PrivateKeyIsInvalidInputSayingHowToMakeOne() throws Exception {
    KeyPair kp = p256();
    String body = pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    for (String text : List.of(pem("EC PRIVATE KEY", kp.getPrivate().getEncoded()),
        "-----END PRIVATE KEY-----\n" + body.replace("-----END PRIVATE KEY-----\n", ""),
        "-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n", "")) {
      Path file = Files.writeString(tmp.resolve("bad.pem"), text);
      String m = invalid(() -> SigningKey.pem(file));
      assertTrue(m.startsWith("the signing key " + file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)")
          || m.startsWith("the signing key " + file + " is not an EC private key"), m);
    }
    Path rsaLike = Files.writeString(tmp.resolve("rsa.pem"), pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
    assertTrue(invalid(() -> SigningKey.pem(rsaLike)).contains("is not an EC private key"));
  }

  @Test
  void publicKeysMustBeP256() throws Exception {
    KeyPair kp = p256();
    Path pub = Files.writeString(tmp.resolve("pub.pem"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    assertEquals(kp.getPublic(), SigningKey.publicKey(pub));
    KeyPairGenerator g384 = KeyPairGenerator.getInstance("EC");
    g384.initialize(new ECGenParameterSpec("secp384r1"));
    Path p384 = Files.writeString(tmp.resolve("p384.pem"), pem("PUBLIC KEY", g384.generateKeyPair().getPublic().getEncoded()));
    assertTrue(invalid(() -> SigningKey.publicKey(p384)).startsWith(p384 + " is not a P-256 public key"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    Path rsaPub = Files.writeString(tmp.resolve("rsa.pem"), pem("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded()));
    assertTrue(invalid(() -> SigningKey.publicKey(rsaPub)).startsWith(rsaPub + " is not an EC public key"));
    Path none = Files.writeString(tmp.resolve("none.pem"), "nothing");
    assertEquals(none + " holds no PEM public key (-----BEGIN PUBLIC KEY-----): pass one to --public-key",
        invalid(() -> SigningKey.publicKey(none)));
  }

  @Test
  void aSignatureVerifiesOnlyWithItsKeyOverItsPayload() throws Exception {
    KeyPair kp = p256();
    SigningKey key = SigningKey.pem(keyFile("k.pem", kp));
    byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.sign(payload);
    assertTrue(SigningKey.verifies(kp.getPublic(), payload, sig));
    assertFalse(SigningKey.verifies(p256().getPublic(), payload, sig));
    assertFalse(SigningKey.verifies(kp.getPublic(), "other".getBytes(StandardCharsets.UTF_8), sig));
    assertFalse(SigningKey.verifies(kp.getPublic(), payload, new byte[] {1, 2, 3}));
    assertFalse(SigningKey.verifies(null, payload, sig));
    assertEquals(pem("PUBLIC KEY", kp.getPublic().getEncoded()), key.publicKeyPem());
  }
}
