package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.KmsStub;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.HashMap;
import java.util.Optional;

/**
 * {@code --sign-key awskms:///<key>}: the key id, the region (from the ARN, else the
 * environment), a key that is not ECDSA P-256 for signing refused before anything is published,
 * and KMS failures as remote failures; signatures made by KMS over the payload's SHA-256 verify
 * with the key's public half. The real AWS SDK talks to {@link KmsStub}.
 */
class KmsSigningKeyTest {

  @TempDir Path tmp;

  @BeforeEach
  void credentials() {
    System.setProperty("aws.accessKeyId", "AKIAKMSTEST");
    System.setProperty("aws.secretAccessKey", "kms-test-secret");
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static Map<String, String> env(KmsStub kms, String... more) {
    Map<String, String> env = new HashMap<>(Map.of(KmsSigningKey.ENDPOINT_ENV, kms.endpoint().toString()));
    for (int i = 0; i + 1 < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  static String failure(ReleaseException.Kind kind, Runnable r) {
    ReleaseException e = assertThrows(ReleaseException.class, r::run);
    assertEquals(kind, e.kind(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aKmsKeySignsWhatItsPublicKeyVerifies() throws Exception {
    try (KmsStub kms = new KmsStub()) {
      SigningKey key = KmsSigningKey.open("awskms:///" + KmsStub.KEY_ARN, env(kms));
      assertEquals(SigningKey.publicKey(kms.publicKeyPem(tmp.resolve("pub.pem"))), key.publicKey());
      byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
      assertTrue(SigningKey.verifies(key.publicKey(), payload, key.sign(payload)));
      assertEquals(1, kms.signs());
      assertEquals("SigningKey[awskms:///" + KmsStub.KEY_ARN + "]", key.toString());
      // An alias with the region from the environment; a host in the reference is not part of the key id.
      SigningKey alias = SigningKey.fromOption(Optional.of("awskms://kms.example.com/alias/release"),
          env(kms, "AWS_DEFAULT_REGION", "eu-west-1")).orElseThrow();
      assertEquals(key.publicKey(), alias.publicKey());
      assertEquals(key.publicKey(), KmsSigningKey.open("awskms:///alias/release", env(kms, "AWS_REGION", "eu-west-1",
          "AWS_DEFAULT_REGION", "not a region")).publicKey());
    }
  }

  @Test
  void aReferenceWithoutKeyOrRegionIsInvalidInput() throws Exception {
    try (KmsStub kms = new KmsStub()) {
      for (String ref : List.of("awskms:///", "awskms://host/", "awskms:///a key")) {
        assertTrue(failure(ReleaseException.Kind.INVALID_INPUT, () -> KmsSigningKey.open(ref, env(kms, "AWS_REGION", "us-east-1")))
            .startsWith("--sign-key " + ref + " names no KMS key"), ref);
      }
      assertEquals("--sign-key awskms:///alias/release: no region for the KMS key; give the key's full ARN"
          + " (arn:aws:kms:<region>:<account>:key/<id>) or set AWS_REGION",
          failure(ReleaseException.Kind.INVALID_INPUT, () -> KmsSigningKey.open("awskms:///alias/release", env(kms))));
      assertTrue(failure(ReleaseException.Kind.INVALID_INPUT, () -> KmsSigningKey.open("awskms:///arn:aws:kms", env(kms)))
          .contains("no region for the KMS key"), "an ARN too short to name a region");
    }
  }

  @Test
  void aKeyOfAnotherSpecUseOrAlgorithmIsRefusedBeforeAnythingIsSigned() throws Exception {
    for (String[] spec : new String[][] {{"secp384r1", "ECC_NIST_P384", "SIGN_VERIFY", "ECDSA_SHA_384"},
        {"secp256r1", "ECC_NIST_P256", "ENCRYPT_DECRYPT", "ECDSA_SHA_256"}, {"secp256r1", "ECC_NIST_P256", "SIGN_VERIFY",
            "ECDSA_SHA_384"}}) {
      try (KmsStub kms = new KmsStub(spec[0], spec[1], spec[2], spec[3])) {
        String m = failure(ReleaseException.Kind.INVALID_INPUT, () -> KmsSigningKey.open("awskms:///" + KmsStub.KEY_ARN, env(kms)));
        assertTrue(m.startsWith("KMS key " + KmsStub.KEY_ARN + " is " + spec[1] + " for " + spec[2] + ", not an ECC_NIST_P256"
            + " SIGN_VERIFY key with ECDSA_SHA_256"), m);
        assertEquals(0, kms.signs());
      }
    }
  }

  @Test
  void kmsThatCannotBeReachedIsARemoteFailure() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, String> env = Map.of(KmsSigningKey.ENDPOINT_ENV, "http://127.0.0.1:" + closed);
    assertTrue(failure(ReleaseException.Kind.REMOTE, () -> KmsSigningKey.open("awskms:///" + KmsStub.KEY_ARN, env))
        .startsWith("cannot read the public key of KMS key " + KmsStub.KEY_ARN + " ("));

    KmsStub kms = new KmsStub();
    SigningKey key;
    try {
      key = KmsSigningKey.open("awskms:///" + KmsStub.KEY_ARN, env(kms));
    } finally {
      kms.close();
    }
    assertTrue(failure(ReleaseException.Kind.REMOTE, () -> key.sign(new byte[] {1})).startsWith("KMS Sign with key "
        + KmsStub.KEY_ARN + " failed ("));
  }
}
