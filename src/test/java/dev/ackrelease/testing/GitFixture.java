package dev.ackrelease.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository in a temp dir, built with JGit; {@link #git(String...)} runs the git
 * CLI on it to check what ack-release wrote.
 */
public final class GitFixture implements AutoCloseable {

  private final Path dir;
  private final Git git;

  private GitFixture(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /** A new repository on branch main with an identity configured. */
  public static GitFixture init(Path dir) {
    try {
      Files.createDirectories(dir);
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Release Bot");
      config.setString("user", null, "email", "release-bot@example.com");
      config.setBoolean("commit", null, "gpgsign", false);
      config.setBoolean("tag", null, "gpgsign", false);
      config.save();
      return new GitFixture(dir, git);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A controller repo shaped like ACK's, with helm/ carrying {@code chartVersion}. */
  public static GitFixture controller(Path dir, String service, String chartVersion) {
    GitFixture repo = init(dir);
    repo.write("go.mod", "module github.com/aws-controllers-k8s/" + service + "-controller\n\ngo 1.19\n");
    repo.writeHelm(service, chartVersion);
    repo.commit("Initial commit");
    return repo;
  }

  /** Writes helm/Chart.yaml and helm/values.yaml at a version (no commit). */
  public GitFixture writeHelm(String service, String version) {
    write("helm/Chart.yaml", "apiVersion: v1\nname: " + service + "-chart\ndescription: A Helm chart for the ACK service controller for "
        + service + "\nversion: " + version + "\nappVersion: " + version + "\n");
    write("helm/values.yaml", "# Default values for " + service + "-chart.\n\nimage:\n  repository: public.ecr.aws/aws-controllers-k8s/"
        + service + "-controller\n  tag: " + version + "\n  pullPolicy: IfNotPresent\n");
    return this;
  }

  public Path dir() {
    return dir;
  }

  public Git jgit() {
    return git;
  }

  public GitFixture write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits. */
  public RevCommit commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setSign(false).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An annotated tag at HEAD, made with the git CLI (an independent writer). */
  public GitFixture tag(String name) {
    git("tag", "-a", name, "-m", name);
    return this;
  }

  /** Runs the git CLI in the repo and returns its stdout, trimmed; fails on a non-zero exit. */
  public String git(String... args) {
    return gitResult(args).assertOk().stdout().strip();
  }

  public ProcessResult gitResult(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, dir.toFile(), Map.of("GIT_CONFIG_NOSYSTEM", "1", "HOME", dir.toString()), 60);
  }

  /** The release-form tags the git CLI lists. */
  public List<String> tags() {
    String out = git("tag", "--list");
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  public String head() {
    return git("rev-parse", "HEAD");
  }

  /** A bare repository next to this one, configured as remote {@code name}. */
  public Path addBareRemote(String name) {
    try {
      Path bare = dir.resolveSibling(dir.getFileName() + "-" + name + ".git");
      Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", name, "url", bare.toUri().toString());
      config.setString("remote", name, "fetch", "+refs/heads/*:refs/remotes/" + name + "/*");
      config.save();
      return bare;
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public File file(String path) {
    return dir.resolve(path).toFile();
  }

  @Override
  public void close() {
    git.close();
  }
}
