package dev.ackrelease.steps.git;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A controller's git repository, read and written with JGit. */
public final class GitRepo implements AutoCloseable {

  /** A release tag: its name, version, the commit it points at, and whether it is annotated. */
  public record ReleaseTag(String name, ReleaseVersion version, ObjectId commit, boolean annotated) {}

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
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true).findGitDir(abs.toFile());
    if (builder.getGitDir() == null) {
      throw ReleaseException.refused(Echo.value(abs.toString()) + " is not in a git repository: run ack-release in a clone or pass "
          + option + " with one");
    }
    try {
      Repository repo = builder.build();
      if (repo.isBare()) {
        repo.close();
        throw ReleaseException.refused(abs + " is a bare repository: run ack-release in a clone with a work tree");
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
   * Tracked paths that are modified, staged, deleted or in conflict: what makes the tree
   * dirty for a release. Untracked files do not count.
   */
  public List<String> trackedChanges() {
    try {
      Status status = git.status().call();
      TreeSet<String> changed = new TreeSet<>();
      changed.addAll(status.getAdded());
      changed.addAll(status.getChanged());
      changed.addAll(status.getRemoved());
      changed.addAll(status.getModified());
      changed.addAll(status.getMissing());
      changed.addAll(status.getConflicting());
      return new ArrayList<>(changed);
    } catch (GitAPIException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot read the git status: " + e.getMessage(), e);
    }
  }

  /** Refuses a tree with tracked changes, naming a few of them. */
  public void requireClean(String action) {
    List<String> changes = trackedChanges();
    if (!changes.isEmpty()) {
      String shown = String.join(", ", changes.subList(0, Math.min(3, changes.size())))
          + (changes.size() > 3 ? " and " + (changes.size() - 3) + " more" : "");
      throw ReleaseException.refused("the work tree has uncommitted changes (" + shown + "): commit or stash them before you " + action);
    }
  }

  /**
   * Every tag of ACK's release form, newest version first. One that does not lead to a commit (a
   * tag on a tree or a blob, or on an object this clone lacks) is refused: no command can release it.
   */
  public List<ReleaseTag> releaseTags() {
    try (RevWalk walk = new RevWalk(repository)) {
      List<ReleaseTag> tags = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = ref.getName().substring(Constants.R_TAGS.length());
        Optional<ReleaseVersion> version = ReleaseVersion.tryParseTag(name);
        if (version.isEmpty()) {
          continue;
        }
        RevObject tagged;
        RevObject target;
        try {
          tagged = walk.parseAny(ref.getObjectId());
          target = walk.peel(tagged);
        } catch (MissingObjectException e) {
          throw ReleaseException.refused("tag " + name + " points at " + e.getObjectId().getName() + ", which this clone does"
              + " not have: fetch the tags again (git fetch --tags --force) or delete it (git tag -d " + name + ")");
        }
        if (!(target instanceof RevCommit)) {
          throw ReleaseException.refused("tag " + name + " points at a " + Constants.typeString(target.getType())
              + ", not a commit: delete it (git tag -d " + name + ", and on the remote) and tag the release commit");
        }
        tags.add(new ReleaseTag(name, version.get(), target.copy(), tagged instanceof RevTag));
      }
      tags.sort(Comparator.comparing(ReleaseTag::version).reversed());
      return tags;
    } catch (IOException e) {
      throw io("list tags", e);
    }
  }

  /** The tag with this name, release form or not. */
  public Optional<ReleaseTag> findTag(ReleaseVersion version) {
    return releaseTags().stream().filter(t -> t.version().equals(version)).findFirst();
  }

  /** Whether a ref named {@code refs/tags/<name>} exists, whatever its form. */
  public boolean tagExists(String name) {
    try {
      return repository.exactRef(Constants.R_TAGS + name) != null;
    } catch (IOException e) {
      throw io("read tag " + name, e);
    }
  }

  /** The newest release version among tags reachable from HEAD. */
  public Optional<ReleaseTag> newestReleaseTagReachableFromHead() {
    RevCommit head = head();
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit headInWalk = walk.parseCommit(head);
      for (ReleaseTag tag : releaseTags()) {
        RevCommit tagged = walk.parseCommit(tag.commit());
        if (walk.isMergedInto(tagged, headInWalk)) {
          return Optional.of(tag);
        }
        walk.reset();
      }
      return Optional.empty();
    } catch (IOException e) {
      throw io("walk the history", e);
    }
  }

  /** Release tags that point at HEAD, newest version first. */
  public List<ReleaseTag> releaseTagsAtHead() {
    ObjectId head = head().getId();
    return releaseTags().stream().filter(t -> t.commit().equals(head)).toList();
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

  /**
   * The bytes of a regular file in HEAD's tree, or empty when the path is absent. A symlink or
   * a submodule at that path is refused: what ships must be committed content, never whatever a
   * link points at.
   */
  public Optional<byte[]> fileAtHead(String path) {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, head().getTree())) {
      if (walk == null) {
        return Optional.empty();
      }
      FileMode mode = walk.getFileMode(0);
      if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
        throw ReleaseException.refused(path + " in commit " + head().getName().substring(0, 12) + " is "
            + (mode == FileMode.SYMLINK ? "a symlink" : "not a regular file") + ": commit the file itself");
      }
      return Optional.of(repository.open(walk.getObjectId(0)).getBytes());
    } catch (IOException e) {
      throw io("read " + path + " at HEAD", e);
    }
  }

  /**
   * Writes the directory {@code path} of {@code commit}'s tree to {@code target} (emptied first):
   * what was committed, byte for byte, whatever the work tree holds. A symlink, a submodule or any
   * other entry that is not a regular file is refused (exit 3) naming its path, so content that
   * was never committed (a link to {@code /proc/self/environ}, a file outside the repo) can never
   * be exported. Returns the number of files written; a missing directory is invalid input.
   */
  public int exportTree(ObjectId commit, String path, Path target) {
    return exportTree(commit, path, target, (file, size) -> { }, total -> { });
  }

  /** A check of one exported file's size (its path and size), before it is read. */
  public interface SizeCheck {
    void check(String file, long size);
  }

  /** A check of all exported files' size together, before any is read. */
  public interface TotalCheck {
    void check(long total);
  }

  /**
   * {@link #exportTree(ObjectId, String, Path)} with each file's size checked by {@code perFile}
   * and their sum by {@code total} (e.g. Helm's chart limits) from the object database, before
   * any file is read or written: an oversized blob is refused, never loaded.
   */
  public int exportTree(ObjectId commit, String path, Path target, SizeCheck perFile, TotalCheck total) {
    try (RevWalk revWalk = new RevWalk(repository)) {
      RevCommit c = revWalk.parseCommit(commit);
      ObjectId tree;
      if (path.isEmpty()) {
        tree = c.getTree(); // the repository's root: a chart that is the whole repository (ack-chart)
      } else {
        try (TreeWalk dir = TreeWalk.forPath(repository, path, c.getTree())) {
          if (dir == null || dir.getFileMode(0) != FileMode.TREE) {
            throw ReleaseException.invalidInput(path + "/ is not in commit " + c.abbreviate(12).name()
                + ": commit the chart (ack-release build-artifacts creates one)");
          }
          tree = dir.getObjectId(0);
        }
      }
      {
        long sum = 0;
        try (TreeWalk sizes = new TreeWalk(repository)) {
          sizes.addTree(tree);
          sizes.setRecursive(true);
          while (sizes.next()) {
            if (sizes.getFileMode(0) == FileMode.REGULAR_FILE || sizes.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
              long size = repository.getObjectDatabase().open(sizes.getObjectId(0)).getSize();
              perFile.check(path + "/" + sizes.getPathString(), size);
              sum += size;
            }
          }
        }
        total.check(sum);
        dev.ackrelease.steps.io.Directories.recreate(target);
        int files = 0;
        try (TreeWalk walk = new TreeWalk(repository)) {
          walk.addTree(tree);
          walk.setRecursive(true);
          while (walk.next()) {
            String name = path + "/" + walk.getPathString();
            FileMode mode = walk.getFileMode(0);
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
              throw ReleaseException.refused(name + " in commit " + c.abbreviate(12).name() + " is "
                  + (mode == FileMode.SYMLINK ? "a symlink" : mode == FileMode.GITLINK ? "a submodule" : "not a regular file")
                  + ": a chart ships only committed files; replace it with the file itself, commit, and release a new version");
            }
            Path out = target.resolve(walk.getPathString()).normalize();
            if (!out.startsWith(target)) {
              throw ReleaseException.refused(name + " leaves the chart directory: remove it from the commit");
            }
            Files.createDirectories(out.getParent());
            try (var in = repository.open(walk.getObjectId(0)).openStream()) {
              Files.copy(in, out);
            }
            files++;
          }
        }
        return files;
      }
    } catch (MissingObjectException | CorruptObjectException e) {
      throw damaged("read " + path + "/ of commit " + commit.getName(), e);
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot write " + path + "/ of commit " + commit.getName()
          + " to " + target + " (" + e.getMessage() + "): check that --cache-dir is writable and has space", e);
    }
  }

  /** The id of the tree at {@code path} in {@code commit} ({@code ""} for the root), or empty when absent. */
  public Optional<String> treeId(ObjectId commit, String path) {
    try (RevWalk revWalk = new RevWalk(repository)) {
      RevCommit c = revWalk.parseCommit(commit);
      if (path.isEmpty()) {
        return Optional.of(c.getTree().getName());
      }
      try (TreeWalk walk = TreeWalk.forPath(repository, path, c.getTree())) {
        return walk == null || walk.getFileMode(0) != FileMode.TREE ? Optional.empty() : Optional.of(walk.getObjectId(0).getName());
      }
    } catch (IOException e) {
      throw io("read the tree of " + path, e);
    }
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

  private ReleaseException io(String what, IOException e) {
    if (e instanceof MissingObjectException || e instanceof CorruptObjectException) {
      return damaged(what, e);
    }
    return new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot " + what + " in " + workTree() + ": " + e.getMessage(), e);
  }

  /** An object the history needs is missing or corrupt (a damaged or partial clone): the repository's state, not a bug. */
  private ReleaseException damaged(String what, IOException e) {
    return new ReleaseException(ReleaseException.Kind.REFUSED, "cannot " + what + " in " + workTree() + " (" + e.getMessage()
        + "): the clone is damaged or incomplete; run git fsck, or clone the repository again", e);
  }
}
