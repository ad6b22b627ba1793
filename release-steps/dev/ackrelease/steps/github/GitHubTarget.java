package dev.ackrelease.steps.github;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.UrlText;
import dev.ackrelease.steps.io.Ports;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which GitHub and which repository: the REST API's base URL ({@code https://api.github.com}, or a
 * GitHub Enterprise Server's {@code https://HOST/api/v3}), the web URL links and downloads are
 * under, and {@code OWNER/NAME}. Checked before any request: an API URL that is not http(s), carries
 * a user, a query or a fragment, or is plain HTTP to anything but this machine is refused (a token
 * is never sent in the clear).
 */
public record GitHubTarget(URI api, URI web, String owner, String repo) {

  /** GitHub.com's REST API. */
  public static final String DEFAULT_API = "https://api.github.com";

  /** GitHub's rules for names: an owner of 1 to 39 letters, digits and inner hyphens; a repository of letters, digits, {@code ._-}. */
  private static final Pattern SLUG = Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)/([A-Za-z0-9._-]{1,100})$");

  /** The owner and name at the end of a remote URL on {@code host}: https, ssh or scp-like ({@code git@host:o/r.git}). */
  private static final Pattern REMOTE = Pattern.compile("^(?:(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/|[^@/]+@([^:/]+):)"
      + "([^/]+)/([^/]+?)(?:\\.git)?/?$");

  public GitHubTarget {
    if (!valid(owner + "/" + repo)) {
      throw ReleaseException.invalidInput("'" + Echo.value(owner + "/" + repo) + "' is not a GitHub repository: pass --github-repo OWNER/NAME,"
          + " e.g. --github-repo aws-controllers-k8s/s3-controller");
    }
  }

  /** The repository's API path, {@code /repos/OWNER/NAME}. */
  public String path() {
    return "/repos/" + owner + "/" + repo;
  }

  public String slug() {
    return owner + "/" + repo;
  }

  /** The repository's page, {@code https://github.com/OWNER/NAME}. */
  public String webUrl() {
    return web.toString().replaceFirst("/+$", "") + "/" + owner + "/" + repo;
  }

  /** The URL an asset of a published release is downloaded from. */
  public String downloadUrl(String tag, String asset) {
    return webUrl() + "/releases/download/" + tag + "/" + asset;
  }

  /**
   * The target from the options and the environment: {@code --github-api-url}, else
   * {@code GITHUB_API_URL} (GitHub Actions sets it, for Enterprise Server too), else GitHub.com;
   * the web URL from {@code GITHUB_SERVER_URL}, else the API's ({@code api.github.com} is
   * {@code github.com}, {@code HOST/api/v3} is {@code HOST}); the repository from
   * {@code --github-repo}, else {@code GITHUB_REPOSITORY} (Actions), else {@code REPO_OWNER} and
   * {@code REPO_NAME} (Prow), else the remote's URL when it is on that GitHub, else ACK's
   * {@code aws-controllers-k8s/<service>-controller}.
   */
  public static GitHubTarget resolve(Optional<String> apiUrl, Optional<String> slug, Map<String, String> env,
      Optional<String> remoteUrl, String service) {
    URI api = parseApi(apiUrl.or(() -> nonBlank(env.get("GITHUB_API_URL"))).orElse(DEFAULT_API), apiUrl.isPresent()
        ? "--github-api-url" : "GITHUB_API_URL");
    URI web = nonBlank(env.get("GITHUB_SERVER_URL")).filter(s -> apiUrl.isEmpty()).map(s -> parseApi(s, "GITHUB_SERVER_URL"))
        .orElseGet(() -> webOf(api));
    Named named = slug.map(s -> new Named(s, "--github-repo"))
        .or(() -> nonBlank(env.get("GITHUB_REPOSITORY")).map(s -> new Named(s, "GITHUB_REPOSITORY")))
        .or(() -> nonBlank(env.get("REPO_OWNER")).flatMap(o -> nonBlank(env.get("REPO_NAME"))
            .map(n -> new Named(o + "/" + n, "Prow's REPO_OWNER/REPO_NAME"))))
        .or(() -> remoteUrl.flatMap(u -> slugOf(u, web.getHost())).map(s -> new Named(s, "the repository of the git remote's URL")))
        .orElseGet(() -> new Named("aws-controllers-k8s/" + service + "-controller", "the default repository of the service"));
    String repository = named.slug();
    int slash = repository.indexOf('/');
    if (slash < 0 || !valid(repository)) {
      String example = valid("aws-controllers-k8s/" + service + "-controller") ? "aws-controllers-k8s/" + service + "-controller"
          : "aws-controllers-k8s/s3-controller";
      throw ReleaseException.invalidInput(named.source() + " '" + Echo.value(repository) + "' is not a GitHub repository"
          + " (OWNER/NAME): pass --github-repo OWNER/NAME" + (named.source().startsWith("--") ? "" : ", which comes before it")
          + ", e.g. --github-repo " + example);
    }
    return new GitHubTarget(api, web, repository.substring(0, slash), repository.substring(slash + 1));
  }

  /** A repository and where it was named, for an error about it. */
  private record Named(String slug, String source) {}

  private static boolean valid(String slug) {
    return SLUG.matcher(slug).matches() && !slug.endsWith("/.") && !slug.endsWith("/..");
  }

  /** {@code OWNER/NAME} of a remote URL on {@code host}; empty for a remote elsewhere (a local path, another forge). */
  static Optional<String> slugOf(String remoteUrl, String host) {
    Matcher m = REMOTE.matcher(remoteUrl.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String on = m.group(1) != null ? m.group(1) : m.group(2);
    return on.equalsIgnoreCase(host) ? Optional.of(m.group(3) + "/" + m.group(4)) : Optional.empty();
  }

  /** The web URL of an API URL: {@code api.github.com} is {@code github.com}; {@code HOST/api/v3} is {@code HOST}. */
  static URI webOf(URI api) {
    String s = api.toString().replaceFirst("/+$", "");
    if (api.getHost().equalsIgnoreCase("api.github.com")) {
      return URI.create(api.getScheme() + "://github.com");
    }
    return URI.create(s.replaceFirst("/api/v3$", ""));
  }

  /**
   * An http(s) base URL without user, query or fragment; plain HTTP only to a loopback address. A
   * message shows the text with its user information masked ({@code //****@}): it may hold a password.
   */
  static URI parseApi(String text, String what) {
    String fix = ": pass the REST API's base URL, e.g. " + DEFAULT_API + " or https://github.example.com/api/v3";
    String shown = what + " '" + UrlText.masked(text) + "'";
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw ReleaseException.invalidInput(shown + " is not a URL" + fix);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw ReleaseException.invalidInput(shown + " is not an http(s) URL with a host" + fix);
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw ReleaseException.invalidInput(shown + " has a user, a query or a fragment" + fix
          + " (the token comes from GITHUB_TOKEN or GH_TOKEN)");
    }
    if (!Ports.valid(uri)) {
      throw ReleaseException.invalidInput(shown + " has port " + uri.getPort() + ", not one from 1 to 65535" + fix);
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      throw ReleaseException.invalidInput(shown + " is plain HTTP to " + uri.getHost()
          + ": the token would be sent in the clear; use https");
    }
    return URI.create(uri.toString().replaceFirst("/+$", ""));
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
      return false; // a name is never resolved here: only a literal loopback address counts
    }
    try {
      return InetAddress.getByName(host.replaceAll("[\\[\\]]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
