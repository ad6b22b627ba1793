package dev.ackrelease.steps.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.ExecutableSearch;
import dev.ackrelease.steps.io.UserHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Credentials the way Docker stores them in {@code <config dir>/config.json}: a per-host
 * {@code credHelpers} entry, else the {@code credsStore}, else {@code auths} (base64 {@code auth}
 * or {@code username}/{@code password}). Helpers are run as {@code docker-credential-<name> get}
 * with the host on stdin, found on the {@code PATH} of the given environment.
 */
public final class DockerConfigCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HELPER_TIMEOUT_SECONDS = 30;

  private final Path configFile;
  /** Docker's {@code config.json}, not the containers {@code auth.json} (its messages name docker, not podman). */
  private final boolean dockerConfig;
  private final Map<String, String> env;
  private final long helperTimeoutSeconds;
  private Optional<String> unreadStore = Optional.empty();

  public DockerConfigCredentials(Path configDir, Map<String, String> env) {
    this(configDir, env, HELPER_TIMEOUT_SECONDS);
  }

  DockerConfigCredentials(Path configDir, Map<String, String> env, long helperTimeoutSeconds) {
    this(configDir.resolve("config.json"), true, helperTimeoutSeconds, env);
  }

  private DockerConfigCredentials(Path configFile, boolean dockerConfig, long helperTimeoutSeconds, Map<String, String> env) {
    this.configFile = configFile;
    this.dockerConfig = dockerConfig;
    this.env = env;
    this.helperTimeoutSeconds = helperTimeoutSeconds;
  }

  /**
   * The credentials file the way go-containerregistry's keychain (crane, ko) finds it:
   * {@code config.json} in the Docker config directory when it is there, else the file podman,
   * skopeo and buildah log in to (same format): {@code $REGISTRY_AUTH_FILE}, else
   * {@code $XDG_RUNTIME_DIR/containers/auth.json}, else {@code containers/auth.json} under
   * {@code $XDG_CONFIG_HOME} or {@code ~/.config}.
   */
  public static DockerConfigCredentials forEnvironment(Path configDir, Map<String, String> env) {
    DockerConfigFile.requireDirectory(configDir, env);
    Path docker = configDir.resolve("config.json");
    // go-containerregistry's fileExists: a directory at config.json is no config (podman's file is looked for, else none);
    // a device or another file that is no regular one is read, and refused (DockerConfigFile: nothing is read from it).
    Optional<Path> podman = Files.exists(docker) && !Files.isDirectory(docker) ? Optional.empty() : Stream.of(
        path(env.get("REGISTRY_AUTH_FILE")),
        path(env.get("XDG_RUNTIME_DIR")).map(d -> d.resolve("containers/auth.json")),
        path(env.get("XDG_CONFIG_HOME")).or(() -> UserHome.of(env).map(h -> h.resolve(".config")))
            .map(d -> d.resolve("containers/auth.json")))
        .flatMap(Optional::stream).filter(Files::isRegularFile).findFirst();
    return new DockerConfigCredentials(podman.orElse(docker), podman.isEmpty(), HELPER_TIMEOUT_SECONDS, env);
  }

  /** A variable's value as a path; none when unset, empty or no path. */
  private static Optional<Path> path(String value) {
    try {
      return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  public Optional<RegistryCredentials> lookup(String host) {
    Optional<JsonNode> read = DockerConfigFile.read(configFile, variable());
    if (read.isEmpty()) {
      return Optional.empty();
    }
    JsonNode config = read.get();
    boolean hub = DockerHub.HOSTS.contains(host.toLowerCase(Locale.ROOT));
    String serverUrl = hub ? DockerHub.CREDENTIALS_KEY : host;
    String perHost = text(config.path("credHelpers").get(host));
    if (perHost.isEmpty() && hub) {
      perHost = Stream.of(DockerHub.CREDENTIALS_KEY, DockerHub.INDEX_HOST, DockerHub.SHORT_HOST)
          .map(k -> text(config.path("credHelpers").get(k)))
          .filter(name -> !name.isEmpty()).findFirst().orElse("");
    }
    if (!perHost.isEmpty()) {
      String name = perHost;
      String naming = configFile + " names credential helper '" + name + "' for " + host;
      Path helper = helper(name, naming).orElseThrow(() -> bad(naming
          + " but docker-credential-" + name + " is not on PATH: install it or remove the entry"));
      return fromHelper(helper, serverUrl);
    }
    String store = text(config.get("credsStore"));
    if (!store.isEmpty()) {
      Optional<Path> helper = helper(store, configFile + " names the credential store '" + Echo.value(store) + "'");
      if (helper.isEmpty()) {
        unreadStore = Optional.of(configFile + " names the credential store '" + Echo.value(store) + "' but docker-credential-"
            + Echo.value(store) + " is not on PATH, so what it holds is not read: install it, or remove credsStore and log in again");
      } else {
        Optional<RegistryCredentials> stored = fromHelper(helper.get(), serverUrl);
        if (stored.isPresent()) {
          return stored;
        }
      }
    }
    return fromAuths(config.path("auths"), host, hub);
  }

  /** The variable that names another file. */
  private String variable() {
    return isDockerConfig() ? "DOCKER_CONFIG" : "REGISTRY_AUTH_FILE";
  }

  /**
   * After a {@link #lookup}: why the {@code credsStore} the file names was not asked (its helper is
   * not installed). Its credentials are then not read, and {@code auths} answer alone; a registry
   * refusing the run should not leave the user to guess why their login is not seen.
   */
  public Optional<String> unreadStore() {
    return unreadStore;
  }

  /**
   * Bad input in the file itself, never blamed on the setting whose value the message shows (the
   * registry host an entry is for, as --insecure-registry may give it).
   */
  private ReleaseException bad(String message) {
    return ReleaseException.invalidIn(configFile.toString(), message);
  }

  private boolean isDockerConfig() {
    return dockerConfig;
  }

  private String login() {
    return isDockerConfig() ? "docker login" : "podman login";
  }

  /** The credentials of {@code host}'s entry in {@code auths}; any of Docker Hub's names is one host when {@code hub}. */
  private Optional<RegistryCredentials> fromAuths(JsonNode auths, String host, boolean hub) {
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String keyHost = hostOf(e.getKey());
      if (!keyHost.equalsIgnoreCase(host) && !(hub && DockerHub.HOSTS.contains(keyHost.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      JsonNode entry = e.getValue();
      String source = (isDockerConfig() ? CredentialSources.DOCKER_CONFIG : CredentialSources.AUTH_FILE) + configFile;
      String identityToken = Secrets.register(text(entry.get("identitytoken")));
      if (!identityToken.isEmpty()) {
        // docker login keeps the user name in auth ("user:") and the token here: the token is the credential.
        return Optional.of(new RegistryCredentials(RegistryTokens.IDENTITY_TOKEN_USER, identityToken, source));
      }
      String auth = Secrets.register(text(entry.get("auth")));
      if (!auth.isEmpty()) {
        String decoded;
        try {
          decoded = Secrets.register(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ex) {
          throw bad("the auth of " + host + " in " + configFile + " is not base64: run " + login() + " " + host + " again");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
          throw bad("the auth of " + host + " in " + configFile + " is not user:password: run " + login() + " " + host + " again");
        }
        return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1), source));
      }
      String user = text(entry.get("username"));
      String password = text(entry.get("password"));
      if (!user.isEmpty() && !password.isEmpty()) {
        return Optional.of(new RegistryCredentials(user, password, source));
      }
    }
    return Optional.empty();
  }

  private Optional<RegistryCredentials> fromHelper(Path helper, String host) {
    String name = helper.getFileName().toString();
    try {
      CredentialHelperRun.Result run = CredentialHelperRun.get(helper, host, helperTimeoutSeconds);
      String stdout = run.stdout();
      if (run.exitCode() != 0) {
        if (stdout.contains("credentials not found")) {
          return Optional.empty();
        }
        throw ReleaseException.remote(name + " get failed for " + host + " (exit " + run.exitCode() + "): run docker login " + host + " again", null);
      }
      JsonNode answer;
      try {
        answer = JSON.readTree(stdout);
      } catch (JsonProcessingException e) {
        // No cause: the parser's message quotes what the helper printed, which may be the secret itself.
        throw ReleaseException.remote(name + " get answered " + host + " with no JSON: check the helper (it must print"
            + " {\"Username\":...,\"Secret\":...})", null);
      }
      String user = text(answer.get("Username"));
      String secret = Secrets.register(text(answer.get("Secret")));
      if (user.isEmpty() || secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new RegistryCredentials(user, secret, name));
    } catch (IOException e) {
      throw ReleaseException.remote("cannot run " + name + " (" + e.getClass().getSimpleName() + "): check the credential helper", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ReleaseException.remote("interrupted while running " + name, e);
    }
  }

  /**
   * {@code docker-credential-<name>} as Docker's CLI finds it (Go's {@code exec.LookPath}: the
   * first executable regular file on PATH), absolute; none when it is not there. One found
   * relative to the current directory is refused, as Go refuses to run it (ErrDot): {@code naming}
   * says which entry of the file asked for it.
   */
  private Optional<Path> helper(String name, String naming) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      return Optional.empty(); // no docker-credential-<name> on any PATH can have it (a '/' or a NUL byte)
    }
    String program = "docker-credential-" + name;
    Optional<Path> found = ExecutableSearch.find(program, env.getOrDefault("PATH", ""), ExecutableSearch.Entries.GO);
    if (found.isPresent() && !found.get().isAbsolute()) {
      Path relative = found.get();
      Path dir = relative.toAbsolutePath().normalize().getParent();
      throw ReleaseException.invalidIn("PATH", naming + ", but the first " + program + " on PATH is "
          + (relative.getParent() == null ? "./" + relative : relative) + ", relative to the current directory (PATH holds '.',"
          + " an empty or a relative entry), which docker refuses to run: if it is the helper to run, export PATH="
          + ShellWords.word(dir.toString()) + ":\"$PATH\", else remove that entry from PATH");
    }
    return found;
  }

  /** {@code https://host:5000/v1/} → {@code host:5000}; Docker Hub's legacy key stays Docker Hub's. */
  static String hostOf(String key) {
    String k = key.strip().replaceFirst("^[a-zA-Z]+://", "");
    int slash = k.indexOf('/');
    return slash < 0 ? k : k.substring(0, slash);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? "" : node.asText("");
  }
}
