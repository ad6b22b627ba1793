package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link GitHubFake} as a process, for the demo ({@code scripts/github start}): serves the
 * repositories given on 127.0.0.1 until it is killed, and writes {@code DIR/github.env}
 * ({@code GITHUB_API_URL=...}) once it answers.
 *
 * <pre>
 *   GitHubFakeMain --dir DIR --token-file FILE [--user TOKEN_FILE=LOGIN ...] --repo OWNER/NAME=BARE_GIT_DIR ...
 * </pre>
 */
public final class GitHubFakeMain {

  private GitHubFakeMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = null;
    String token = null;
    List<String[]> repos = new ArrayList<>();
    List<String[]> users = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--token-file" -> token = Files.readString(Path.of(args[i + 1])).strip();
        case "--repo" -> repos.add(args[i + 1].split("=", 2));
        case "--user" -> users.add(args[i + 1].split("=", 2));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dir == null || token == null || repos.isEmpty()) {
      System.err.println("usage: GitHubFakeMain --dir DIR --token-file FILE [--user TOKEN_FILE=LOGIN] --repo OWNER/NAME=BARE_GIT_DIR");
      System.exit(2);
    }
    GitHubFake fake = new GitHubFake(token);
    for (String[] r : repos) {
      fake.repository(r[0], Path.of(r[1]).toAbsolutePath());
    }
    for (String[] u : users) {
      fake.user(Files.readString(Path.of(u[0])).strip(), u[1]);
    }
    Files.createDirectories(dir);
    Path env = dir.resolve("github.env");
    Path tmp = dir.resolve("github.env.tmp");
    Files.writeString(tmp, "GITHUB_API_URL=" + fake.apiUrl() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, env, StandardCopyOption.ATOMIC_MOVE);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    Thread.currentThread().join();
  }
}
