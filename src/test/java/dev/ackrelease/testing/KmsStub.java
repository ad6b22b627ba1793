package dev.ackrelease.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS KMS's {@code GetPublicKey} and {@code Sign} (JSON 1.1, {@code TrentService.*}) served by
 * WireMock on 127.0.0.1 from a real EC P-256 key made here, so the real SDK client gets real
 * signatures over the digests it sends (ECDSA over the given SHA-256, {@code MessageType DIGEST})
 * and openssl verifies them with {@link #publicKeyPem}.
 */
public final class KmsStub implements AutoCloseable {

  public static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String JSON_11 = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer server;
  private final KeyPair key;
  private final AtomicInteger signs = new AtomicInteger();

  public KmsStub() throws Exception {
    this("secp256r1", "ECC_NIST_P256", "SIGN_VERIFY", "ECDSA_SHA_256");
  }

  /** A key on {@code curve} that GetPublicKey describes with this spec, usage and signing algorithm, as KMS would. */
  public KmsStub(String curve, String keySpec, String keyUsage, String signingAlgorithm) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    key = generator.generateKeyPair();
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Signer()));
    server.start();
    String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService.GetPublicKey"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody("{\"KeyId\":\"" + KEY_ARN
            + "\",\"PublicKey\":\"" + publicKey + "\",\"KeySpec\":\"" + keySpec + "\",\"KeyUsage\":\"" + keyUsage + "\","
            + "\"SigningAlgorithms\":[\"" + signingAlgorithm + "\"]}")));
    server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService.Sign"))
        .willReturn(aResponse().withTransformers("kms-sign")));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** How many Sign calls were answered. */
  public int signs() {
    return signs.get();
  }

  /** The key's public half as PEM, for openssl and verify --public-key. */
  public Path publicKeyPem(Path file) throws Exception {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded());
    return Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Sign: ECDSA (DER) over the digest in the request, as KMS does for MessageType DIGEST. */
  private final class Signer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      try {
        JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
        if (!"DIGEST".equals(request.path("MessageType").asText()) || !"ECDSA_SHA_256".equals(request.path("SigningAlgorithm").asText())) {
          return aResponse().withStatus(400).withHeader("Content-Type", JSON_11)
              .withBody("{\"__type\":\"ValidationException\",\"message\":\"expected a DIGEST signed with ECDSA_SHA_256\"}").build();
        }
        byte[] digest = Base64.getDecoder().decode(request.path("Message").asText());
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(key.getPrivate());
        s.update(digest);
        signs.incrementAndGet();
        return aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody("{\"KeyId\":\"" + KEY_ARN
            + "\",\"Signature\":\"" + Base64.getEncoder().encodeToString(s.sign()) + "\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}")
            .build();
      } catch (Exception e) {
        return aResponse().withStatus(500).withBody(e.toString()).build();
      }
    }

    @Override
    public String getName() {
      return "kms-sign";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }
}
