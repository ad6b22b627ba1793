package dev.ackrelease.steps.github;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import java.util.Map;
import java.util.Optional;

/**
 * The token requests carry: {@code GH_TOKEN}, else {@code GITHUB_TOKEN}, in the GitHub CLI's order
 * (a personal access token, the job's {@code GITHUB_TOKEN}, or a GitHub App installation token such
 * as actions/create-github-app-token makes: all are sent as {@code Authorization: Bearer}). The
 * value is registered as a secret the moment it is read, so no output can carry it.
 */
public final class GitHubToken {

  private final String value;

  private GitHubToken(String value) {
    this.value = value;
  }

  /** The token from {@code env}, if there is one. */
  public static Optional<GitHubToken> fromEnvironment(Map<String, String> env) {
    for (String name : new String[] {"GH_TOKEN", "GITHUB_TOKEN"}) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        Secrets.register(v);
        Secrets.register(v.strip());
        return Optional.of(new GitHubToken(checked(v.strip(), name)));
      }
    }
    return Optional.empty();
  }

  /** The token from {@code env}; without one, invalid input naming what {@code command} needs it for. */
  public static GitHubToken require(Map<String, String> env, String command) {
    return fromEnvironment(env).orElseThrow(() -> ReleaseException.invalidInput(command + " talks to GitHub and needs a token:"
        + " set GITHUB_TOKEN (or GH_TOKEN) to a token that may write contents and pull requests of the repository"));
  }

  /** A token given directly (tests, a token minted for an App installation). */
  public static GitHubToken of(String token) {
    Secrets.register(token);
    return new GitHubToken(checked(token, "the GitHub token"));
  }

  /**
   * {@code token} when it can be sent as a header: printable ASCII without spaces, as every kind of
   * GitHub token is. A line break or a space inside (two lines of a file, a pasted "Bearer ...") is
   * invalid input naming {@code where}; the message never shows the token.
   */
  private static String checked(String token, String where) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw ReleaseException.invalidInput(where + " holds " + (c == '\n' || c == '\r' ? "a line break" : c == ' ' ? "a space"
            : "a character other than printable ASCII") + " inside the token (character " + (i + 1)
            + "): set it to the token alone, e.g. " + (where.startsWith("the ") ? "GITHUB_TOKEN" : where)
            + "=\"$(head -n 1 token-file)\"");
      }
    }
    return token;
  }

  String header() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "GitHubToken[****]";
  }
}
