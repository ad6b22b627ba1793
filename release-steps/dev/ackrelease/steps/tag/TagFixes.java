package dev.ackrelease.steps.tag;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Files;

/** The command lines tag's refusals suggest, with this run's --controller-dir and --remote where they are needed. */
final class TagFixes {

  private TagFixes() {}

  /**
   * The command lines that make the signed tag where git would sign it (the checks have passed at
   * HEAD): git's annotated tag with the same message, then, for --push, this command again, which
   * pushes an existing annotated tag.
   */
  static String signedTag(TagRelease.Request request, String tagName) {
    String fix = ShellWords.gitIn(request.controllerDir()) + " tag -s -m " + tagName + " " + tagName;
    return request.push() ? fix + " && " + tagPush(request, tagName) : fix;
  }

  /**
   * The command lines that release the version after {@code tagName} from HEAD when the remote has
   * {@code tagName} on another commit: the remote's tag first, in place of the local one when there
   * is one (so the next version follows it); where the repo has helm/, its release files (build-artifacts,
   * then git's commit of what it changed, as prepare commits it); then the tag, pushed as this run
   * would have pushed.
   */
  static String nextVersion(GitRepo repo, TagRelease.Request request, String tagName, boolean localTag) {
    String git = ShellWords.gitIn(request.controllerDir());
    ReleaseVersion next = ReleaseVersion.parseTag(tagName).nextPatch();
    String fetch = (localTag ? git + " tag -d " + tagName + " && " : "") + git + " fetch " + ShellWords.word(request.remote())
        + " tag " + tagName + " && ";
    String tag = tagPush(request, next.tag());
    if (!Files.isDirectory(repo.workTree().resolve("helm"))) {
      return fetch + tag;
    }
    return fetch + ShellWords.releaseCommit(request.controllerDir(), next.tag(), service(repo), "", next.releaseCommitSubject())
        + " && " + tag;
  }

  /** The service for a suggested command line: from the directory or chart name, else a placeholder. */
  static String service(GitRepo repo) {
    try {
      return ControllerLocator.serviceOf(repo.workTree());
    } catch (ReleaseException e) {
      return "<service>";
    }
  }

  private static String tagPush(TagRelease.Request request, String tagName) {
    String remote = request.remote().equals("origin") ? "" : " --remote " + ShellWords.word(request.remote());
    return "ack-release tag " + tagName + " --push" + ShellWords.controllerDirOption(request.controllerDir()) + remote;
  }
}
