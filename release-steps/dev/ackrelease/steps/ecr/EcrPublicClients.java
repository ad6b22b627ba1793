package dev.ackrelease.steps.ecr;

import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.AwsHttp;
import dev.ackrelease.steps.io.SystemRoots;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClientBuilder;

/**
 * The ECR Public API client: region {@code us-east-1} (the only region that issues ECR Public
 * tokens), the default AWS credentials chain, the JDK's HTTP client through the environment's
 * proxies as Go's clients go ({@link AwsHttp}), and optionally another
 * endpoint ({@code --ecr-public-endpoint}, or its variable or setting), ack-release's {@code User-Agent}
 * before the SDK's own. The SDK's
 * own retries are off: callers retry with {@link dev.ackrelease.steps.Retry} so every retry is
 * logged the same way.
 */
public final class EcrPublicClients {

  public static final Region REGION = Region.US_EAST_1;

  private EcrPublicClients() {}

  public static EcrPublicClient create(Optional<URI> endpoint) {
    return create(endpoint, Optional.empty(), SystemRoots.JVM);
  }

  /** With {@code caFile} (from {@code --registry-ca}) and {@code roots} ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}) trusted by this client only. */
  public static EcrPublicClient create(Optional<URI> endpoint, Optional<Path> caFile, SystemRoots roots) {
    EcrPublicClientBuilder builder = EcrPublicClient.builder()
        .region(REGION)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClient(AwsHttp.create(caFile, roots))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, ToolVersion.userAgent()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
