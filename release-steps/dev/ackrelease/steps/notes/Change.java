package dev.ackrelease.steps.notes;

import java.util.List;
import java.util.Optional;

/**
 * One change of a release: a pull request (its number, title, author's login and labels, from
 * GitHub; or its number and title as the merge or squash commit says, and the commit's author),
 * or a commit pushed without one. {@code commit}: the commit on the base branch that brought it.
 */
public record Change(Optional<Integer> number, String title, String author, boolean login, List<String> labels, String commit,
    Group group) {

  public Change {
    labels = List.copyOf(labels);
  }

  /** {@code (#12) @alice} or {@code (#12, Alice Smith)} or {@code (abc1234, Alice Smith)}. */
  String reference() {
    String by = author.isEmpty() ? "" : login ? " @" + author : ", " + author;
    if (number.isPresent()) {
      return login ? "(#" + number.get() + ")" + by : "(#" + number.get() + by + ")";
    }
    return "(" + commit.substring(0, Math.min(7, commit.length())) + (login ? ")" + by : by + ")");
  }
}
