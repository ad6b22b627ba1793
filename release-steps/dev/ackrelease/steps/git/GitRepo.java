package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.GitConfigPreload;
import dev.ackrelease.steps.io.GitEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * An open clone (a controller's or the umbrella chart's) with a work tree, read and written with
 * JGit: opening it (refusing what no command can release from), and its basic reads: HEAD, the
 * branch, the tagger identity and the remotes. What is read from it lives beside it in this package:
 * release tags in {@link ReleaseTags}, committed files in {@link CommitExport}, the work tree's
 * cleanliness in {@link WorkTreeStatus}, history in {@link GitHistory}.
 */
public final class GitRepo implements AutoCloseable {

  private final Repository repository;
  private final Git git;

  private GitRepo(Repository repository) {
    this.repository = repository;
    this.git = new Git(repository);
  }

  /**
   * Opens the repository that holds {@code dir}; refuses when there is none, and refuses a
   * shallow clone: its history lacks the release tags every command decides from (a shallow
   * clone without tags would look like a first release).
   */
  public static GitRepo open(Path dir) {
    return open(dir, "controller directory", "--controller-dir");
  }

  /**
   * {@link #open(Path)} for a directory given with {@code option} ({@code --chart-dir}), which a
   * refusal names as {@code what} ("the umbrella chart directory").
   */
  public static GitRepo open(Path dir, String what, String option) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw ReleaseException.invalidInput(what + " " + Echo.value(abs.toString()) + " is a file, not a directory: pass the"
          + " clone to " + option);
    }
    if (!Files.isDirectory(abs)) {
      throw ReleaseException.invalidInput(what + " " + Echo.value(abs.toString()) + " does not exist: pass an existing " + option);
    }
    GitConfigPreload.await();
    GitEnvironment.Found found = GitEnvironment.find(abs);
    FileRepositoryBuilder builder = found.builder().setMustExist(true);
    if (builder.getGitDir() == null) {
      throw ReleaseException.refused(Echo.value(abs.toString()) + " is not in a git repository: run ack-release in a clone or pass "
          + option + " with one");
    }
    try {
      Repository repo;
      try {
        repo = builder.build();
      } catch (RepositoryNotFoundException e) {
        if (found.namedBy().isEmpty()) {
          throw e;
        }
        throw ReleaseException.invalidInput(Echo.value(found.namedBy().get())
            + " does not name a git repository: point GIT_DIR at the clone's git directory, or unset GIT_DIR GIT_WORK_TREE");
      }
      if (repo.isBare()) {
        repo.close();
        throw ReleaseException.refused(abs + " is a bare repository: run ack-release in a clone with a work tree");
      }
      if (found.namedBy().isPresent()) {
        requireInside(repo, abs, what, option, found.namedBy().get());
      }
      if (Files.exists(repo.getDirectory().toPath().resolve("shallow"))) {
        repo.close();
        throw ReleaseException.refused("shallow clone at " + repo.getWorkTree() + ": its history and tags are incomplete;"
            + " run git fetch --unshallow --tags, then run ack-release again");
      }
      return new GitRepo(repo);
    } catch (IOException e) {
      throw ReleaseException.refused("cannot open the git repository at " + abs + " (" + e.getMessage() + "): check that it is a valid clone");
    }
  }

  /**
   * Refuses {@code dir} outside the work tree the git variables name ({@code namedBy}): what
   * ack-release reads and writes there would not be what git commits.
   */
  private static void requireInside(Repository repo, Path dir, String what, String option, String namedBy) throws IOException {
    Path workTree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
    if (!Files.isDirectory(workTree) || !dir.toRealPath().startsWith(workTree.toRealPath())) {
      repo.close();
      throw ReleaseException.invalidInput(what + " " + Echo.value(dir.toString()) + " is not in the work tree "
          + Echo.value(workTree.toString()) + " that " + Echo.value(namedBy) + " gives git: pass " + option + " "
          + ShellWords.word(workTree.toString()) + ", or unset GIT_DIR GIT_WORK_TREE");
    }
  }

  public Repository repository() {
    return repository;
  }

  public Git git() {
    return git;
  }

  public Path workTree() {
    return repository.getWorkTree().toPath();
  }

  /** The commit HEAD points at; refuses a repository with no commit yet. */
  public RevCommit head() {
    try {
      ObjectId id = repository.resolve(Constants.HEAD + "^{commit}");
      if (id == null) {
        throw ReleaseException.refused("the repository at " + workTree() + " has no commit yet: commit the controller first");
      }
      try (RevWalk walk = new RevWalk(repository)) {
        return walk.parseCommit(id);
      }
    } catch (IOException e) {
      throw io("read HEAD", e);
    }
  }

  public Instant headCommitTime() {
    return head().getCommitterIdent().getWhenAsInstant();
  }

  /** The current branch, or empty when HEAD is detached. */
  public Optional<String> branch() {
    try {
      Ref head = repository.exactRef(Constants.HEAD);
      if (head != null && head.isSymbolic()) {
        return Optional.of(Repository.shortenRefName(head.getTarget().getName()));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw io("read HEAD", e);
    }
  }

  /**
   * The tagger identity from git config (user.name and user.email, or the GIT_COMMITTER_*
   * variables); refuses when git would have to guess it.
   */
  public PersonIdent tagger() {
    UserConfig user = repository.getConfig().get(UserConfig.KEY);
    if (user.isCommitterNameImplicit() || user.isCommitterEmailImplicit()) {
      throw ReleaseException.refused("git does not know who you are: run git config user.name \"Your Name\" and git config user.email you@example.com");
    }
    return new PersonIdent(repository);
  }

  /** Whether {@code remote} names a configured remote. */
  public boolean hasRemote(String remote) {
    return repository.getConfig().getSubsections("remote").contains(remote);
  }

  @Override
  public void close() {
    git.close();
    repository.close();
  }

  /**
   * The error for {@code e}, raised while this command tried to {@code what} ("read HEAD"): a
   * missing or corrupt object is {@link #damaged}, any other I/O failure a bug.
   */
  ReleaseException io(String what, IOException e) {
    if (e instanceof MissingObjectException || e instanceof CorruptObjectException) {
      return damaged(what, e);
    }
    return new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot " + what + " in " + workTree() + ": " + e.getMessage(), e);
  }

  /** An object the history needs is missing or corrupt (a damaged or partial clone): the repository's state, not a bug. */
  ReleaseException damaged(String what, IOException e) {
    return new ReleaseException(ReleaseException.Kind.REFUSED, "cannot " + what + " in " + workTree() + " (" + e.getMessage()
        + "): the clone is damaged or incomplete; run git fsck, or clone the repository again", e);
  }
}
