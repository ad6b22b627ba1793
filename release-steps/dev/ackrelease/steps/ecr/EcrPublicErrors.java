package dev.ackrelease.steps.ecr;

import dev.ackrelease.steps.Causes;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import java.io.IOException;
import java.util.concurrent.Callable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * ECR Public API calls: retried while throttled, 5xx or cut off, then turned into one-line
 * REMOTE failures that name the operation, the AWS error code and the fix, never a token.
 */
final class EcrPublicErrors {

  private EcrPublicErrors() {}

  static <T> T call(Retry.Policy policy, Log log, String operation, Callable<T> call) {
    try {
      return Retry.call(policy, "ECR Public " + operation, log, EcrPublicErrors::isTransient, call);
    } catch (ReleaseException e) {
      throw e;
    } catch (Exception e) {
      throw of(operation, e);
    }
  }

  static boolean isTransient(Exception e) {
    if (e instanceof AwsServiceException s) {
      return s.isThrottlingException() || s.statusCode() == 429 || s.statusCode() >= 500;
    }
    return e instanceof SdkClientException && e.getCause() instanceof IOException;
  }

  static ReleaseException of(String operation, Exception e) {
    String message;
    if (e instanceof AwsServiceException s) {
      // No code nor message when the answer is no AWS error (a proxy's or a load balancer's page).
      String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? "" : s.awsErrorDetails().errorCode();
      String said = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null ? ""
          : s.awsErrorDetails().errorMessage() + "; ";
      String answer = "(" + (code.isEmpty() ? "" : code + ", ") + "HTTP " + s.statusCode() + ")";
      if (s.statusCode() == 403 || code.contains("Expired") || code.contains("AccessDenied") || code.contains("Unrecognized")) {
        message = "ECR Public refused " + operation + " " + answer + ": check that the AWS credentials"
            + " are current (not expired) and allowed ecr-public:" + operation;
      } else {
        message = "ECR Public " + operation + " failed " + answer + ": " + said + "check the request and retry";
      }
    } else if (e instanceof SdkClientException c && c.getMessage() != null && c.getMessage().contains("credentials")) {
      message = "no AWS credentials for ECR Public " + operation + ": set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
          + " (the default credentials chain)";
    } else if (e instanceof SdkException) {
      message = "cannot reach ECR Public for " + operation + " (" + Causes.root(e).getClass().getSimpleName()
          + "): check the network or --ecr-public-endpoint";
    } else {
      message = "ECR Public " + operation + " failed (" + e.getClass().getSimpleName() + "): retry";
    }
    return ReleaseException.remote(Secrets.redact(message), e);
  }
}
