package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.Variables;
import dev.ackrelease.steps.io.PathInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The key a release is signed with: ECDSA P-256 with SHA-256, signatures in ASN.1 DER, as
 * cosign makes them. From a PEM file holding a PKCS#8 private key ({@code openssl genpkey
 * -algorithm EC -pkeyopt ec_paramgen_curve:P-256}); its public key is derived from it. The key's
 * bytes never leave this class: {@link #toString} names the file only.
 */
public final class SigningKey {

  /** Makes a DER ECDSA-SHA256 signature over a payload. */
  interface Signer {
    byte[] sign(byte[] payload);
  }

  private final Signer signer;
  private final PublicKey publicKey;
  private final String describe;

  SigningKey(Signer signer, PublicKey publicKey, String describe) {
    this.signer = signer;
    this.publicKey = publicKey;
    this.describe = describe;
  }

  /**
   * {@code --sign-key REF}: a PEM file path, or {@code awskms:///<key-id|alias/name|arn>} for a
   * key that never leaves AWS KMS; {@code env} holds the key's password and KMS's region and endpoint.
   */
  public static Optional<SigningKey> fromOption(Optional<String> ref, Map<String, String> env) {
    return ref.map(r -> r.startsWith("awskms://") ? KmsSigningKey.open(r, env)
        : pem(PathInput.of(r, "--sign-key", "pass a PEM key file or an awskms:// key"), Optional.ofNullable(env.get(Variables.SIGN_KEY_PASSWORD)).filter(p -> !p.isEmpty())));
  }

  /** An unencrypted PKCS#8 PEM private key (EC P-256). */
  public static SigningKey pem(Path file) {
    return pem(file, Optional.empty());
  }

  /**
   * A PKCS#8 PEM private key (EC P-256); an encrypted one ({@code -----BEGIN ENCRYPTED PRIVATE
   * KEY-----}, PBES2 as openssl writes it) is opened with {@code password}
   * ({@code ACK_RELEASE_SIGN_KEY_PASSWORD}).
   */
  public static SigningKey pem(Path file, Optional<String> password) {
    String text = readKeyFile(file, "the signing key", "--sign-key");
    byte[] der;
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      String pass = password.orElseThrow(() -> ReleaseException.invalidIn(Variables.SIGN_KEY_PASSWORD, "the signing key " + file
          + " is encrypted: set ACK_RELEASE_SIGN_KEY_PASSWORD to its password"));
      der = decrypt(pemBody(text, "ENCRYPTED PRIVATE KEY").orElseThrow(() -> badKey(file, "the signing key "
          + file + " has no readable -----BEGIN ENCRYPTED PRIVATE KEY----- block (base64 up to its END line): pass the key"
          + " openssl wrote")), pass, file);
    } else {
      der = pemBody(text, "PRIVATE KEY").orElseThrow(() -> badKey(file, "the signing key " + file
          + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----): make one with openssl genpkey -algorithm EC"
          + " -pkeyopt ec_paramgen_curve:P-256"));
    }
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw badKey(file, "the signing key " + file + " is not an EC private key: pass an ECDSA P-256 key");
    }
    if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
      // secp256k1 has a 256-bit field too, and parses, but the JDK cannot sign with it (nor can cosign verify it).
      throw badKey(file, "the signing key " + file + " is not on the curve P-256 (secp256r1/prime256v1):"
          + " cosign's keys are ECDSA P-256; make one with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
    }
    PublicKey publicKey;
    try {
      publicKey = derivePublic(ec);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A scalar of 0 or a multiple of the order parses and its public point is infinity, which the JDK rejects.
      throw badKey(file, "the signing key " + file + " is not a usable P-256 key (" + e.getMessage() + ")");
    }
    SigningKey signing = new SigningKey(payload -> signWith(key, payload), publicKey, file.toString());
    signing.requireSigns(file.toString());
    return signing;
  }

  /**
   * Signs a probe and checks it with the public key: a key that parses but cannot sign (or whose
   * public half does not match) is bad input here, before anything is published.
   */
  void requireSigns(String what) {
    byte[] probe = "ack-release: can this key sign?".getBytes(StandardCharsets.UTF_8);
    boolean ok;
    try {
      ok = verifies(publicKey, probe, signer.sign(probe));
    } catch (ReleaseException e) {
      ok = false;
    }
    if (!ok) {
      throw ReleaseException.invalidIn(what, "the signing key " + what + " cannot make a signature its public key verifies:"
          + " pass an ECDSA P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)");
    }
  }

  /**
   * The NIST P-256 curve's parameters, as the JDK names them ({@code secp256r1}); made at the first
   * key's check, not when a run without a key names this class (the security providers' set-up).
   */
  private static final class Curve {
    static final ECParameterSpec P256 = p256();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no secp256r1", e);
    }
  }

  /** Whether {@code params} are exactly P-256's: the curve, its generator and order (not just a 256-bit field). */
  static boolean isP256(ECParameterSpec params) {
    ECParameterSpec p256 = Curve.P256;
    return params.getCurve().equals(p256.getCurve()) && params.getGenerator().equals(p256.getGenerator())
        && params.getOrder().equals(p256.getOrder()) && params.getCofactor() == p256.getCofactor();
  }

  /** A PEM public key ({@code -----BEGIN PUBLIC KEY-----}), as {@code cosign verify --key} takes. */
  public static PublicKey publicKey(Path file) {
    try {
      byte[] der = pemBody(readKeyFile(file, "the public key", "--public-key"), "PUBLIC KEY").orElseThrow(() ->
          badKey(file, file + " holds no PEM public key (-----BEGIN PUBLIC KEY-----): pass one to --public-key"));
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
        throw badKey(file, file + " is not a P-256 public key: cosign's keys are ECDSA P-256; pass the"
            + " release key's public key to --public-key");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw badKey(file, file + " is not an EC public key: pass the release key's public key to --public-key");
    }
  }

  /** The PKCS#8 key inside an encrypted one (PBES2: PBKDF2 with HMAC-SHA256, AES), with the JDK's own ciphers. */
  private static byte[] decrypt(byte[] der, String password, Path file) {
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      AlgorithmParameters params = info.getAlgParameters();
      String algorithm = params.toString();
      SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
      Key key = factory.generateSecret(new PBEKeySpec(password.toCharArray()));
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, key, params);
      return info.getKeySpec(cipher).getEncoded();
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw ReleaseException.invalidIn(Variables.SIGN_KEY_PASSWORD, "cannot open the encrypted signing key " + file
          + ": check ACK_RELEASE_SIGN_KEY_PASSWORD (openssl's PKCS#8 with PBES2 is supported)");
    }
  }

  /** A key file whose content is wrong: the file's fault, not a setting's whose value the message shows. */
  private static ReleaseException badKey(Path file, String message) {
    return ReleaseException.invalidIn(file.toString(), message);
  }

  /** ECDSA-SHA256 over {@code payload}, DER-encoded. */
  public byte[] sign(byte[] payload) {
    return signer.sign(payload);
  }

  private static byte[] signWith(PrivateKey key, byte[] payload) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(payload);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "signing failed: " + e.getMessage(), e);
    }
  }

  /** An X.509 SubjectPublicKeyInfo (DER) as an EC public key. */
  static PublicKey ecPublicKey(byte[] der) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }

  /** Whether {@code signature} (DER) is {@code key}'s over {@code payload}. */
  public static boolean verifies(PublicKey key, byte[] payload, byte[] signature) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(payload);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, for the report and for {@code cosign verify --key}. */
  public String publicKeyPem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  @Override
  public String toString() {
    return "SigningKey[" + describe + "]";
  }

  /**
   * A key file's text: a regular file (not a device, FIFO or directory) of at most 64 KiB, so a
   * path like {@code /dev/zero} is refused rather than read for ever.
   */
  private static String readKeyFile(Path file, String what, String option) {
    try {
      if (!Files.exists(file)) {
        throw ReleaseException.invalidInput(what + " " + file + " does not exist: pass a PEM file to " + option);
      }
      if (!Files.isRegularFile(file) || Files.size(file) > 64 * 1024) {
        throw ReleaseException.invalidInput(what + " " + file + " is not a PEM file (a regular file of at most 64 KiB): pass one"
            + " to " + option);
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ReleaseException re) {
        throw re;
      }
      throw ReleaseException.invalidInput("cannot read " + what + " " + file + ": pass a readable PEM file to " + option);
    }
  }

  private static Optional<byte[]> pemBody(String text, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    if (a < 0 || b < a) {
      return Optional.empty();
    }
    String body = text.substring(a + begin.length(), b).replaceAll("\\s", "");
    Secrets.register(body);
    try {
      return Optional.of(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The public point of an EC private key: Q = d·G, computed with the JDK's own curve arithmetic. */
  private static PublicKey derivePublic(ECPrivateKey key) throws GeneralSecurityException {
    ECPoint q = EcMath.multiply(key.getParams(), key.getS());
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, key.getParams()));
  }
}
