package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.notes.Group;
import dev.ackrelease.steps.notes.ReleaseNotes;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.util.Optional;

/**
 * The title and body of a release pull request, in the shape of ACK's
 * (test-infra cd/auto-generate/gh_pr_body_new_release_template.txt): the commit message as the
 * heading, what changes since the last release, what merging starts, and how to decline. Made
 * only from the notes and the versions, so a re-run over the same history writes the same bytes
 * (and GitHub is not asked to change anything).
 */
final class ReleasePrBody {

  /** GitHub refuses a pull request body over 65536 characters. */
  static final int MAX = 65_536;

  private ReleasePrBody() {}

  static String title(ReleaseVersion version) {
    return version.releaseCommitSubject();
  }

  static String body(String service, ReleaseVersion version, Optional<ReleaseVersion> previous, ReleaseBump bump, String why,
      ReleaseNotes notes) {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(title(version)).append("\n\n");
    b.append("This pull request releases `").append(service).append("-controller` **").append(version.tag()).append("**: a ")
        .append(bump.text()).append(" release").append(previous.map(p -> " after `" + p.tag() + "`").orElse(" (the first)"))
        .append(", ").append(why).append(".\n\n");
    b.append("#### Changes").append(previous.map(p -> " since `" + p.tag() + "`").orElse("")).append("\n\n");
    StringBuilder tail = new StringBuilder();
    tail.append("----------\n\n");
    tail.append("NOTE: this pull request increments the release version of `").append(service).append("-controller` from `")
        .append(previous.map(ReleaseVersion::tag).orElse("(none)")).append("` to `").append(version.tag()).append("`.\n\n");
    tail.append("Once it is merged, the merge commit is tagged `").append(version.tag()).append("` (`ack-release tag ")
        .append(version.tag()).append(" --push`), which publishes the image and chart and makes the GitHub release.\n\n");
    tail.append("**Please close this pull request if you do not want release ").append(version.tag()).append(" of `").append(service)
        .append("-controller`.**\n\n");
    tail.append("<!-- ack-release release-pr ").append(version.tag()).append(" -->\n");
    // The notes give way when the body would be longer than GitHub takes (each "#####" is two characters more than "###").
    int room = MAX - b.length() - tail.length() - 1 - 2 * (Group.values().length);
    b.append(notes.markdown(room).replace("\n### ", "\n##### ").replaceFirst("^### ", "##### ")).append('\n');
    b.append(tail);
    return b.toString();
  }

  static String superseded(int number, ReleaseVersion version) {
    return "Superseded by #" + number + ": the next release is " + version.tag() + " (ack-release release-pr).";
  }
}
