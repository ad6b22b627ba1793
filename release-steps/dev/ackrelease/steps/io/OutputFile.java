package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The one rule for every file ack-release writes outside its own work directories ({@code
 * --report}, {@code --oci-layout}, {@code $GITHUB_STEP_SUMMARY}, the chart package and SBOM kept in
 * {@code <cache>/dist}): the target is a new path or an existing regular file (for a directory
 * target: a new path or a directory), never a symlink, device, FIFO or socket (looked at without
 * following links); its parent exists and is a directory; it is neither a file git tracks (nor,
 * for a directory, holds one) in the repository that holds it, nor in a git directory. A file is
 * replaced atomically (a temp file beside it, then a rename), or appended to with one write.
 * Anything else is refused with exit 2 naming the path and why, before anything is written.
 * Callers check at parse time, before the run does anything, and the write checks again.
 */
public final class OutputFile {

  private final Path path;
  private final String name;
  private final String fix;

  private OutputFile(Path path, String name, String fix) {
    this.path = path.toAbsolutePath();
    this.name = name;
    this.fix = fix;
  }

  /** A file the user names with {@code option}, e.g. {@code --report}. */
  public static OutputFile option(String option, Path path) {
    return new OutputFile(path, option, "pass " + option + " a new file in an existing directory, or a regular file git does not track");
  }

  /** {@code name} (e.g. {@code "the SBOM"}) at {@code path}, with the one-line {@code fix} an error names. */
  public static OutputFile named(String name, Path path, String fix) {
    return new OutputFile(path, name, fix);
  }

  /** A file ack-release keeps in its cache directory, e.g. {@code <cache>/dist}. */
  public static OutputFile inCache(String name, Path path) {
    return new OutputFile(path, name, "remove " + path + " (ack-release writes it again), or pass another --cache-dir");
  }

  public Path path() {
    return path;
  }

  /** Refuses (exit 2) a target this rule does not allow to be written as a file; returns its absolute path. */
  public Path check() {
    String type = type();
    if (type != null && !type.equals(FileKind.REGULAR)) {
      throw refuse("it is " + type + (type.equals(FileKind.DIRECTORY) ? " (an output file must not be a directory)" : "")
          + (type.equals(FileKind.SYMLINK) ? ", and ack-release never writes through a link" : ""));
    }
    requireUntracked(false);
    return path;
  }

  /**
   * Refuses (exit 2) a target this rule does not allow to be written as a directory: it must be
   * new or a directory (not a link to one), and hold no file git tracks. Whether an existing
   * directory's content may be replaced is the caller's to decide.
   */
  public Path checkDirectory() {
    String type = type();
    if (type != null && !type.equals(FileKind.DIRECTORY)) {
      throw refuse("it is " + type + ", not a directory" + (type.equals(FileKind.SYMLINK) ? ", and ack-release never writes through a link" : ""));
    }
    requireUntracked(true);
    return path;
  }

  /** Checks the rule, then replaces the file atomically with {@code bytes}. */
  public void write(byte[] bytes) {
    check();
    try {
      AtomicFiles.write(path, bytes);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Checks the rule, then appends {@code bytes} in one write to the end of the file (created when
   * new), opened without following a link.
   */
  public void append(byte[] bytes) {
    check();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** The refusal for {@code why}: one line naming the target, why, and the fix. */
  public ReleaseException refuse(String why) {
    return ReleaseException.invalidInput("cannot write " + name + " " + Echo.value(path.toString()) + ": " + why + "; " + fix);
  }

  private ReleaseException failure(IOException e) {
    if (RunDirectory.isNoSpace(e)) {
      return RunDirectory.noSpace(path.getParent(), e);
    }
    return refuse("the write failed (" + RunDirectory.reason(e) + ")");
  }

  /** What is at the path, not following a link: null when nothing is; the parent checked first. */
  private String type() {
    Path fileName = path.getFileName();
    if (fileName == null || fileName.toString().equals(".") || fileName.toString().equals("..")) {
      throw refuse("it does not name a file or directory");
    }
    Path parent = path.getParent();
    if (!Files.isDirectory(parent)) {
      String shown = Echo.value(parent.toString());
      throw refuse(Files.exists(parent) ? "its parent " + shown + " is not a directory" : "its directory " + shown + " does not exist");
    }
    if (!Files.isWritable(parent)) {
      throw refuse("its directory " + Echo.value(parent.toString()) + " is not writable");
    }
    try {
      return FileKind.of(path, LinkOption.NOFOLLOW_LINKS).orElse(null);
    } catch (IOException e) {
      throw refuse("it cannot be looked at (" + RunDirectory.reason(e) + ")");
    }
  }

  /**
   * Refuses a target inside a git directory, named {@code .git}, or tracked in the index of the
   * repository whose work tree holds it (for a directory: holding a tracked file).
   */
  private void requireUntracked(boolean directory) {
    if (path.getFileName().toString().equals(".git")) {
      throw refuse("it is git's own .git");
    }
    Path real;
    try {
      real = path.getParent().toRealPath().resolve(path.getFileName());
    } catch (IOException e) {
      throw refuse("its directory cannot be resolved (" + RunDirectory.reason(e) + ")");
    }
    // A directory target may itself be a work tree's root: git is looked for from there.
    Path from = directory && Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? real : real.getParent();
    GitConfigPreload.await();
    GitEnvironment.Found found = GitEnvironment.find(from);
    requireUntrackedIn(found.builder(), real, directory);
    if (found.namedBy().isPresent()) {
      // The repository git's variables name, and the one that holds the target as well.
      requireUntrackedIn(new FileRepositoryBuilder().findGitDir(from.toFile()), real, directory);
    }
  }

  private void requireUntrackedIn(FileRepositoryBuilder builder, Path real, boolean directory) {
    if (builder.getGitDir() == null) {
      return;
    }
    try {
      Path gitDir = builder.getGitDir().toPath().toRealPath();
      if (real.startsWith(gitDir)) {
        throw refuse("it is inside the git directory " + gitDir);
      }
      try (Repository repo = builder.setMustExist(true).build()) {
        if (repo.isBare()) {
          return;
        }
        Path workTree = repo.getWorkTree().toPath().toRealPath();
        if (!real.startsWith(workTree)) {
          return;
        }
        String relative = workTree.relativize(real).toString().replace(File.separatorChar, '/');
        DirCache index = repo.readDirCache();
        boolean tracked = directory ? (relative.isEmpty() ? index.getEntryCount() > 0 : index.getEntriesWithin(relative).length > 0)
            : index.findEntry(relative) >= 0;
        if (tracked) {
          throw refuse((directory ? "it holds files git tracks in " : "git tracks it in ") + workTree
              + ", and ack-release never overwrites a committed file");
        }
      }
    } catch (IOException e) {
      throw refuse("git cannot read the repository holding it (" + RunDirectory.reason(e) + ")");
    }
  }
}
