package dev.ackrelease.steps.notes;

import dev.ackrelease.steps.Echo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notes of one release: what changed since the previous release tag, grouped into
 * {@link Group}'s sections, in one order whatever order GitHub or git listed them in (pull
 * requests by number, then commits without one in history order). Written as text, Markdown
 * (GitHub renders {@code #12} and {@code @alice} as links) or plain data for JSON.
 *
 * @param tagged whether {@code version}'s tag exists (else the notes run up to HEAD: a release to come)
 * @param fromGitHub whether pull requests were read from GitHub (titles, logins, labels), or only git was
 * @param commits how many commits the range has
 * @param compareUrl GitHub's page comparing the previous release with this one, when the repository is known
 */
public record ReleaseNotes(String service, String version, Optional<String> previous, String commit, boolean tagged,
    boolean fromGitHub, int commits, List<Change> changes, Optional<String> compareUrl) {

  private static final Comparator<Change> ORDER = Comparator.comparing((Change c) -> c.number().isEmpty())
      .thenComparing(c -> c.number().orElse(0));

  public ReleaseNotes {
    List<Change> sorted = new ArrayList<>(changes);
    // Stable: changes without a number keep their history order.
    sorted.sort(ORDER);
    changes = List.copyOf(sorted);
  }

  /** The same changes as the notes of {@code tag}, a release still to be tagged (release-pr reads them before it picks the version). */
  public ReleaseNotes as(String tag) {
    return new ReleaseNotes(service, tag, previous, commit, tagged, fromGitHub, commits, changes, compareUrl);
  }

  /** The changes of one section, in order. */
  public List<Change> of(Group group) {
    return changes.stream().filter(c -> c.group() == group).toList();
  }

  /** The changes carrying {@code label}. */
  public List<Change> labelled(String label) {
    return changes.stream().filter(c -> c.labels().contains(label)).toList();
  }

  private String since() {
    return previous.map(p -> "since " + p).orElse("since the first commit");
  }

  /** Plain text, for a terminal. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(service).append("-controller ").append(version).append(tagged ? "" : " (not tagged yet: up to HEAD)").append(": ")
        .append(changes.size()).append(changes.size() == 1 ? " change " : " changes ").append(since()).append(" (")
        .append(commits).append(commits == 1 ? " commit" : " commits").append(fromGitHub ? ", pull requests from GitHub)" : ", from git)")
        .append('\n');
    for (Group g : Group.values()) {
      List<Change> in = of(g);
      if (!in.isEmpty()) {
        b.append('\n').append(g.title()).append(":\n");
        in.forEach(c -> b.append("  - ").append(Echo.escape(c.title().replaceAll("[\\r\\n]+", " "))).append(' ')
            .append(Echo.escape(c.reference())).append('\n'));
      }
    }
    compareUrl.ifPresent(u -> b.append("\nFull changelog: ").append(u).append('\n'));
    return b.toString();
  }

  /** Markdown sections ({@code ###} headings), for a pull request or a GitHub release body. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    if (changes.isEmpty()) {
      b.append("No changes ").append(since()).append(".\n");
    }
    for (Group g : Group.values()) {
      List<Change> in = of(g);
      if (!in.isEmpty()) {
        b.append(b.length() == 0 ? "" : "\n").append("### ").append(g.title()).append("\n\n");
        in.forEach(c -> b.append("* ").append(escape(c.title())).append(' ').append(Echo.escape(c.reference())).append('\n'));
      }
    }
    compareUrl.ifPresent(u -> b.append("\n**Full changelog**: ").append(u).append('\n'));
    return b.toString();
  }

  /**
   * {@link #markdown()} in at most {@code max} characters (GitHub refuses a longer pull request or
   * release body): whole lines from the top, then a line saying how many changes were left out and
   * how to see them all.
   */
  public String markdown(int max) {
    String all = markdown();
    if (all.length() <= max) {
      return all;
    }
    List<String> lines = all.lines().toList();
    int total = (int) lines.stream().filter(l -> l.startsWith("* ")).count();
    StringBuilder b = new StringBuilder();
    int kept = 0;
    for (String line : lines) {
      boolean change = line.startsWith("* ");
      String note = cutNote(total - kept - (change ? 1 : 0));
      if (b.length() + line.length() + 1 + note.length() > max) {
        break;
      }
      b.append(line).append('\n');
      kept += change ? 1 : 0;
    }
    return b.append(cutNote(total - kept)).toString();
  }

  private String cutNote(int left) {
    return "\n*(" + left + (left == 1 ? " more change" : " more changes") + " not shown, to stay within GitHub's limit: `ack-release"
        + " notes " + version + "` lists them all)*\n";
  }

  /** The notes as plain data (the {@code --output json} document). */
  public Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("service", service);
    data.put("version", version.replaceFirst("^v", ""));
    data.put("tag", version);
    data.put("previous", previous.orElse(null));
    data.put("commit", commit);
    data.put("tagged", tagged);
    data.put("source", fromGitHub ? "github" : "git");
    data.put("commits", commits);
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Group g : Group.values()) {
      List<Map<String, Object>> items = new ArrayList<>();
      for (Change c : of(g)) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("number", c.number().orElse(null));
        item.put("title", c.title());
        item.put("author", c.author());
        item.put("labels", c.labels());
        item.put("commit", c.commit());
        items.add(item);
      }
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("name", g.key());
      section.put("title", g.title());
      section.put("changes", items);
      sections.add(section);
    }
    data.put("sections", sections);
    data.put("compare", compareUrl.orElse(null));
    return data;
  }

  /**
   * A title as one Markdown line: HTML and a leading list or heading marker are not taken as markup;
   * control and bidirectional-format characters are written as escapes, as in text.
   */
  static String escape(String title) {
    return Echo.escape(title.replace("<", "&lt;").replace(">", "&gt;").replaceAll("[\\r\\n]+", " ")
        .replaceFirst("^([#>*+-])", "\\\\$1"));
  }
}
