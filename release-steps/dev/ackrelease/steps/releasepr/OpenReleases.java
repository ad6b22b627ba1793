package dev.ackrelease.steps.releasepr;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.github.PullRequests.Pull;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.steps.version.VersionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open release pull requests of a repository: titled "Release artifacts for release vX.Y.Z"
 * (the commit message ACK's release commits carry) from a branch named {@code release-vX.Y.Z}
 * (ack-release's) or ending in it (ACK's bot pushes {@code ack-bot/release-vX.Y.Z}).
 */
final class OpenReleases {

  private static final Pattern TITLE = Pattern.compile("^Release artifacts for release (v\\d+\\.\\d+\\.\\d+)$");

  /** One open release pull request and the version it proposes. */
  record Entry(Pull pull, ReleaseVersion version) {}

  private final List<Entry> entries;

  private OpenReleases(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static OpenReleases read(List<Pull> open) {
    List<Entry> found = new ArrayList<>();
    for (Pull p : open) {
      Matcher m = TITLE.matcher(p.title().strip());
      if (!m.matches()) {
        continue;
      }
      Optional<ReleaseVersion> v = ReleaseVersion.tryParseTag(m.group(1));
      String head = p.headRef();
      if (v.isPresent() && (head.equals("release-" + v.get().tag()) || head.endsWith("/release-" + v.get().tag()))) {
        found.add(new Entry(p, v.get()));
      }
    }
    found.sort(Comparator.comparingInt(e -> e.pull().number()));
    return new OpenReleases(found);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The newest version above {@code version} an open release pull request proposes that may follow {@code last}. */
  Optional<ReleaseVersion> newestAbove(ReleaseVersion version, Optional<ReleaseVersion> last) {
    return entries.stream().map(Entry::version).filter(v -> v.isNewerThan(version)).filter(v -> follows(last, v))
        .max(Comparator.naturalOrder());
  }

  /** The number of the (first) open release pull request for {@code version}. */
  int number(ReleaseVersion version) {
    return entries.stream().filter(e -> e.version().equals(version)).findFirst().orElseThrow().pull().number();
  }

  private static boolean follows(Optional<ReleaseVersion> last, ReleaseVersion v) {
    try {
      VersionPolicy.checkSuccessor(last, v, false);
      return true;
    } catch (ReleaseException e) {
      return false;
    }
  }
}
