package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.File;
import java.io.UncheckedIOException;

/**
 * A real Debian docker-registry on 127.0.0.1, started through {@code scripts/registry} (the
 * same script the demo uses) and stopped by its PID on {@link #close}.
 *
 * <pre>
 * try (RegistryServer r = RegistryServer.plain(tempDir)) { r.address() ... }
 * try (RegistryServer r = RegistryServer.tlsWithAuth(tempDir, "alice", "s3cret")) { r.caFile() ... }
 * </pre>
 */
public final class RegistryServer implements AutoCloseable {

  private final Path dir;
  private final String address;
  private final Optional<Path> caFile;
  private final Optional<String> username;
  private final Optional<String> password;

  private List<String> startCommand = List.of();

  private RegistryServer(Path dir, String address, Optional<Path> caFile, Optional<String> username,
      Optional<String> password) {
    this.dir = dir;
    this.address = address;
    this.caFile = caFile;
    this.username = username;
    this.password = password;
  }

  /** The storage under {@code dir} without a server (a test of the checks that read it). */
  static RegistryServer storageOnly(Path dir) {
    return new RegistryServer(dir, "127.0.0.1:1", Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Plain HTTP, no auth. */
  public static RegistryServer plain(Path dir) {
    return start(dir, false, null, null);
  }

  /** Plain HTTP, no auth, on a given port (its address is the same on every run). */
  public static RegistryServer plain(Path dir, int port) {
    return start(dir, false, null, null, "--port", String.valueOf(port));
  }

  /** HTTPS with a CA made by openssl, and htpasswd basic auth for one user. */
  public static RegistryServer tlsWithAuth(Path dir, String user, String pass) {
    return start(dir, true, user, pass);
  }

  /** Plain HTTP with htpasswd basic auth. */
  public static RegistryServer plainWithAuth(Path dir, String user, String pass) {
    return start(dir, false, user, pass);
  }

  /** Plain HTTP with token auth: clients get a JWT from {@code tokens}' realm, as at ECR Public. */
  public static RegistryServer tokenAuth(Path dir, TokenServer tokens) {
    return start(dir, false, null, null, "--token-realm", tokens.realm().toString(), "--token-cert",
        tokens.certificate().toString(), "--token-service", TokenServer.SERVICE, "--token-issuer", TokenServer.ISSUER);
  }

  private static RegistryServer start(Path dir, boolean tls, String user, String pass, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(script().toString(), "start", "--dir", dir.toString()));
    cmd.addAll(List.of(extra));
    if (tls) {
      cmd.add("--tls");
    }
    if (user != null) {
      cmd.add("--auth");
      cmd.add(user + ":" + pass);
    }
    ProcessResult r = ProcessResult.run(cmd, null, 60);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("scripts/registry start failed: " + r.stderr());
    }
    Map<String, String> vars = new HashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        vars.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    stopWhenThisJvmEnds(dir, vars.get("REGISTRY_PID"));
    RegistryServer server = new RegistryServer(dir, vars.get("REGISTRY_ADDR"),
        Optional.ofNullable(vars.get("REGISTRY_CA")).map(Path::of), Optional.ofNullable(user), Optional.ofNullable(pass));
    server.startCommand = List.copyOf(cmd);
    return server;
  }

  /** Stops the registry process (its storage stays). */
  public void stop() {
    close();
  }

  /** Starts the registry again on the same port and storage, as a restarted registry comes back. */
  public void restart() {
    List<String> cmd = new ArrayList<>(startCommand);
    cmd.addAll(List.of("--port", address.substring(address.lastIndexOf(':') + 1)));
    ProcessResult r = ProcessResult.run(cmd, null, 60);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("scripts/registry start failed: " + r.stderr());
    }
    r.stdout().lines().filter(l -> l.startsWith("REGISTRY_PID=")).findFirst()
        .ifPresent(l -> stopWhenThisJvmEnds(dir, l.substring("REGISTRY_PID=".length()).strip()));
  }

  /**
   * A watcher, in a session of its own, that stops the registry when this JVM is gone while the
   * registry still runs: a test JVM that is killed (mutation testing kills its worker JVMs on a
   * time-out) never runs {@link #close}. It exits by itself once the registry is stopped.
   */
  private static void stopWhenThisJvmEnds(Path dir, String registryPid) {
    if (registryPid == null || !registryPid.matches("[0-9]+")) {
      return;
    }
    long jvm = ProcessHandle.current().pid();
    String watch = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + registryPid + " 2>/dev/null; do sleep 1; done; "
        + "kill -0 " + jvm + " 2>/dev/null || exec \"$0\" stop --dir \"$1\"";
    try {
      new ProcessBuilder("setsid", "bash", "-c", watch, script().toString(), dir.toString())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What is wrong with the registry's tags: each tag of each repository must point at a
   * manifest (or index) the repository holds, whose child manifests, config and layers are all
   * there, complete (their bytes hash to their digest). Empty: every tag is whole.
   */
  public List<String> incompleteTags() throws IOException {
    List<String> problems = new ArrayList<>();
    Path repositories = storage().resolve("docker/registry/v2/repositories");
    if (!Files.isDirectory(repositories)) {
      return problems;
    }
    for (Path current : tagDirs(repositories)) {
      Path repo = current.getParent().getParent().getParent().getParent();
      String name = repositories.relativize(repo) + ":" + current.getParent().getFileName();
      String digest = Files.readString(current.resolve("link")).strip();
      checkManifest(repo, name, digest, problems);
    }
    return problems;
  }

  /**
   * Each {@code <repository>/_manifests/tags/<tag>/current} under {@code repositories}. The walk
   * skips the blobs and uploads, and a directory gone while it walks: a run killed mid-upload leaves
   * the registry cleaning up an upload meanwhile (Files.walk failed on its vanished files).
   */
  private static List<Path> tagDirs(Path repositories) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(repositories, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String name = dir.getFileName().toString();
        if (name.equals("_uploads") || name.equals("_layers")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (name.equals("current") && dir.getParent().getParent().getFileName().toString().equals("tags")) {
          found.add(dir);
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return found;
  }

  private void checkManifest(Path repo, String name, String digest, List<String> problems) throws IOException {
    if (!Files.isRegularFile(repo.resolve("_manifests/revisions/sha256").resolve(hex(digest)).resolve("link"))) {
      problems.add(name + ": manifest " + digest + " is not in the repository");
      return;
    }
    byte[] manifest = completeBlob(name, digest, problems);
    if (manifest == null) {
      return;
    }
    JsonNode json = new ObjectMapper().readTree(manifest);
    for (JsonNode child : json.path("manifests")) {
      checkManifest(repo, name, child.path("digest").asText(), problems);
    }
    List<JsonNode> blobs = new ArrayList<>();
    if (json.has("config")) {
      blobs.add(json.get("config"));
    }
    json.path("layers").forEach(blobs::add);
    for (JsonNode blob : blobs) {
      String d = blob.path("digest").asText();
      if (!Files.isRegularFile(repo.resolve("_layers/sha256").resolve(hex(d)).resolve("link"))) {
        problems.add(name + ": blob " + d + " is not linked in the repository");
      }
      Path data = blobData(d);
      if (!Files.isRegularFile(data)) {
        problems.add(name + ": " + d + " has no data");
        continue;
      }
      // A layer is hashed once while its file stays the same (Hashes.sha256(Path)): this runs after every case.
      Hashes.Sized stored = Hashes.sha256(data);
      if (!holds(stored.sha256(), d)) {
        problems.add(name + ": " + d + " holds other bytes");
      } else if (stored.size() != blob.path("size").asLong()) {
        problems.add(name + ": blob " + d + " has " + stored.size() + " bytes, not " + blob.path("size").asLong());
      }
    }
  }

  private byte[] completeBlob(String name, String digest, List<String> problems) throws IOException {
    Path data = blobData(digest);
    if (!Files.isRegularFile(data)) {
      problems.add(name + ": " + digest + " has no data");
      return null;
    }
    byte[] bytes = Files.readAllBytes(data);
    if (!holds(Hashes.sha256(bytes), digest)) {
      problems.add(name + ": " + digest + " holds other bytes");
      return null;
    }
    return bytes;
  }

  private Path blobData(String digest) {
    return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex(digest).substring(0, 2)).resolve(hex(digest))
        .resolve("data");
  }

  /** Whether bytes hashing to {@code sha256} (hex) are what {@code digest} names. */
  private static boolean holds(String sha256, String digest) {
    return ("sha256:" + sha256).equals(digest) || sha256.equals(digest);
  }

  private static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return address;
  }

  public boolean tls() {
    return caFile.isPresent();
  }

  public Optional<Path> caFile() {
    return caFile;
  }

  public Optional<String> username() {
    return username;
  }

  public Optional<String> password() {
    return password;
  }

  /** Anonymous access to this plain-HTTP registry (named insecure) under namespace {@code ack}. */
  public RegistryAccess plainAccess() {
    return new RegistryAccess(Registry.parse(address + "/ack"),
        Optional.empty(), true, Optional.empty());
  }

  /**
   * The requests the registry served so far, as {@code METHOD PATH} (from its access log), e.g.
   * {@code HEAD /v2/ack/s3-controller/manifests/0.1.0}.
   */
  public List<String> requests() throws IOException {
    return fromLog(Pattern.compile("\"([A-Z]+ /v2/[^ \"]*) HTTP/[0-9.]+\""));
  }

  /**
   * The {@code User-Agent} of each request the registry served so far, in the order of
   * {@link #requests} (the combined log format's last field).
   */
  public List<String> userAgents() throws IOException {
    return fromLog(Pattern.compile("\"[A-Z]+ /v2/[^ \"]* HTTP/[0-9.]+\" [0-9]+ [0-9-]+ \"[^\"]*\" \"([^\"]*)\""));
  }

  /** The first group of {@code request} in each line of the registry's access log that it is found in. */
  private List<String> fromLog(Pattern request) throws IOException {
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("registry.log"))) {
      Matcher m = request.matcher(line);
      if (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** Where the registry keeps its blobs and manifests (to compare before/after). */
  public Path storage() {
    return dir.resolve("storage");
  }

  /**
   * Every file under the storage dir with its bytes' hash: a snapshot to show nothing changed
   * (a large file is hashed again only once it changed: {@link Hashes#sha256(Path)}).
   */
  public Map<String, String> storageSnapshot() throws IOException {
    Map<String, String> snapshot = new TreeMap<>();
    if (!Files.exists(storage())) {
      return snapshot;
    }
    try (var files = Files.walk(storage())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        snapshot.put(storage().relativize(p).toString(), Hashes.sha256(p).sha256());
      }
    }
    return snapshot;
  }

  @Override
  public void close() {
    ProcessResult.run(List.of(script().toString(), "stop", "--dir", dir.toString()), null, 30);
  }

  /** The project's scripts/registry, found from the working directory Maven runs tests in. */
  static Path script() {
    Path p = Path.of("scripts", "registry").toAbsolutePath();
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException("scripts/registry not found from " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
