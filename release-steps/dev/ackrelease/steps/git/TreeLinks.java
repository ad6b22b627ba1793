package dev.ackrelease.steps.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Whether an export skips a symlink or a submodule of a commit's tree, decided as Helm decides it
 * on a checkout of that commit, from the commit alone. helm/helm internal/sympath/walk.go
 * {@code symwalk} resolves a symlink ({@code filepath.EvalSymlinks}, then {@code os.Lstat}) and
 * hands pkg/chart/v2/loader/directory.go {@code LoadDir}'s walk the target's type, so whether a
 * directory rule of .helmignore ignores the link depends on what it points at, and a link that
 * resolves to nothing fails {@code helm package} ignored or not. A submodule is a directory in
 * every checkout. Nothing outside the commit is ever looked at: a target the commit cannot
 * answer for (an absolute path, one above the repository's root or inside a submodule) counts
 * as unknown.
 */
final class TreeLinks {

  /** What the export does with the link or submodule. */
  enum Decision {
    /** Skipped: Helm ignores it whatever it points at, never reading it. */
    SKIP,
    /** Not ignored, so Helm would follow it (or read a submodule's checkout): refused. */
    REFUSE,
    /** Ignored by rules for directories or files only, and the target is outside the commit, so its type is unknown. */
    UNKNOWN_TYPE,
    /** Ignored, but it resolves to nothing in the commit, which Helm fails on ("error evaluating symlink"). */
    DANGLING
  }

  /** What a symlink resolves to in the commit, as EvalSymlinks and Lstat resolve it in a checkout. */
  enum Target { FILE, DIRECTORY, DANGLING, UNKNOWN }

  /** Go's limit in filepath.EvalSymlinks ("EvalSymlinks: too many links"). */
  private static final int MAX_LINKS = 255;
  /** Linux's PATH_MAX: no checkout can hold a longer link. */
  private static final int MAX_LINK_TEXT = 4096;

  private TreeLinks() {}

  /**
   * The decision for the symlink or submodule ({@code mode}) at {@code repoPath} of the commit
   * whose tree is {@code root}, at {@code rel} under the exported directory, which {@code skip} is
   * asked about.
   */
  static Decision decide(Repository repository, ObjectId root, String repoPath, String rel, FileMode mode, CommitExport.Skip skip)
      throws IOException {
    if (mode == FileMode.GITLINK) {
      return skip.skips(rel, true) ? Decision.SKIP : Decision.REFUSE;
    }
    boolean asFile = skip.skips(rel, false);
    boolean asDirectory = skip.skips(rel, true);
    if (!asFile && !asDirectory) {
      return Decision.REFUSE;
    }
    return switch (resolve(repository, root, repoPath)) {
      case FILE -> asFile ? Decision.SKIP : Decision.REFUSE;
      case DIRECTORY -> asDirectory ? Decision.SKIP : Decision.REFUSE;
      case DANGLING -> Decision.DANGLING;
      case UNKNOWN -> asFile && asDirectory ? Decision.SKIP : Decision.UNKNOWN_TYPE;
    };
  }

  /**
   * What the symlink at {@code repoPath} resolves to inside the tree {@code root}: Go's
   * path/filepath {@code walkSymlinks} component by component ({@code .} dropped, {@code ..}
   * backing up, each link's text put in place of it, at most 255 links, a file with more path
   * after it an error), then the type of what it ends on.
   */
  static Target resolve(Repository repository, ObjectId root, String repoPath) throws IOException {
    List<String> dest = new ArrayList<>();
    List<FileMode> modes = new ArrayList<>();
    String path = repoPath;
    int links = 0;
    while (true) {
      int start = 0;
      while (start < path.length() && path.charAt(start) == '/') {
        start++;
      }
      int end = start;
      while (end < path.length() && path.charAt(end) != '/') {
        end++;
      }
      if (end == start) {
        break;
      }
      String component = path.substring(start, end);
      boolean more = end < path.length();
      path = path.substring(end);
      if (component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        if (dest.isEmpty()) {
          return Target.UNKNOWN; // above the repository's root: the machine's file system
        }
        dest.remove(dest.size() - 1);
        modes.remove(modes.size() - 1);
        continue;
      }
      if (!modes.isEmpty() && modes.get(modes.size() - 1) == FileMode.GITLINK) {
        return Target.UNKNOWN; // inside a submodule: its checkout, not this commit
      }
      dest.add(component);
      FileMode mode = modeAt(repository, root, String.join("/", dest));
      if (mode == null) {
        return Target.DANGLING;
      }
      if (mode != FileMode.SYMLINK) {
        if (mode != FileMode.TREE && mode != FileMode.GITLINK && more) {
          return Target.DANGLING; // ENOTDIR
        }
        modes.add(mode);
        continue;
      }
      if (++links > MAX_LINKS) {
        return Target.DANGLING;
      }
      String link = linkText(repository, root, String.join("/", dest));
      if (link == null || link.startsWith("/")) {
        return Target.UNKNOWN;
      }
      dest.remove(dest.size() - 1);
      path = link + path;
    }
    if (modes.isEmpty()) {
      return Target.DIRECTORY; // the repository's root
    }
    FileMode last = modes.get(modes.size() - 1);
    if (last == FileMode.TREE || last == FileMode.GITLINK) {
      return Target.DIRECTORY;
    }
    return last == FileMode.REGULAR_FILE || last == FileMode.EXECUTABLE_FILE ? Target.FILE : Target.UNKNOWN;
  }

  private static FileMode modeAt(Repository repository, ObjectId root, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, root)) {
      return walk == null ? null : walk.getFileMode(0);
    }
  }

  /** The link's text, or null when no checkout could hold it (too long, not UTF-8, a NUL in it). */
  private static String linkText(Repository repository, ObjectId root, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, root)) {
      ObjectLoader blob = repository.open(walk.getObjectId(0), Constants.OBJ_BLOB);
      if (blob.getSize() >= MAX_LINK_TEXT) {
        return null;
      }
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(blob.getBytes())).toString();
      return text.indexOf('\0') >= 0 ? null : text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
