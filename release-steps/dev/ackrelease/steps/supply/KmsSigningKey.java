package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.Variables;
import dev.ackrelease.steps.io.AwsHttp;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.Ports;
import dev.ackrelease.steps.io.SystemRoots;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A signing key that never leaves AWS KMS ({@code awskms:///<key-id|alias/name|arn>}, cosign's
 * syntax): KMS {@code Sign} with {@code ECDSA_SHA_256} over the payload's SHA-256
 * ({@code MessageType DIGEST}), and {@code GetPublicKey} once for verifying. The AWS SDK's
 * default credentials chain, through the environment's proxies ({@link AwsHttp}); the region
 * from the key's ARN, else {@code AWS_REGION}; the endpoint from {@code ACK_RELEASE_KMS_ENDPOINT}
 * when set (tests). Nothing KMS returns is printed.
 */
final class KmsSigningKey {

  static final String ENDPOINT_ENV = Variables.KMS_ENDPOINT;

  private KmsSigningKey() {}

  /** {@code ACK_RELEASE_KMS_ENDPOINT}: an http(s) URL with a host, else exit 2. */
  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value.strip());
      if ((uri.getScheme() != null && uri.getScheme().matches("https?")) && uri.getHost() != null && Ports.valid(uri)
          && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw ReleaseException.invalidInput(ENDPOINT_ENV + " is not an http(s) URL with a host (a port from 1 to 65535, no user): set it to e.g."
        + " https://kms.us-east-1.amazonaws.com, or unset it");
  }

  static SigningKey open(String ref, Map<String, String> env) {
    String keyId = ref.substring("awskms://".length()).replaceFirst("^[^/]*/", "");
    if (keyId.isBlank() || keyId.contains(" ")) {
      throw ReleaseException.invalidInput("--sign-key " + ref + " names no KMS key: write awskms:///<key-id|alias/name|arn>");
    }
    String[] arn = keyId.split(":", -1);
    String regionName = keyId.startsWith("arn:") && arn.length > 3 ? arn[3]
        : Optional.ofNullable(env.get("AWS_REGION")).or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION"))).orElse("");
    if (!regionName.matches("[a-z0-9-]{1,64}")) {
      throw ReleaseException.invalidInput("--sign-key " + ref + ": no region for the KMS key; give the key's full ARN"
          + " (arn:aws:kms:<region>:<account>:key/<id>) or set AWS_REGION");
    }
    Region region = Region.of(regionName);
    KmsClientBuilder builder = KmsClient.builder().region(region)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClient(AwsHttp.create(Optional.empty(), SystemRoots.JVM))
        .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, ToolVersion.userAgent()));
    Optional.ofNullable(env.get(ENDPOINT_ENV)).filter(e -> !e.isBlank()).map(KmsSigningKey::endpoint)
        .ifPresent(builder::endpointOverride);
    KmsClient kms = builder.build();
    PublicKey publicKey;
    try {
      GetPublicKeyResponse response = kms.getPublicKey(r -> r.keyId(keyId));
      // Checked before anything is published: a key of another spec or use would fail at Sign, after the pushes.
      if (response.keySpec() != KeySpec.ECC_NIST_P256 || response.keyUsage() != KeyUsageType.SIGN_VERIFY
          || !response.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
        kms.close();
        throw ReleaseException.invalidInput("KMS key " + keyId + " is " + response.keySpecAsString() + " for "
            + response.keyUsageAsString() + ", not an ECC_NIST_P256 SIGN_VERIFY key with ECDSA_SHA_256: cosign's keys are"
            + " ECDSA P-256; create one with aws kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY");
      }
      publicKey = SigningKey.ecPublicKey(response.publicKey().asByteArray());
    } catch (SdkException e) {
      kms.close();
      throw ReleaseException.remote("cannot read the public key of KMS key " + keyId + " (" + e.getClass().getSimpleName()
          + "): check the key id, the region and that these credentials may call kms:GetPublicKey", e);
    } catch (GeneralSecurityException e) {
      kms.close();
      throw ReleaseException.invalidInput("KMS key " + keyId + " is not an ECC_NIST_P256 signing key: cosign's keys are ECDSA P-256");
    }
    return new SigningKey(payload -> {
      try {
        byte[] digest = HexFormat.of().parseHex(Digests.sha256(payload).substring("sha256:".length()));
        return kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(digest)).messageType(MessageType.DIGEST)
            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
      } catch (SdkException e) {
        throw ReleaseException.remote("KMS Sign with key " + keyId + " failed (" + e.getClass().getSimpleName()
            + "): check that these credentials may call kms:Sign", e);
      }
    }, publicKey, ref);
  }
}
