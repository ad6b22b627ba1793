package dev.ackrelease.steps;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@code ACK_RELEASE_*} variables that are no option's (an option's variable is its key's,
 * {@code Settings.variable}): each named once here, read where it is used, and all of them in
 * {@link #ALL}, so that a variable no one reads (a typo such as {@code ACK_RELEASE_REGSITRY}) can be
 * told from the ones that do something. docs/settings.md lists them.
 */
public final class Variables {

  public static final String REGISTRY_USERNAME = "ACK_RELEASE_REGISTRY_USERNAME";
  public static final String REGISTRY_PASSWORD = "ACK_RELEASE_REGISTRY_PASSWORD";
  public static final String SIGN_KEY_PASSWORD = "ACK_RELEASE_SIGN_KEY_PASSWORD";
  public static final String RETRY_ATTEMPTS = "ACK_RELEASE_RETRY_ATTEMPTS";
  public static final String RETRY_DELAY_MS = "ACK_RELEASE_RETRY_DELAY_MS";
  public static final String ECR_PUBLIC_REGISTRY_HOST = "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST";
  public static final String KMS_ENDPOINT = "ACK_RELEASE_KMS_ENDPOINT";
  public static final String BUILDER_ID = "ACK_RELEASE_BUILDER_ID";
  public static final String PROW_URL = "ACK_RELEASE_PROW_URL";

  /** Read by the launcher ({@code scripts/ack-release}) before the JVM starts. */
  public static final Set<String> LAUNCHER = Set.of("ACK_RELEASE_JAVA_OPTS", "ACK_RELEASE_CDS");

  /** The project's scripts' own ({@code scripts/lib/common.sh} exports the first to the commands they run). */
  public static final Set<String> SCRIPTS = Set.of("ACK_RELEASE_ROOT", "ACK_RELEASE_BENCH_TIMEOUT");

  /** Every variable that is no option's. */
  public static final Set<String> ALL = all();

  private Variables() {}

  private static Set<String> all() {
    Set<String> all = new HashSet<>(Set.of(REGISTRY_USERNAME, REGISTRY_PASSWORD, SIGN_KEY_PASSWORD, RETRY_ATTEMPTS,
        RETRY_DELAY_MS, ECR_PUBLIC_REGISTRY_HOST, KMS_ENDPOINT, BUILDER_ID, PROW_URL));
    all.addAll(LAUNCHER);
    all.addAll(SCRIPTS);
    return Set.copyOf(all);
  }
}
