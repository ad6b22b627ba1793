package dev.ackrelease.steps.notes;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitHistory;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.ReleaseTag;
import dev.ackrelease.steps.git.ReleaseTags;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.PullRequests;
import dev.ackrelease.steps.github.PullRequests.Pull;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The notes of a release from the clone's history and, with GitHub, its merged pull requests.
 * The range is the previous release tag (the newest older one the release reaches) to the
 * release's tag, or to HEAD while it is not tagged. Each commit of the base branch's own line is a
 * change: a merge commit ("Merge pull request #12 from ...") or a squash commit ("Title (#12)")
 * stands for its pull request, as ACK's controller-release-pr.sh reads them; with GitHub, a pull
 * request is also found by its merge commit (a rebase or fast-forward merge names no number), and
 * its title, author and labels are GitHub's. The release's own pull request ("Release artifacts
 * for release vX.Y.Z") is not a change.
 */
public final class NotesBuilder {

  /** The title of ACK's release pull request and commit. */
  public static final Pattern RELEASE_TITLE = Pattern.compile("^Release artifacts for release v\\d+\\.\\d+\\.\\d+\\b");
  private static final Pattern SQUASH = Pattern.compile("\\s*\\(#(\\d+)\\)$");
  private static final Pattern MERGE = Pattern.compile("^Merge pull request #(\\d+) from \\S+");
  /** How much earlier than the previous tag's commit a pull request merged after it may say it was updated (clock skew). */
  private static final Duration SKEW = Duration.ofDays(1);

  /** The commits a release covers: from after {@code previous} up to {@code end} ({@code tagged}: the release's tag, else HEAD). */
  public record Range(ReleaseVersion version, Optional<ReleaseTag> previous, ObjectId end, boolean tagged) {}

  private final Log log;

  public NotesBuilder(Log log) {
    this.log = log;
  }

  /**
   * The range of {@code version}: up to its tag, or up to HEAD when it is not tagged yet (then it
   * must be newer than every release HEAD reaches, or it is refused: it could never be released from here).
   */
  public static Range range(GitRepo repo, ReleaseVersion version) {
    Optional<ReleaseTag> tag = ReleaseTags.find(repo, version);
    ObjectId end = tag.map(ReleaseTag::commit).orElseGet(() -> repo.head().getId());
    if (tag.isEmpty()) {
      ReleaseTags.newestReachableFromHead(repo).filter(t -> !version.isNewerThan(t.version())).ifPresent(t -> {
        throw ReleaseException.refused(version + " is not tagged, and HEAD already has the release " + t.name()
            + ": pass a released version or the next one (" + t.version().nextPatch() + " or " + t.version().nextMinor() + ")");
      });
    }
    Optional<ReleaseTag> previous = ReleaseTags.all(repo).stream()
        .filter(t -> version.isNewerThan(t.version()) && GitHistory.reaches(repo, end, t.commit())).findFirst();
    return new Range(version, previous, end, tag.isPresent());
  }

  /** The notes of {@code range} in {@code repo}; with {@code github}, its pull requests are read from there. */
  public ReleaseNotes build(GitRepo repo, String service, Range range, Optional<PullRequests> github,
      Optional<GitHubTarget> target) {
    Optional<ObjectId> since = range.previous().map(t -> (ObjectId) t.commit());
    List<GitHistory.Commit> line = GitHistory.firstParent(repo, range.end(), since);
    Map<Integer, Pull> byNumber = new HashMap<>();
    Map<String, Pull> byCommit = new HashMap<>();
    Set<String> inRange = Set.of();
    if (github.isPresent()) {
      inRange = GitHistory.all(repo, range.end(), since);
      Instant after = since.map(s -> GitHistory.time(repo, s).minus(SKEW)).orElse(Instant.EPOCH);
      List<Pull> merged = github.get().closedSince(after).stream().filter(Pull::merged).toList();
      log.info("read " + merged.size() + " merged pull request(s) from GitHub" + range.previous().map(p -> " since " + p.name()).orElse(""));
      merged.forEach(p -> byNumber.put(p.number(), p));
      merged.forEach(p -> p.mergeCommit().ifPresent(c -> byCommit.put(c, p)));
    }
    List<Change> changes = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (GitHistory.Commit c : line) {
      Optional<Integer> number = number(c);
      Optional<Pull> pull = number.map(byNumber::get).or(() -> Optional.ofNullable(byCommit.get(c.id())));
      String title = pull.map(Pull::title).orElseGet(() -> title(c));
      Optional<Integer> n = pull.map(Pull::number).or(() -> number);
      if (RELEASE_TITLE.matcher(title).find() || n.isPresent() && !seen.add(n.get())) {
        continue;
      }
      changes.add(pull.map(p -> change(p, c.id())).orElseGet(() -> new Change(n, title, c.author(), false, List.of(), c.id(),
          Group.of(title, List.of()))));
    }
    // Pull requests merged into the range off the base branch's line (into a branch merged later).
    for (Map.Entry<String, Pull> e : byCommit.entrySet()) {
      Pull p = e.getValue();
      if (inRange.contains(e.getKey()) && !seen.contains(p.number()) && !RELEASE_TITLE.matcher(p.title()).find()) {
        seen.add(p.number());
        changes.add(change(p, e.getKey()));
      }
    }
    String end = range.end().getName();
    Optional<String> compare = target.flatMap(t -> range.previous().map(p -> t.webUrl() + "/compare/" + p.name() + "..."
        + (range.tagged() ? range.version().tag() : end)));
    return new ReleaseNotes(service, range.version().tag(), range.previous().map(ReleaseTag::name), end, range.tagged(),
        github.isPresent(), line.size(), changes, compare);
  }

  private static Change change(Pull p, String commit) {
    return new Change(Optional.of(p.number()), p.title().strip(), p.author(), true, p.labels(), commit, Group.of(p.title(), p.labels()));
  }

  /** The pull request a commit names: a merge commit's "#12", a squash commit's trailing "(#12)". */
  static Optional<Integer> number(GitHistory.Commit c) {
    Matcher merge = MERGE.matcher(c.subject());
    if (merge.find()) {
      return parse(merge.group(1));
    }
    Matcher squash = SQUASH.matcher(c.subject());
    return squash.find() ? parse(squash.group(1)) : Optional.empty();
  }

  /** A merge commit's title is its body's first line (GitHub writes the pull request's title there); a squash commit's, its subject without "(#12)". */
  static String title(GitHistory.Commit c) {
    if (MERGE.matcher(c.subject()).find()) {
      return c.body().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(c.subject());
    }
    return SQUASH.matcher(c.subject()).replaceFirst("").strip();
  }

  private static Optional<Integer> parse(String digits) {
    try {
      return Optional.of(Integer.parseInt(digits));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
