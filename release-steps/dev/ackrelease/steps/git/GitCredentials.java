package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Credentials for pushing: {@code GITHUB_TOKEN} when set (as GitHub Actions and Prow provide
 * it), else whatever the user's git credential setup answers ({@code git credential fill},
 * never prompting).
 */
public final class GitCredentials {

  private GitCredentials() {}

  public static CredentialsProvider fromEnvironment(Map<String, String> env) {
    String token = env.get("GITHUB_TOKEN");
    if (token != null && !token.isBlank()) {
      Secrets.registerPair("x-access-token", token.trim());
      return new UsernamePasswordCredentialsProvider("x-access-token", token.trim());
    }
    return new CredentialHelper();
  }

  /** Asks {@code git credential fill} (the configured helpers), with terminal prompts off. */
  static final class CredentialHelper extends CredentialsProvider {

    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
      for (CredentialItem item : items) {
        if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
      Map<String, String> answer = fill(uri);
      if (!answer.containsKey("username") || !answer.containsKey("password")) {
        return false;
      }
      Secrets.registerPair(answer.get("username"), answer.get("password"));
      for (CredentialItem item : items) {
        if (item instanceof CredentialItem.Username u) {
          u.setValue(answer.get("username"));
        } else if (item instanceof CredentialItem.Password p) {
          p.setValue(answer.get("password").toCharArray());
        } else {
          throw new UnsupportedCredentialItem(uri, item.getPromptText());
        }
      }
      return true;
    }

    private static Map<String, String> fill(URIish uri) {
      Map<String, String> result = new HashMap<>();
      if (uri.getHost() == null) {
        return result;
      }
      StringBuilder request = new StringBuilder();
      request.append("protocol=").append(uri.getScheme() == null ? "https" : uri.getScheme()).append('\n');
      request.append("host=").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "").append('\n');
      if (uri.getPath() != null) {
        request.append("path=").append(uri.getPath().replaceFirst("^/", "")).append('\n');
      }
      if (uri.getUser() != null) {
        request.append("username=").append(uri.getUser()).append('\n');
      }
      request.append('\n');
      try {
        ProcessBuilder pb = new ProcessBuilder("git", "credential", "fill");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_ASKPASS", "true");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        try (OutputStream in = process.getOutputStream()) {
          in.write(request.toString().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
          stdout.transferTo(out);
        }
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          return result;
        }
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            result.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
      } catch (IOException e) {
        // No git CLI, or it failed: there are simply no stored credentials.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result;
    }
  }
}
